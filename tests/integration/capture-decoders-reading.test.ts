// What tshark reads, Lifeline reads: a pcapng interface of a link type not decoded costs only its
// own packets (one warning naming it), and a pcap sub-second field of a second or more is read
// as tshark reads it, with a warning, not taken for damage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PcapngWriter } from '../../electron/capture/pcapng-writer.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { LINKTYPE, TCP_ACK, TCP_PSH, TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { analyzeJson, captureDir, noScapy, scapy, tsharkFields } from '../helpers/scapy-capture.ts';

const dir = captureDir();

test('pcapng: an interface of an unknown link type is skipped with one warning naming it; the others are read', () => {
  const f = path.join(dir, 'ifaces.pcapng');
  const w = new PcapngWriter(f, 'lifeline test');
  const a = w.addInterface(LINKTYPE.RAW, 'a', 'raw IP');
  const odd = w.addInterface(274, 'odd', 'a link type Lifeline does not decode');
  const b = w.addInterface(LINKTYPE.RAW, 'b', 'raw IP');
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const t0 = 1_700_000_000e6;
  w.packet(a, t0, Buffer.from(ipv4Tcp(c, s, 40000, 443, 1, 0, TCP_SYN, new Uint8Array(0))));
  for (let i = 1; i <= 6; i++) {
    w.packet(odd, t0 + i * 1e6, Buffer.from('not an IP packet at all'));
    w.packet(i % 2 ? a : b, t0 + i * 1e6 + 1, Buffer.from(ipv4Tcp(c, s, 40000, 443, 1 + i, 1, TCP_ACK | TCP_PSH, new Uint8Array(10))));
  }
  w.close();
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
  assert.match(r.warnings[0]!, /ifaces\.pcapng: byte \d+: interface 1 has link type 274, which Lifeline does not decode: its 6 packets skipped/);
  assert.equal(r.connections.length, 1);
  assert.equal(r.connections[0]!.packets, 7);
  assert.equal(r.connections[0]!.bytes, 60);
});

test('pcap: a sub-second field of 10^6 µs or more is read as tshark reads it, with one warning', { skip: noScapy }, () => {
  const f = scapy(dir, 'usec.pcap', `
pkts = [IP(src='10.0.0.2', dst='10.0.0.1')/TCP(sport=40000, dport=443, flags='PA')/Raw(b'x' * 5) for _ in range(3)]
for i, p in enumerate(pkts): p.time = 1000 + i
wrpcap(out, pkts)
`);
  // The second record's sub-second field becomes 1,500,000 µs: 1001 s + 1.5 s.
  const b = fs.readFileSync(f);
  const second = 24 + 16 + b.readUInt32LE(24 + 8);
  b.writeUInt32LE(1_500_000, second + 4);
  fs.writeFileSync(f, b);
  assert.equal(tsharkFields(f, ['frame.number']).length, 3, 'tshark reads all three');
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.equal(r.warnings.length, 1, r.warnings.join('\n'));
  assert.match(r.warnings[0]!, new RegExp(`usec\\.pcap: byte ${second + 4}: sub-second timestamp 1500000 µs is a second or more \\(1 packet\\)`));
  assert.equal(r.connections[0]!.packets, 3);
  assert.equal(r.connections[0]!.bytes, 15);
  assert.equal(r.connections[0]!.durationSec, 2.5, '1000 s to 1001 s + 1.5 s');
});
