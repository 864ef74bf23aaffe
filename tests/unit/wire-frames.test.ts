// Splitting your own server's byte streams into frames (electron/engine/own/): whole frames with
// their exact bytes however the stream is cut, passwords blanked, and a clear problem for bytes
// that are not the protocol. The bytes come from the libraries that write them (mqtt-packet, ws).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generate } from 'mqtt-packet';
import * as wsModule from 'ws';
import { framesOf } from '../../electron/engine/own/frames-of.ts';
import type { WireFrame } from '../../electron/engine/own/wire-frames.ts';
import { parsePush } from '../../electron/engine/own/wire-frames.ts';

/** ws's frame writer (exported by ws, not typed by @types/ws). */
const { Sender } = wsModule as unknown as { Sender: { frame(data: Buffer, o: { fin: boolean; opcode: number; mask: boolean; readOnly: boolean; rsv1: boolean }): Buffer[] } };

/** Feeds `bytes` in pieces of `step` bytes and collects every frame. */
function split(kind: 'mqtt' | 'ws', writer: 'client' | 'server', bytes: Buffer, step: number): WireFrame[] {
  const s = framesOf(kind, writer);
  const out: WireFrame[] = [];
  for (let i = 0; i < bytes.length; i += step) out.push(...s.push(bytes.subarray(i, i + step)));
  assert.equal(s.problem, null);
  return out;
}

const connect = generate({ cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: 'app', keepalive: 60, username: 'alice', password: Buffer.from('hunter2') });
const subscribe = generate({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: 'lifeline/x/push', qos: 1 }] });
const big = generate({ cmd: 'publish', topic: 't', payload: '7 ' + 'x'.repeat(300), qos: 1, messageId: 9, retain: false, dup: false });

test('MQTT: packets come out whole with their bytes, however the stream is cut', () => {
  const stream = Buffer.concat([connect, subscribe, generate({ cmd: 'pingreq' }), big]);
  for (const step of [1, 3, 17, stream.length]) {
    const frames = split('mqtt', 'client', stream, step);
    assert.deepEqual(frames.map((f) => f.label), ['CONNECT', 'SUBSCRIBE', 'PINGREQ', 'PUBLISH'], `step ${step}`);
    assert.equal(Buffer.concat(frames.slice(1).map((f) => f.raw)).toString('hex'), Buffer.concat([subscribe, generate({ cmd: 'pingreq' }), big]).toString('hex'));
    assert.equal(frames[0]!.raw.length, connect.length);
  }
});

test('MQTT: a CONNECT keeps no password in its line or its bytes', () => {
  const [f] = split('mqtt', 'client', connect, connect.length);
  assert.equal(f!.line, 'CONNECT app keep-alive 60 s, clean session, user alice');
  assert.ok(!f!.raw.includes('hunter2'));
  assert.ok(f!.raw.includes('*******'));
  assert.ok(connect.includes('hunter2'), 'the packet sent still carries it');
});

test('MQTT: CONNACK codes are named, and a peer that is no broker is a problem quoting what it sent', () => {
  const [f] = split('mqtt', 'server', generate({ cmd: 'connack', returnCode: 5, sessionPresent: false }), 4);
  assert.equal(f!.line, 'CONNACK 5 (not authorized)');
  const s = framesOf('mqtt', 'server');
  assert.deepEqual(s.push(Buffer.from('ERR unknown verb\n')), []);
  assert.match(s.problem!, /^it sent "ERR unknown verb", which is no MQTT packet \(mqtt-packet: /);
});

test('WebSocket: the upgrade, then frames with their exact bytes, masked or not', () => {
  const upgrade = Buffer.from('GET /device HTTP/1.1\r\nHost: h\r\nAuthorization: Basic YWxpY2U6aHVudGVyMg==\r\nUpgrade: websocket\r\n\r\n');
  const text = Buffer.concat(Sender.frame(Buffer.from('ACK 3'), { fin: true, opcode: 1, mask: true, readOnly: false, rsv1: false }));
  const ping = Buffer.concat(Sender.frame(Buffer.alloc(0), { fin: true, opcode: 9, mask: true, readOnly: false, rsv1: false }));
  const stream = Buffer.concat([upgrade, text, ping]);
  for (const step of [1, 5, stream.length]) {
    const frames = split('ws', 'client', stream, step);
    assert.deepEqual(frames.map((f) => [f.label, f.line]), [['UPGRADE', 'GET /device HTTP/1.1'], ['TEXT', 'TEXT ACK 3'], ['PING', 'PING']], `step ${step}`);
    assert.equal(frames[1]!.raw.toString('hex'), text.toString('hex'), 'the masked bytes as sent');
    assert.equal(frames[2]!.raw.toString('hex'), ping.toString('hex'));
    assert.ok(!frames[0]!.raw.includes('YWxpY2U6aHVudGVyMg'), 'no credentials');
    assert.equal(frames[0]!.raw.length, upgrade.length);
  }
  const down = Buffer.concat([Buffer.from('HTTP/1.1 101 Switching Protocols\r\n\r\n'), ...Sender.frame(Buffer.from('4 ' + 'y'.repeat(200)), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false })]);
  const [up, msg] = split('ws', 'server', down, 7);
  assert.equal(up!.line, 'HTTP/1.1 101 Switching Protocols');
  assert.equal(msg!.raw.length, 2 + 2 + 202);
  const bad = framesOf('ws', 'server');
  bad.push(Buffer.from('HTTP/1.1 101 Switching Protocols\r\n\r\n'));
  bad.push(Buffer.from([0x81, 0x85, 1, 2, 3, 4, 5]));
  assert.match(bad.problem!, /which is no WebSocket frame \(ws: Invalid WebSocket frame: MASK must be clear/);
});

test('a push is `<id> <text>`; anything else is not one of Lifeline’s', () => {
  assert.deepEqual(parsePush('12 you have mail'), { id: 12, text: 'you have mail' });
  assert.deepEqual(parsePush('3 '), { id: 3, text: '' });
  assert.equal(parsePush('hello'), null);
  assert.equal(parsePush('012 x'), null);
});
