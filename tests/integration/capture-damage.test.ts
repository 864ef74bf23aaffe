// Damaged and hostile captures: exit 2 naming the file and byte offset, what came before the
// damage still analysed, nothing hangs or crashes — and a fuzz run of mutated captures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heartbeatPackets, pcapBytes, writePcapng, type SynthPacket } from '../helpers/synth-capture.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { CaptureDamage, readCapture } from '../../electron/capture/capture-reader.ts';
import { decodeTcp, newSegment } from '../../shared/capture/packet-decode.ts';
import { ConnectionTable } from '../../shared/capture/capture-analysis.ts';
import { seededRandom } from '../../shared/util/random.ts';

const BIN = path.resolve('bin/lifeline.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-damage-'));
const file = (name: string, bytes: Uint8Array) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, bytes);
  return f;
};

const BEATS = 20;
const packets = heartbeatPackets(BEATS, 30);
const pcap = pcapBytes(packets);
const ngFile = path.join(dir, 'good.pcapng');
writePcapng(ngFile, packets);
const ng = fs.readFileSync(ngFile);

/** Offsets of the pcapng blocks (SHB, 2 IDBs, then one EPB per packet). */
function blocks(b: Buffer): number[] {
  const out: number[] = [];
  for (let o = 0; o < b.length; o += b.readUInt32LE(o + 4)) out.push(o);
  return out;
}
const ngBlocks = blocks(ng);
const firstEpb = ngBlocks[3]!;
const patch = (b: Buffer, at: number, v: number) => {
  const c = Buffer.from(b);
  c.writeUInt32LE(v >>> 0, at);
  return c;
};

function analyzeJson(f: string) {
  const r = cli('analyze', f, '--json', '--nat-timeout', '25');
  return { r, a: r.stdout ? JSON.parse(r.stdout) : null };
}

test('good synthetic captures analyse cleanly (the baseline for the damage cases)', () => {
  for (const f of [file('good.pcap', pcap), ngFile]) {
    const { r, a } = analyzeJson(f);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(a.connections[0].packets, 1 + 2 * BEATS);
    assert.equal(a.gapsOverTimeout, BEATS, 'every 30 s beat gap exceeds 25 s');
    assert.deepEqual(a.intervals.up, { min: 30, median: 30, max: 30 });
  }
});

/** Offsets of the pcap records. */
function records(b: Buffer): number[] {
  const out: number[] = [];
  for (let o = 24; o < b.length; o += 16 + b.readUInt32LE(o + 8)) out.push(o);
  return out;
}
const rec = records(pcap);
const cases: [name: string, bytes: Buffer, offset: number, reason: RegExp, validPackets: number][] = [
  ['pcap cut mid-packet', pcap.subarray(0, rec[2]! + 30), rec[2]!, /packet of \d+ bytes cut short/, 2],
  ['pcap with a huge record length', patch(pcap, rec[1]! + 8, 0x7fffffff), rec[1]! + 8, /packet length 2147483647 exceeds/, 1],
  ['pcap with garbage after it', Buffer.concat([pcap, Buffer.from('this is not a packet record at all')]), pcap.length + 8, /exceeds|out of range|cut short/, 1 + 2 * BEATS],
  ['pcapng with a zero block length', patch(ng, firstEpb + 4, 0), firstEpb + 4, /block length 0 is invalid/, 0],
  ['pcapng with a lying huge block length', patch(ng, ngBlocks[10]! + 4, 0xfffffff0), ngBlocks[10]! + 4, /block length 4294967280 exceeds/, 7],
  ['pcapng with a trailer that disagrees', patch(ng, ngBlocks[5]! - 4, 64), ngBlocks[5]! - 4, /trailer length 64 does not match/, 1],
  ['pcapng cut mid-block', ng.subarray(0, ngBlocks[20]! + 20), ngBlocks[20]!, /block of \d+ bytes cut short/, 17],
  ['pcapng with garbage after it', Buffer.concat([ng, Buffer.alloc(40, 0xab)]), ng.length + 4, /block length \d+ (is invalid|exceeds)/, 1 + 2 * BEATS],
];

