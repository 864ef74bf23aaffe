// The ledger behind the fast clock, on real sockets: bytes for a paused (suspended) reader are
// parked in kernel buffers, the kernel's signal fires, and nothing is lost.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { TrafficLedger, type TrackedSocket } from '../../electron/engine/net/traffic-ledger.ts';

async function pair(ledger: TrafficLedger, onParked: (what: string) => void) {
  const received: string[] = [];
  let serverTs!: TrackedSocket;
  let clientTs!: TrackedSocket;
  const ready = new Promise<void>((resolve) => {
    let n = 0;
    const one = () => ++n === 2 && resolve();
    const server = net.createServer((s) => {
      ledger.adopt(s, 'server', { onReady: (ts) => ((serverTs = ts), one()), onData: () => {}, onClose: () => {} });
      server.close();
    });
    server.listen(0, '127.0.0.1', () => {
      const done = ledger.begin();
      const c = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1', () => {
        done();
        ledger.adopt(c, 'client', {
          onReady: (ts) => ((clientTs = ts), one()),
          onData: (d) => received.push(d.toString('latin1')),
          onClose: () => {},
          onParked: onParked,
        });
      });
    });
  });
  await ready;
  return { serverTs, clientTs, received };
}

const idle = (ledger: TrafficLedger) => new Promise<void>((r) => (ledger.onIdle = r));

test('bytes written to a paused reader are parked, signalled, and delivered on resume', async () => {
  const ledger = new TrafficLedger();
  const signals: string[] = [];
  const { serverTs, clientTs, received } = await pair(ledger, (w) => signals.push(w));
  assert.equal(ledger.busy(), false);
  clientTs.pause();
  serverTs.write('PING 1\n');
  assert.deepEqual(signals, ['data'], 'the kernel tells a sleeping app that data arrived');
  assert.equal(ledger.busy(), false, 'parked bytes do not hold the clock');
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(received, [], 'a suspended app reads nothing');
  const settled = idle(ledger);
  clientTs.resume();
  assert.equal(ledger.busy(), true, 'once resumed the bytes are in flight again');
  await settled;
  assert.deepEqual(received.join(''), 'PING 1\n');
  serverTs.end();
  assert.deepEqual(signals, ['data'], 'not paused any more: no signal for the close');
  assert.equal(ledger.busy(), true);
  await idle(ledger);
  assert.equal(ledger.busy(), false, 'both sides saw the close');
});

test('a close toward a paused reader is parked and signalled as a close', async () => {
  const ledger = new TrafficLedger();
  const signals: string[] = [];
  const { serverTs, clientTs } = await pair(ledger, (w) => signals.push(w));
  clientTs.pause();
  serverTs.reset();
  assert.deepEqual(signals, ['close']);
  clientTs.socket.destroy();
});
