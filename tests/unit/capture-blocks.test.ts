// The shared capture parser over any ByteSource (the page reads a File in chunks, the host a file
// handle): the same packets and the same damage offset however the bytes are cut into reads; and
// the pcapng blocks the app exports read back as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureFormatOf, readCaptureFrom, type ByteSource } from '../../shared/capture/capture-blocks.ts';
import { forEachPacketOf, REORDER_WINDOW, scanConnections } from '../../shared/capture/capture-passes.ts';
import { interfaceBlock, packetBlock, sectionHeader, sessionPcapngBlocks } from '../../shared/capture/pcapng-blocks.ts';
import { defaultConnection, IdleGapFold } from '../../shared/capture/capture-analysis.ts';
import { heartbeatPackets, pcapBytes } from '../helpers/synth-capture.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { LINKTYPE, TCP_ACK, TCP_PSH, TCP_RST, TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';

/** Bytes in memory, handed out at most `most` at a time (a slow network, a small File slice). */
function memory(bytes: Uint8Array, most = Infinity, name = 'mem.pcap'): ByteSource {
  return {
    name,
    size: bytes.length,
    read: async (into, at, length, position) => {
      const n = Math.max(0, Math.min(length, most, bytes.length - position));
      into.set(bytes.subarray(position, position + n), at);
      return n;
    },
  };
}

async function packets(src: ByteSource) {
  const out: [number, number, string][] = [];
  const r = await readCaptureFrom(src, (p) => out.push([p.tsUs, p.data.length, p.comments.join('|')]));
  return { out, damage: r.damage?.message ?? null, format: r.format };
}

const concat = (parts: Iterable<Uint8Array>) => {
  const list = [...parts];
  const b = new Uint8Array(list.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of list) {
    b.set(p, o);
    o += p.length;
  }
  return b;
};

test('captureFormatOf: pcap in both byte orders and resolutions, pcapng, and neither', () => {
  const u32 = (x: number, le: boolean) => {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, x, le);
    return b;
  };
  for (const le of [true, false]) {
    assert.equal(captureFormatOf(u32(0xa1b2c3d4, le)), 'pcap');
    assert.equal(captureFormatOf(u32(0xa1b23c4d, le)), 'pcap');
  }
  assert.equal(captureFormatOf(u32(0x0a0d0d0a, true)), 'pcapng');
  assert.equal(captureFormatOf(new TextEncoder().encode('{"fo')), null);
  assert.equal(captureFormatOf(new Uint8Array(3)), null);
});

test('reads cut into 7-byte pieces give the same packets, connections and damage offset as one read', async () => {
  const bytes = new Uint8Array(pcapBytes(heartbeatPackets(40, 30)));
  const whole = await packets(memory(bytes));
  assert.equal(whole.out.length, 81);
  assert.deepEqual(await packets(memory(bytes, 7)), whole);
  const cut = bytes.subarray(0, bytes.length - 10);
  const a = await packets(memory(cut));
  assert.match(a.damage!, /^mem\.pcap: byte \d+: packet of \d+ bytes cut short/);
  assert.deepEqual(await packets(memory(cut, 7)), a);
  // The passes the inspector runs: one connection, its 30 s cadence.
  const scan = await scanConnections(memory(bytes, 7));
  const chosen = defaultConnection(scan.table.connections())!;
  const fold = new IdleGapFold();
  await forEachPacketOf(memory(bytes, 7), scan.table, chosen.id, (p) => fold.add(p.tSec, p.dir, p.payloadLen));
  assert.deepEqual(fold.report(300).intervals.up, { min: 30, median: 30, max: 30 });
});

test('pcapng blocks read back: timestamps, data and comments; a session exports one packet per counted packet', async () => {
  const data = Uint8Array.of(0x45, 1, 2, 3, 4);
  const file = concat([sectionHeader('test'), interfaceBlock(LINKTYPE.RAW, 'if0', 'one'), packetBlock(0, 1_700_000_000_123_456, data, ['a', 'bé'])]);
  const r = await packets(memory(file, 5, 'x.pcapng'));
  assert.deepEqual(r, { out: [[1_700_000_000_123_456, 5, 'a|bé']], damage: null, format: 'pcapng' });
  const counts = { packets: 0, comments: 0 };
  const session = concat(sessionPcapngBlocks(syntheticSession(20), 'test', counts));
  assert.ok(counts.packets > 0 && counts.comments > 0);
  let n = 0;
  let comments = 0;
  const back = await readCaptureFrom(memory(session, 1000, 's.pcapng'), (p) => {
    n++;
    comments += p.comments.length;
  });
  assert.equal(back.damage, null);
  assert.deepEqual([n, comments], [counts.packets, counts.comments]);
});

