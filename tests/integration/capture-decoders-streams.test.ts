// Connections numbered as tshark numbers its streams (tcp.stream): a SYN with a new initial
// sequence number opens another connection, after a FIN or RST or not; a retransmitted SYN does
// not. startSec counts from the capture's first packet, TCP or not. Captures made with scapy.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, captureDir, noScapy, scapy, tsharkFields } from '../helpers/scapy-capture.ts';

const dir = captureDir();

test('SYNs with new sequence numbers open new connections, a retransmitted SYN does not: as tshark', { skip: noScapy }, () => {
  const f = scapy(dir, 'streams.pcap', `
c, s = '10.1.0.2', '10.2.0.1'
def up(fl, seq, n=0): return IP(src=c, dst=s)/TCP(sport=40000, dport=443, flags=fl, seq=seq, ack=1)/Raw(b'u' * n)
def down(fl, seq, n=0): return IP(src=s, dst=c)/TCP(sport=443, dport=40000, flags=fl, seq=seq, ack=101)/Raw(b'd' * n)
pkts = [IP(src='10.9.0.1', dst='10.9.0.2')/UDP(sport=53, dport=53)/Raw(b'q'),     # not TCP, 3 s before
        up('S', 100), up('S', 100), down('SA', 1), up('A', 101), up('PA', 101, 10), up('FA', 111),
        up('S', 5000), down('SA', 7), up('PA', 5001, 20), up('R', 5021),             # after FIN and RST:
        up('S', 9000), up('S', 9000), up('S', 9500), down('SA', 11), up('PA', 9501, 5)]
for i, p in enumerate(pkts): p.time = 1_700_000_000 + (0 if i == 0 else 2 + i)
wrpcap(out, pkts, linktype=101)
`);
  const ref = tsharkFields(f, ['tcp.stream', 'tcp.len'], 'tcp');
  const streams = new Map<string, { packets: number; bytes: number }>();
  for (const [stream, len] of ref) {
    const t = streams.get(stream!) ?? { packets: 0, bytes: 0 };
    t.packets++;
    t.bytes += Number(len);
    streams.set(stream!, t);
  }
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.deepEqual(r.connections.map((c) => ({ packets: c.packets, bytes: c.bytes })), [...streams.values()]);
  assert.equal(r.connections.length, 4, 'handshake with a retransmitted SYN; after FIN; after RST; a SYN with another ISN');
  assert.deepEqual(r.connections.map((c) => c.startSec), [3, 9, 13, 15], 'seconds from the capture\'s first packet, the UDP one');
});
