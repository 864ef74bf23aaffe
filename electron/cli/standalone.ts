// `lifeline server` and `lifeline nat`: the engine's components in real time, so a real phone or
// any TCP client (nc) can be pointed at them.
import fs from 'node:fs';
import { RealtimeClock } from '../engine/clock/realtime-clock.ts';
import { OpenWire } from '../engine/net/traffic-ledger.ts';
import { HeartbeatServer } from '../engine/net/heartbeat-server.ts';
import { NatBox } from '../engine/net/nat-box.ts';
import { Recorder } from '../engine/recorder.ts';
import { hostPort, num, oneOf, parseArgs, str, UsageError } from './args.ts';
import { NAT, SERVER } from './command-specs.ts';

interface Component {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly address: string;
}

async function serveUntilSignal(make: (clock: RealtimeClock, rec: Recorder) => Component, logPath: string | undefined): Promise<number> {
  const clock = new RealtimeClock(1);
  const rec = new Recorder(clock);
  let fd = -1;
  if (logPath) {
    try {
      fd = fs.openSync(logPath, 'a');
    } catch (e) {
      throw new UsageError(`--log ${logPath}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    rec.addSink((e) => fs.writeSync(fd, JSON.stringify(e) + '\n'));
  }
  const c = make(clock, rec);
  try {
    await c.start();
  } catch (e) {
    console.error(`lifeline: cannot listen: ${(e as Error).message}`);
    return 1;
  }
  console.log(`listening on ${c.address}`);
  const running = clock.run(Infinity);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  clock.stop();
  await running;
  await c.stop();
  // The log stays open until the process exits: sockets report their close after stop() resolves,
  // and those events belong in the log (closing it here lost them and crashed on EBADF).
  return 0;
}

export function runServer(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SERVER);
  if (args.positional.length) throw new UsageError(`server takes no positional arguments (got "${args.positional[0]}")`);
  const opts = {
    host: str(args, 'host') ?? '127.0.0.1',
    port: num(args, 'port', { min: 0, max: 65535, integer: true }) ?? 0,
    heartbeatSec: num(args, 'heartbeat', { min: 0.001 }) ?? null,
    pushEverySec: num(args, 'push-every', { min: 0.001 }) ?? null,
    deadAfterMissed: num(args, 'dead-after', { min: 1, integer: true }) ?? 2,
    restartDownSec: 0,
  };
  return serveUntilSignal((clock, rec) => new HeartbeatServer(opts, clock, new OpenWire(), rec), str(args, 'log'));
}

export function runNat(argv: string[]): Promise<number> {
  const args = parseArgs(argv, NAT);
  if (args.positional.length) throw new UsageError(`nat takes no positional arguments (got "${args.positional[0]}")`);
  const listen = str(args, 'listen');
  const target = str(args, 'target');
  const idle = num(args, 'idle-timeout', { min: 0.001 });
  if (!listen) throw new UsageError('nat needs --listen [HOST:]PORT');
  if (!target) throw new UsageError('nat needs --target HOST:PORT');
  if (idle === undefined) throw new UsageError('nat needs --idle-timeout SEC');
  const l = hostPort(listen, 'listen');
  const t = hostPort(target, 'target');
  const opts = {
    listenHost: l.host,
    listenPort: l.port,
    targetHost: t.host,
    targetPort: t.port,
    idleTimeoutSec: idle,
    onExpiry: oneOf(args, 'on-expiry', ['silent-drop', 'reset'] as const) ?? 'silent-drop',
    refreshOn: oneOf(args, 'refresh-on', ['both', 'outbound'] as const) ?? 'both',
  };
  return serveUntilSignal((clock, rec) => new NatBox(opts, clock, new OpenWire(), rec), str(args, 'log'));
}