test('ports reused after a reset are two connections, and the second pass reads each apart', async () => {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const t0 = 1_700_000_000e6;
  const data = new TextEncoder().encode('PING\n');
  const first = [
    { tsUs: t0, ip: ipv4Tcp(c, s, 40000, 4000, 1, 0, TCP_SYN, new Uint8Array(0)) },
    { tsUs: t0 + 30e6, ip: ipv4Tcp(c, s, 40000, 4000, 2, 1, TCP_ACK | TCP_PSH, data) },
    { tsUs: t0 + 40e6, ip: ipv4Tcp(s, c, 4000, 40000, 1, 7, TCP_RST, new Uint8Array(0)) },
  ];
  const second = [
    { tsUs: t0 + 700e6, ip: ipv4Tcp(c, s, 40000, 4000, 100, 0, TCP_SYN, new Uint8Array(0)) },
    { tsUs: t0 + 730e6, ip: ipv4Tcp(c, s, 40000, 4000, 101, 1, TCP_ACK | TCP_PSH, data) },
    { tsUs: t0 + 760e6, ip: ipv4Tcp(c, s, 40000, 4000, 106, 1, TCP_ACK | TCP_PSH, data) },
  ];
  const src = memory(pcapBytes([...first, ...second]));
  const scan = await scanConnections(src);
  const conns = scan.table.connections();
  assert.deepEqual(conns.map((x) => [x.packets, x.startSec, x.durationSec]), [[3, 0, 40], [3, 700, 60]]);
  const times = async (id: number) => {
    const out: number[] = [];
    await forEachPacketOf(src, scan.table, id, (p) => out.push(p.tSec));
    return out;
  };
  assert.deepEqual(await times(1), [0, 30, 40]);
  assert.deepEqual(await times(2), [0, 30, 60], 'no 660 s gap across the reset');
});

test('packets out of time order are measured in time order; one beyond the window is counted as late', async () => {
  const beats = heartbeatPackets(40, 30);
  // Swap two neighbours (two interfaces merged), and move one packet far back in the file.
  const shuffled = [...beats];
  [shuffled[10], shuffled[11]] = [shuffled[11]!, shuffled[10]!];
  const scan = async (packets: typeof beats) => {
    const src = memory(pcapBytes(packets));
    const s = await scanConnections(src);
    const fold = new IdleGapFold();
    const r = await forEachPacketOf(src, s.table, 1, (p) => fold.add(p.tSec, p.dir, p.payloadLen));
    return { report: fold.report(300), late: r.late };
  };
  const inOrder = await scan(beats);
  const swapped = await scan(shuffled);
  assert.deepEqual(swapped, inOrder, 'a swap inside the window changes nothing');
  assert.equal(inOrder.late, 0);
  const far = [...beats.slice(0, 2), ...beats.slice(3), beats[2]!];
  const farLate = [...far];
  for (let i = 0; i < REORDER_WINDOW; i++) farLate.splice(farLate.length - 1, 0, { ...beats.at(-1)!, tsUs: beats.at(-1)!.tsUs + (i + 1) * 1000 });
  assert.equal((await scan(farLate)).late, 1);
});

test('a gap report asked again (another NAT timeout typed) lists the same largest gaps, and each timeout its own count', () => {
  const fold = new IdleGapFold();
  let t = 0;
  for (let i = 0; i < 50; i++) fold.add((t += i % 10 === 9 ? 400 : 30), i % 2 ? 'down' : 'up', 10);
  const first = fold.report(300);
  assert.deepEqual(first.largestGapsSec, [400, 400, 400, 400, 400, 30, 30, 30, 30, 30]);
  assert.equal(first.gapsOverTimeout, 5);
  assert.deepEqual(fold.report(20).largestGapsSec, first.largestGapsSec);
  assert.equal(fold.report(20).gapsOverTimeout, 49);
  assert.deepEqual(fold.report(300), first);
  fold.add(t + 1000, 'up', 0);
  assert.deepEqual(fold.report(300).largestGapsSec.slice(0, 2), [1000, 400]);
});
