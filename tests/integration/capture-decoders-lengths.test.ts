// Payload lengths as tshark counts them: never more than the frame carried, whatever the IP
// length field claims; an IPv6 jumbogram (BIG TCP) counted at its real length. Captures made with
// scapy in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, captureDir, noScapy, scapy, tsharkFields } from '../helpers/scapy-capture.ts';

const dir = captureDir();

const tsharkBytes = (f: string) => tsharkFields(f, ['tcp.len'], 'tcp').reduce((s, [len]) => s + Number(len || 0), 0);

test('an IP length field larger than the frame: payload bytes are what the frame carried', { skip: noScapy }, () => {
  const f = scapy(dir, 'lying-length.pcap', `
pkts = []
for i in range(3):
    p = IP(src='10.1.0.2', dst='10.2.0.1', len=30000)/TCP(sport=40000, dport=443, flags='PA', seq=1000 + 12 * i)/Raw(b'x' * 12)
    p = Ether()/p
    p.time = 1_700_000_000 + i
    pkts.append(p)
wrpcap(out, pkts)
`);
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.equal(r.connections[0]!.packets, 3);
  assert.equal(r.connections[0]!.bytes, 36, 'three frames of 12 payload bytes, not 3 × 29,960');
  assert.equal(tsharkBytes(f), 36);
});

test('an IPv6 jumbogram is counted at its real length, as tshark counts it', { skip: noScapy }, () => {
  const size = 70_000;
  const f = scapy(dir, 'jumbo.pcap', `
payload = TCP(sport=40000, dport=443, flags='PA', seq=1)/Raw(b'x' * ${size})
hbh = IPv6ExtHdrHopByHop(options=[Jumbo(jumboplen=8 + len(payload))])
p = Ether()/IPv6(src='2001:db8::2', dst='2001:db8:1::1', plen=0)/hbh/payload
p.time = 1_700_000_000
wrpcap(out, [p])
`);
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.equal(r.connections[0]!.bytes, size);
  assert.equal(tsharkBytes(f), size);
});
