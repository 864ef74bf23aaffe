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

/** Packets and payload bytes per tshark stream (tcp.stream, tcp.len), in stream order. */
function tsharkStreams(f: string): { packets: number; bytes: number }[] {
  const streams = new Map<string, { packets: number; bytes: number }>();
  for (const [stream, len] of tsharkFields(f, ['tcp.stream', 'tcp.len'], 'tcp')) {
    const s = streams.get(stream!) ?? { packets: 0, bytes: 0 };
    s.packets++;
    s.bytes += Number(len || 0);
    streams.set(stream!, s);
  }
  return [...streams.values()];
}

// A segment written whole (checksum over the pseudo-header), under an IPv4 header built by hand.
const HAND_IP = `
def seg(n, seq): return bytes(IP(src='10.1.0.2', dst='10.2.0.1')/TCP(sport=40000, dport=443, flags='PA', seq=seq, ack=1)/Raw(b'x' * n))[20:]
def ip(opts, s, **kw): return IP(src='10.1.0.2', dst='10.2.0.1', ihl=5 + len(opts) // 4, proto=6, **kw)/Raw(opts + s)
`;

test('IPv4 options with bad lengths, or longer than the packet: read as tshark reads them', { skip: noScapy }, () => {
  const f = scapy(dir, 'ip-options.pcap', `${HAND_IP}
pkts = [ip(b'\\x07\\x28\\x04\\x00', seg(10, 1)),                    # record route: length 40 runs past the options
        ip(b'\\x07\\x00\\x04\\x00', seg(10, 11)),                   # length 0
        ip(b'\\x44\\x01\\x00\\x00', seg(10, 21)),                   # timestamp: length 1
        ip(b'\\x00\\x07\\x30\\x00\\x07\\x30\\x00\\x00', seg(10, 31)), # after end-of-options
        ip(b'\\x01' * 4, seg(10, 41), len=0),                       # total length 0 (segmentation offload)
        ip(b'\\x01' * 40, seg(10, 51), len=44),                     # header of 60 bytes, total length 44
        ip(b'\\x01' * 4, seg(10, 61), len=22)]                      # header of 24 bytes, total length 22
for i, p in enumerate(pkts): p.time = 1_700_000_000 + i
wrpcap(out, [Ether()/p for p in pkts])
`);
  const ref = tsharkStreams(f);
  assert.deepEqual(ref, [{ packets: 5, bytes: 50 }], 'tshark reads on past bad option lengths, not past a total length under the header');
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.deepEqual(r.connections.map((c) => ({ packets: c.packets, bytes: c.bytes })), ref);
});

test('a TCP data offset under 20 bytes: the packet is in its stream, its length the segment less that offset, as tshark', { skip: noScapy }, () => {
  const f = scapy(dir, 'tcp-offset.pcap', `
c, s = '10.1.0.2', '10.2.0.1'
def up(src, sport, fl, seq, n=0, off=None): return IP(src=src, dst=s)/TCP(sport=sport, dport=443, flags=fl, seq=seq, ack=1, dataofs=off)/Raw(b'u' * n)
pkts = [up(c, 40000, 'S', 100), IP(src=s, dst=c)/TCP(sport=443, dport=40000, flags='SA', seq=1, ack=101),
        up(c, 40000, 'PA', 101, 10, off=4),    # 16 bytes
        up(c, 40000, 'PA', 111, 10, off=0),    # 0 bytes
        up('10.1.0.3', 40001, 'PA', 1, 10, off=2),
        up('10.1.0.4', 40002, 'S', 1, 0, off=2)]
for i, p in enumerate(pkts): p.time = 1_700_000_000 + i
wrpcap(out, [Ether()/p for p in pkts])
`);
  const ref = tsharkStreams(f);
  assert.deepEqual(ref, [{ packets: 4, bytes: 14 + 30 }, { packets: 1, bytes: 22 }, { packets: 1, bytes: 12 }]);
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.deepEqual(r.connections.map((c) => ({ packets: c.packets, bytes: c.bytes })), ref);
});
