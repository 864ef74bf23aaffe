// pcapng shapes the capture tools here do not write: a big-endian section, a binary timestamp
// resolution, Simple and obsolete Packet Blocks, a second section that resets the interfaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCapture, type CapturedPacket } from '../../electron/capture/capture-reader.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { LINKTYPE, TCP_ACK } from '../../shared/capture/packet-decode.ts';
import { ints } from '../helpers/pcap-rewrite.ts';

const pad4 = (n: number) => (n + 3) & ~3;

function section(le: boolean, blocks: [type: number, body: Buffer][]): Buffer {
  const { u32, u16 } = ints(!le);
  const block = (type: number, body: Buffer) => {
    const padded = Buffer.concat([body, Buffer.alloc(pad4(body.length) - body.length)]);
    return Buffer.concat([u32(type), u32(12 + padded.length), padded, u32(12 + padded.length)]);
  };
  const shb = block(0x0a0d0d0a, Buffer.concat([u32(0x1a2b3c4d), u16(1), u16(0), Buffer.alloc(8, 0xff)]));
  return Buffer.concat([shb, ...blocks.map(([t, b]) => block(t, b))]);
}

function build(le: boolean): Buffer {
  const { u32, u16 } = ints(!le);
  const ip = Buffer.from(ipv4Tcp([10, 0, 0, 1], [10, 0, 0, 2], 5000, 80, 1, 1, TCP_ACK, new Uint8Array(3)));
  // if_tsresol 0x83 = 2^-3 s units; an option list: code 9, length 1, value, padding, end.
  const tsresol = Buffer.concat([u16(9), u16(1), Buffer.from([0x83, 0, 0, 0]), u16(0), u16(0)]);
  const idb = Buffer.concat([u16(LINKTYPE.RAW), u16(0), u32(0), tsresol]);
  const epb = Buffer.concat([u32(0), u32(0), u32(80), u32(ip.length), u32(ip.length), ip]); // 80 × 1/8 s = 10 s
  const opb = Buffer.concat([u16(0), u16(0), u32(0), u32(96), u32(ip.length), u32(ip.length), ip]); // 12 s
  const spb = Buffer.concat([u32(ip.length), ip]); // no timestamp: the last one seen
  return section(le, [[1, idb], [6, epb], [2, opb], [3, spb]]);
}

for (const le of [true, false]) {
  test(`pcapng ${le ? 'little' : 'big'}-endian: EPB, obsolete PB and SPB with a binary timestamp resolution`, async () => {
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-ng-')), 'x.pcapng');
    // Two sections: the second, in the other byte order, describes its own interfaces.
    fs.writeFileSync(f, Buffer.concat([build(le), build(!le)]));
    const seen: Pick<CapturedPacket, 'tsUs' | 'linkType' | 'origLen'>[] = [];
    const r = await readCapture(f, (p) => seen.push({ tsUs: p.tsUs, linkType: p.linkType, origLen: p.origLen }));
    assert.equal(r.damage, null, r.damage?.message);
    assert.deepEqual(seen.map((p) => p.tsUs / 1e6), [10, 12, 12, 10, 12, 12]);
    assert.ok(seen.every((p) => p.linkType === LINKTYPE.RAW && p.origLen === 43));
  });
}
