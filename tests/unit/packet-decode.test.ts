// Link-layer and IP decoding on hand-built frames: IPv6 with an extension header, VLAN tags,
// BSD null in either byte order, IPv6 address text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTcp, formatAddress, LINKTYPE, newSegment, TCP_PSH, TCP_ACK } from '../../shared/capture/packet-decode.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';

function ipv6Tcp(payload: number, withHopByHop: boolean): Uint8Array {
  const ext = withHopByHop ? 8 : 0;
  const b = new Uint8Array(40 + ext + 20 + payload);
  const v = new DataView(b.buffer);
  b[0] = 0x60;
  v.setUint16(4, ext + 20 + payload);
  b[6] = withHopByHop ? 0 : 6;
  b[7] = 64;
  b.set([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], 8);
  b.set([0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2], 24);
  if (withHopByHop) b[40] = 6; // next header TCP, length 0 → 8 bytes
  v.setUint16(40 + ext, 51000);
  v.setUint16(42 + ext, 443);
  b[52 + ext] = 5 << 4;
  b[53 + ext] = TCP_ACK | TCP_PSH;
  return b;
}

test('IPv6 over Ethernet, with and without a hop-by-hop header', () => {
  for (const hbh of [false, true]) {
    const ip = ipv6Tcp(11, hbh);
    const frame = new Uint8Array(14 + ip.length);
    frame.set([0x86, 0xdd], 12);
    frame.set(ip, 14);
    const s = newSegment();
    assert.ok(decodeTcp(LINKTYPE.ETHERNET, frame, 0, frame.length, s));
    assert.equal(s.v6, true);
    assert.equal(s.payloadLen, 11);
    assert.equal(s.sport, 51000);
    assert.equal(formatAddress(frame, s.srcOff, true), '2001:db8::1');
    assert.equal(formatAddress(frame, s.dstOff, true), '2001:db8:1::2');
  }
});

test('VLAN-tagged Ethernet and BSD null in both byte orders', () => {
  const ip = ipv4Tcp([10, 0, 0, 1], [10, 0, 0, 2], 1234, 80, 1, 1, TCP_ACK, new Uint8Array(5));
  const vlan = new Uint8Array(18 + ip.length);
  vlan.set([0x81, 0x00, 0x00, 0x07, 0x08, 0x00], 12);
  vlan.set(ip, 18);
  const s = newSegment();
  assert.ok(decodeTcp(LINKTYPE.ETHERNET, vlan, 0, vlan.length, s));
  assert.equal(s.payloadLen, 5);
  for (const fam of [[2, 0, 0, 0], [0, 0, 0, 2]]) {
    const f = new Uint8Array(4 + ip.length);
    f.set(fam, 0);
    f.set(ip, 4);
    assert.ok(decodeTcp(LINKTYPE.NULL, f, 0, f.length, s));
    assert.equal(formatAddress(f, s.dstOff, false), '10.0.0.2');
  }
  assert.equal(decodeTcp(LINKTYPE.NULL, Uint8Array.of(7, 0, 0, 0, ...ip), 0, ip.length + 4, s), false, 'not IP');
  assert.equal(decodeTcp(999, ip, 0, ip.length, s), false, 'unknown link type');
  assert.equal(decodeTcp(LINKTYPE.RAW, ip, 0, 30, s), false, 'cut inside the TCP header');
});
