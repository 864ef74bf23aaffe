// The device against a server that breaks the protocol: it drops the connection and reconnects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { DeviceApp } from '../../electron/engine/device/device-app.ts';
import { OpenWire } from '../../electron/engine/net/traffic-ledger.ts';
import { RealtimeClock } from '../../electron/engine/clock/realtime-clock.ts';
import { Recorder } from '../../electron/engine/recorder.ts';
import { scenario } from '../helpers/run.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

test('a garbage line from the server closes the connection (EPROTO) and the app reconnects', async () => {
  let accepted = 0;
  const server = net.createServer((s) => {
    accepted++;
    s.on('error', () => {});
    if (accepted === 1) s.write('\x00\x01 garbage\n');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const clock = new RealtimeClock(100);
  const rec = new Recorder(clock);
  const events: LifelineEvent[] = [];
  rec.addSink((e) => events.push(e));
  const s = scenario({ app: { reconnect: { initialSec: 1, maxSec: 4 } } });
  const device = new DeviceApp(s, clock, new OpenWire(), rec, { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port, deviceId: 'd' });
  const running = clock.run(60_000);
  device.launch('launch');
  const deadline = Date.now() + 5000;
  while (accepted < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  clock.stop();
  await running;
  device.shutdown();
  server.close();
  const closed = events.find((e) => e.kind === 'conn' && e.op === 'closed');
  assert.deepEqual(closed && closed.kind === 'conn' ? [closed.cause, closed.errno] : null, ['error', 'EPROTO']);
  assert.equal(accepted, 2, 'reconnected after the backoff');
});
