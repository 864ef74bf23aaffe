// A packet keeps the head of its TCP payload: exactly the payload's bytes (not the Ethernet
// padding after a short segment), at most PAYLOAD_HEAD_BYTES, and what a snaplen left of it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTcp, newSegment, TCP_ACK, TCP_PSH } from '../../shared/capture/packet-decode.ts';
import { PAYLOAD_HEAD_BYTES, payloadHead } from '../../shared/capture/payload-head.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';

const LINKTYPE_ETHERNET = 1;

function ethernetFrame(payload: string): Uint8Array {
  const ip = ipv4Tcp([10, 0, 0, 2], [10, 0, 0, 1], 50000, 7000, 1, 1, TCP_ACK | TCP_PSH, new Uint8Array([...payload].map((c) => c.charCodeAt(0))));
  // A frame under Ethernet's 60-byte minimum is padded with bytes that are not the payload.
  const f = new Uint8Array(Math.max(60, 14 + ip.length)).fill(0xee);
  f.set([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00]);
  f.set(ip, 14);
  return f;
}

/** `wireLen`: the frame's length on the wire, where the capture kept less (snaplen). */
function head(frame: Uint8Array, wireLen = frame.length): string {
  const seg = newSegment();
  assert.ok(decodeTcp(LINKTYPE_ETHERNET, frame, 0, frame.length, seg, wireLen));
  return payloadHead(seg, frame);
}

test('payload head: a short segment gives its own bytes, not the Ethernet padding', () => {
  assert.equal(head(ethernetFrame('HI\n')), 'HI\n');
  assert.equal(head(ethernetFrame('')), '');
});

test('payload head: a long payload keeps its first PAYLOAD_HEAD_BYTES bytes, a cut frame what was captured', () => {
  const long = 'PUSH 1 ' + 'x'.repeat(300) + '\n';
  assert.equal(head(ethernetFrame(long)), long.slice(0, PAYLOAD_HEAD_BYTES));
  // A snaplen of 64 keeps 14 + 40 header bytes and 10 of the payload.
  const whole = ethernetFrame(long);
  assert.equal(head(whole.subarray(0, 64), whole.length), long.slice(0, 10));
});
