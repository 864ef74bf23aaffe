import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineSplitter, parseLine, formatMessage, verbOf } from '../../shared/model/protocol.ts';

test('parseLine accepts every verb of the protocol and round-trips through formatMessage', () => {
  for (const line of ['HELLO dev-1', 'WELCOME', 'PING 0', 'PONG 42', 'PUSH 3 hello world', 'ACK 3', 'ERR too long']) {
    const r = parseLine(line);
    assert.ok(r.ok, line);
    assert.equal(formatMessage(r.message), line + '\n');
  }
});

test('parseLine refuses unknown, malformed and non-ASCII lines with a reason', () => {
  const bad: [string, RegExp][] = [
    ['HELO x', /unknown verb/], ['PING', /sequence number/], ['PING -1', /sequence number/], ['PING 01', /sequence number/],
    ['PUSH x', /id and a text/], ['HELLO', /device id/], ['PING 1\r', /control/], ['PING é', /non-ASCII/], ['WELCOME x', /nothing after/],
  ];
  for (const [line, why] of bad) {
    const r = parseLine(line);
    assert.equal(r.ok, false, line);
    if (!r.ok) assert.match(r.reason, why);
  }
});

test('LineSplitter joins lines across chunks and flags a line over 1024 bytes', () => {
  const s = new LineSplitter();
  assert.deepEqual(s.push('PI'), []);
  assert.deepEqual(s.push('NG 1\nPONG 2\nPU'), ['PING 1', 'PONG 2']);
  assert.deepEqual(s.push('SH 1 x\n'), ['PUSH 1 x']);
  const long = new LineSplitter();
  long.push('x'.repeat(1023));
  assert.equal(long.tooLong, false, '1023 bytes + newline is exactly the limit');
  assert.deepEqual(long.push('\n'), ['x'.repeat(1023)]);
  long.push('y'.repeat(1100));
  assert.equal(long.tooLong, true);
  assert.equal(verbOf('PING 1'), 'PING');
  assert.equal(verbOf('\x00zz'), '?');
});

test('IDLE <ms> (lifeline probe) parses, round-trips, and is bounded', () => {
  assert.deepEqual(parseLine('IDLE 2500'), { ok: true, message: { verb: 'IDLE', ms: 2500 } });
  assert.equal(formatMessage({ verb: 'IDLE', ms: 2500 }), 'IDLE 2500\n');
  assert.equal(parseLine('IDLE 0').ok, false);
  assert.equal(parseLine('IDLE 86400001').ok, false);
  assert.equal(parseLine('IDLE soon').ok, false);
});
