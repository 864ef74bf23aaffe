// The capture view's packet pane and Follow stream, without a page: which packet the cursor is on,
// frame numbers that count a skipped interface's packets (as tshark numbers frames), relative
// sequence numbers as Wireshark makes them, the bytes pane's rows, the 96-byte cut, and pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCaptureFrom, type ByteSource } from '../../shared/capture/capture-blocks.ts';
import { forEachPacketOf, scanConnections } from '../../shared/capture/capture-passes.ts';
import { interfaceBlock, packetBlock, sectionHeader } from '../../shared/capture/pcapng-blocks.ts';
import type { ConnPacket } from '../../shared/capture/capture-analysis.ts';
import { LINKTYPE, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { cutNote, FOLLOW_PAGE, followPageOf, hexRows, packetIndexAt, payloadIndices, relativeTo, sequenceBases, tcpFlagNames } from '../../shared/capture/packet-view.ts';
import { PAYLOAD_HEAD_BYTES } from '../../shared/capture/payload-head.ts';

const C = [10, 0, 0, 2];
const S = [10, 0, 0, 1];
const enc = (s: string) => new TextEncoder().encode(s);

function memory(bytes: Uint8Array, name = 'mem.pcapng'): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (into, at, length, position) => {
      const n = Math.max(0, Math.min(length, bytes.length - position));
      into.set(bytes.subarray(position, position + n), at);
      return n;
    },
  };
}

/** Raw IP on interface 0, and packets of an interface of a link type Lifeline skips (147) between. */
function capture(): Uint8Array {
  const t = (s: number) => 1_700_000_000e6 + s * 1e6;
  return Buffer.concat([
    sectionHeader('test'),
    interfaceBlock(LINKTYPE.RAW, 'raw', ''),
    interfaceBlock(147, 'user0', ''),
    packetBlock(1, t(0), Uint8Array.from([1, 2, 3])),
    packetBlock(0, t(1), ipv4Tcp(C, S, 40000, 4000, 1000, 0, TCP_SYN, new Uint8Array(0))),
    packetBlock(0, t(1.5), ipv4Tcp(S, C, 4000, 40000, 5000, 1001, TCP_SYN | TCP_ACK, new Uint8Array(0))),
    packetBlock(1, t(2), Uint8Array.from([4, 5, 6])),
    packetBlock(0, t(3), ipv4Tcp(C, S, 40000, 4000, 1001, 5001, TCP_ACK | TCP_PSH, enc('PING 1\n'))),
    packetBlock(0, t(4), ipv4Tcp(S, C, 4000, 40000, 5001, 1008, TCP_ACK | TCP_PSH, new Uint8Array(200).fill(0x41))),
    packetBlock(0, t(5), ipv4Tcp(C, S, 40000, 4000, 1008, 5201, TCP_ACK | TCP_FIN, new Uint8Array(0))),
  ]);
}

async function connectionPackets(bytes: Uint8Array): Promise<ConnPacket[]> {
  const src = memory(bytes);
  const { table } = await scanConnections(src);
  const out: ConnPacket[] = [];
  await forEachPacketOf(src, table, 1, (p) => out.push(p));
  return out;
}

test('frames are numbered as tshark numbers them: a skipped interface\'s packets count', async () => {
  const frames: number[] = [];
  await readCaptureFrom(memory(capture()), (p) => frames.push(p.frame));
  assert.deepEqual(frames, [2, 3, 5, 6, 7]);
  assert.deepEqual((await connectionPackets(capture())).map((p) => p.frame), [2, 3, 5, 6, 7]);
});

test('the packet at the cursor, flags, and sequence numbers relative as Wireshark makes them', async () => {
  const ps = await connectionPackets(capture());
  assert.equal(packetIndexAt(ps, -1), -1);
  assert.equal(packetIndexAt(ps, 0), 0);
  assert.equal(packetIndexAt(ps, 499.999), 0);
  assert.equal(packetIndexAt(ps, 500), 1);
  assert.equal(packetIndexAt(ps, 1e9), ps.length - 1);
  assert.deepEqual(ps.map((p) => tcpFlagNames(p.flags).join(',')), ['SYN', 'SYN,ACK', 'PSH,ACK', 'PSH,ACK', 'FIN,ACK']);
  const base = sequenceBases(ps);
  assert.deepEqual(base, { up: 1000, down: 5000 });
  const other = (d: 'up' | 'down') => (d === 'up' ? 'down' : 'up');
  assert.deepEqual(ps.map((p) => relativeTo(p.seq, base[p.dir])), [0, 0, 1, 1, 8]);
  // The first SYN carries no ACK; the rest acknowledge the other side relative to its base.
  assert.deepEqual(ps.slice(1).map((p) => relativeTo(p.ack, base[other(p.dir)])), [1, 1, 8, 201]);
  // Without a handshake, a side's first number is 1 and the other side's base comes from the ACK (tshark's reading).
  const mid = sequenceBases(ps.slice(2));
  assert.deepEqual([relativeTo(ps[2]!.seq, mid.up), relativeTo(ps[2]!.ack, mid.down)], [1, 1]);
  // Modulo 2^32, as TCP's numbers wrap.
  assert.equal(relativeTo(5, 0xfffffffe), 7);
});

test('the bytes pane: 16 a row, offset, hex with a gap after 8, text with dots; the cut at 96 said', async () => {
  const ps = await connectionPackets(capture());
  assert.deepEqual(hexRows('PING 1\n'), [{ offset: '0000', hex: '50 49 4e 47 20 31 0a', text: 'PING 1.' }]);
  const rows = hexRows(String.fromCharCode(...Array.from({ length: 20 }, (_, i) => i + 0x3a)));
  assert.deepEqual(rows.map((r) => r.offset), ['0000', '0010']);
  assert.equal(rows[0]!.hex, '3a 3b 3c 3d 3e 3f 40 41  42 43 44 45 46 47 48 49');
  assert.equal(rows[1]!.text, 'JKLM');
  const big = ps[3]!;
  assert.equal(big.head!.length, PAYLOAD_HEAD_BYTES);
  assert.match(cutNote(big)!, /^first 96 of 200 bytes kept: .* 104 more not shown$/);
  assert.equal(cutNote(ps[2]!), null);
  assert.equal(cutNote({ ...ps[2]!, head: 'PIN' }), '3 of 7 bytes captured: the capture cut the frame short (snaplen)');
});

test('Follow stream pages: the packets with payload, FOLLOW_PAGE a page, the page of a packet', () => {
  const ps: ConnPacket[] = Array.from({ length: 1000 }, (_, i) => ({ frame: i + 1, tSec: i, dir: i % 2 ? 'down' : 'up', flags: 0, seq: 0, ack: 0, payloadLen: i % 4 === 3 ? 0 : 5 }));
  const payload = payloadIndices(ps);
  assert.equal(payload.length, 750);
  assert.equal(followPageOf(payload, 0), 0);
  // Packet 3 carries none: its page is that of the next packet with payload.
  assert.equal(followPageOf(payload, 3), 0);
  const k = payload[FOLLOW_PAGE]!;
  assert.equal(followPageOf(payload, k), 1);
  assert.equal(followPageOf(payload, k - 1), 0);
  assert.equal(followPageOf(payload, 999), Math.floor(749 / FOLLOW_PAGE));
  assert.equal(followPageOf(new Int32Array(0), 5), 0);
});