for (const [name, bytes, offset, reason, valid] of cases) {
  test(`${name}: exit 2 with file and byte ${offset}; the valid part is analysed`, () => {
    const f = file(`${name.replace(/\W+/g, '-')}.cap`, bytes);
    const { r, a } = analyzeJson(f);
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, new RegExp(`${path.basename(f)}: byte ${offset}: `));
    assert.match(lines[0]!, reason);
    assert.match(lines[0]!, new RegExp(`analysed the ${valid} packets before it`));
    assert.equal(a.connections.reduce((s: number, c: { packets: number }) => s + c.packets, 0), valid);
  });
}

test('not a capture at all, or empty: exit 2 naming the file and byte 0, nothing analysed', () => {
  for (const [name, bytes, msg] of [
    ['text.pcap', Buffer.from('hello, I am a text file\n'), /byte 0: not a pcap or pcapng file \(magic 0x68656c6c\)/],
    ['empty.pcap', Buffer.alloc(0), /byte 0: file is 0 bytes, too short/],
    ['session.jsonl', Buffer.from('{"format":"lifeline-session"}\n'), /byte 0: not a pcap or pcapng file/],
  ] as const) {
    const r = cli('analyze', file(name, bytes));
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`${name}: ${msg.source}`));
    assert.equal(r.stdout, '');
  }
  const r = cli('analyze', file('conn.pcap', pcap), '--conn', '5');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--conn 5: the capture has 1 TCP connection$/m);
});

test('200,000 connections (one SYN each) analyse: no per-connection spread overflows the call stack', () => {
  // Spreading one argument per connection into Math.max overflowed V8's stack past ~120,000.
  const N = 200_000;
  const syns: SynthPacket[] = Array.from({ length: N }, (_, i) => ({
    tsUs: 1_700_000_000e6 + i * 1000,
    ip: ipv4Tcp([10, 1, i >> 16, 2], [10, 0, 0, 1], 1024 + (i & 0xffff), 443, 1, 0, TCP_SYN, new Uint8Array(0)),
  }));
  const f = file('many-syns.pcap', pcapBytes(syns));
  const r = spawnSync(process.execPath, [BIN, 'analyze', f], { encoding: 'utf8', timeout: 120_000, maxBuffer: 256 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], `${f}: pcap, ${N} packets, ${N} TCP connections`);
  assert.ok(lines.some((l) => l.trimStart().startsWith(`${N}  10.1.3.2:`)), 'the table lists the last connection');
});

test('fuzz: 3000 mutated captures never crash, hang or report damage outside the file', async () => {
  const rnd = seededRandom(9);
  const int = (n: number) => Math.floor(rnd() * n);
  const f = path.join(dir, 'fuzz.cap');
  const seg = newSegment();
  let damaged = 0;
  for (let i = 0; i < 3000; i++) {
    const base = i % 2 ? ng : pcap;
    let b = Buffer.from(base);
    const mutations = 1 + int(4);
    for (let m = 0; m < mutations; m++) {
      const at = int(b.length);
      switch (int(5)) {
        case 0: b[at] = int(256); break; // a flipped byte
        case 1: if (b.length >= 4) b.writeUInt32LE(int(2 ** 32), Math.min(at, b.length - 4) & ~3); break; // a lying length or type
        case 2: b = b.subarray(0, at); break; // cut short
        case 3: b = Buffer.concat([b, Buffer.from(Array.from({ length: int(64) }, () => int(256)))]); break; // trailing garbage
        default: b = Buffer.concat([b.subarray(0, at), Buffer.alloc(int(16), int(256)), b.subarray(at)]); // inserted bytes
      }
    }
    fs.writeFileSync(f, b);
    const table = new ConnectionTable();
    try {
      const r = await readCapture(f, (p) => {
        assert.ok(p.data.length <= 262_144 + 16 * 1024 * 1024);
        if (decodeTcp(p.linkType, p.data, 0, p.data.length, seg)) table.observe(seg, p.data, p.tsUs);
      });
      if (r.damage) {
        damaged++;
        assert.ok(r.damage.offset >= 0 && r.damage.offset <= b.length, `${r.damage.message} in a ${b.length}-byte file`);
      }
      assert.ok(r.packets <= b.length / 16);
      table.connections();
    } catch (e) {
      if (!(e instanceof CaptureDamage && e.offset === 0)) {
        fs.copyFileSync(f, path.join(dir, 'crash.cap'));
        assert.fail(`mutation ${i}: ${(e as Error).stack} (kept as ${path.join(dir, 'crash.cap')})`);
      }
      damaged++;
    }
  }
  assert.ok(damaged > 1000, `${damaged} of 3000 mutations were noticed`);
});
