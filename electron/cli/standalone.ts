// `lifeline server` and `lifeline nat`: the engine's components in real time, so a real phone or
// any TCP client (nc) can be pointed at them. They face real, possibly hostile peers, so they run
// with the service limits (docs/services.md "Limits"); simulations run the same components without them.
import fs from 'node:fs';
import { RealtimeClock } from '../engine/clock/realtime-clock.ts';
import { OpenWire } from '../engine/net/traffic-ledger.ts';
import { HeartbeatServer } from '../engine/net/heartbeat-server.ts';
import { NatBox } from '../engine/net/nat-box.ts';
import { Recorder } from '../engine/recorder.ts';
import { hostPort, num, oneOf, parseArgs, str, UsageError } from './args.ts';
import { NAT, SERVER } from './command-specs.ts';
import { echo } from '../../shared/util/one-line.ts';
import { migrateNatExpiry, NAT_EXPIRY_NAMES } from '../../shared/scenario/scenario.ts';
import { warnIfExposed } from './exposure.ts';
import { untilStopSignal, withDeadline } from './stop-signal.ts';

interface Component {
  start(): Promise<void>;
  stop(): Promise<void>;
  readonly address: string;
}

/**
 * The soft limit on open files (Linux /proc; elsewhere unknown). Connections past it fail in
 * accept() with EMFILE; the default --max-connections stays under it with a margin instead.
 */
function openFileLimit(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : Infinity;
  } catch {
    return Infinity;
  }
}

/** Descriptors kept free for the log, the listening socket, Node itself. */
const FD_MARGIN = 64;

/** Default --max-connections: 10,000, or what the fd limit allows at `fdsEach` descriptors a connection. */
function defaultMaxConnections(fdsEach: number): number {
  return Math.max(1, Math.min(SERVICE_DEFAULTS.maxConnections, Math.floor((openFileLimit() - FD_MARGIN) / fdsEach)));
}

/** Service defaults (docs/services.md "Limits"). */
export const SERVICE_DEFAULTS = {
  maxConnections: 10_000,
  helloTimeoutSec: 10,
  idleTimeoutSec: 600,
  releaseExpiredSec: 120,
  lingerSec: 5,
};

async function serveUntilSignal(make: (clock: RealtimeClock, rec: Recorder, wire: OpenWire) => Component, logPath: string | undefined, lingerSec: number, what: string): Promise<number> {
  const clock = new RealtimeClock(1);
  const rec = new Recorder(clock);
  const wire = new OpenWire(lingerSec * 1000);
  let fd = -1;
  if (logPath) {
    try {
      fd = fs.openSync(logPath, 'a');
    } catch (e) {
      throw new UsageError(`--log ${echo(logPath)}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    rec.addSink((e) => {
      if (fd < 0) return;
      try {
        fs.writeSync(fd, JSON.stringify(e) + '\n');
      } catch (err) {
        console.error(`lifeline: --log ${echo(logPath)}: cannot write (${(err as NodeJS.ErrnoException).code ?? String(err)}); logging stops`);
        fd = -1;
      }
    });
  }
  const c = make(clock, rec, wire);
  try {
    await c.start();
  } catch (e) {
    console.error(`lifeline: cannot listen: ${(e as Error).message}`);
    return 1;
  }
  // The handlers are in place before the line that says it is up: whoever reads it (a supervisor,
  // a test) may send SIGTERM at once and get a clean stop, not the default kill.
  const stopSignal = untilStopSignal();
  console.log(`listening on ${c.address}`);
  warnIfExposed(c.address.replace(/:\d+$/, ''), what);
  const running = clock.run(Infinity);
  await stopSignal;
  clock.stop();
  await running;
  // Stuck peers (not reading, never closing) must not hold the stop: every socket goes now.
  wire.closeAll();
  await withDeadline(c.stop());
  // The log stays open until the process exits: sockets report their close after stop() resolves,
  // and those events belong in the log (closing it here lost them and crashed on EBADF).
  return 0;
}

const count = (args: ReturnType<typeof parseArgs>, name: string, dflt: number) => num(args, name, { min: 1, integer: true }) ?? dflt;
const secs = (args: ReturnType<typeof parseArgs>, name: string, dflt: number) => num(args, name, { min: 0.001 }) ?? dflt;

export function runServer(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SERVER);
  if (args.positional.length) throw new UsageError(`server takes no positional arguments (got "${echo(args.positional[0]!)}")`);
  const opts = {
    host: str(args, 'host') ?? '127.0.0.1',
    port: num(args, 'port', { min: 0, max: 65535, integer: true }) ?? 0,
    heartbeatSec: num(args, 'heartbeat', { min: 0.001 }) ?? null,
    pushEverySec: num(args, 'push-every', { min: 0.001 }) ?? null,
    deadAfterMissed: num(args, 'dead-after', { min: 1, integer: true }) ?? 2,
    restartDownSec: 0,
    service: {
      helloTimeoutSec: secs(args, 'hello-timeout', SERVICE_DEFAULTS.helloTimeoutSec),
      idleTimeoutSec: secs(args, 'idle-timeout', SERVICE_DEFAULTS.idleTimeoutSec),
      maxConnections: count(args, 'max-connections', defaultMaxConnections(1)),
    },
  };
  const linger = secs(args, 'linger', SERVICE_DEFAULTS.lingerSec);
  return serveUntilSignal((clock, rec, wire) => new HeartbeatServer(opts, clock, wire, rec), str(args, 'log'), linger, 'the heartbeat server');
}

export function runNat(argv: string[]): Promise<number> {
  const args = parseArgs(argv, NAT);
  if (args.positional.length) throw new UsageError(`nat takes no positional arguments (got "${echo(args.positional[0]!)}")`);
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
    // The standalone box's default is unchanged: the device's next packet on a forgotten flow gets a RST.
    onExpiry: migrateNatExpiry(oneOf(args, 'on-expiry', NAT_EXPIRY_NAMES) ?? 'reset-inside'),
    refreshOn: oneOf(args, 'refresh-on', ['both', 'outbound'] as const) ?? 'both',
    service: {
      // Two descriptors a flow: the device side and the server side.
      maxConnections: count(args, 'max-connections', defaultMaxConnections(2)),
      releaseExpiredSec: secs(args, 'release-expired', SERVICE_DEFAULTS.releaseExpiredSec),
    },
  };
  const linger = secs(args, 'linger', SERVICE_DEFAULTS.lingerSec);
  return serveUntilSignal((clock, rec, wire) => new NatBox(opts, clock, wire, rec), str(args, 'log'), linger, 'the NAT box');
}
