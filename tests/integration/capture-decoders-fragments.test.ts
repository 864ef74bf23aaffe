// IP fragments reassembled as tshark reassembles them (the segment counted at the frame that
// completes its datagram), in bounded memory: a datagram still missing a fragment after the
// timeout is given up, with one warning. Captures made with scapy in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, captureDir, noScapy, scapy, tsharkFields } from '../helpers/scapy-capture.ts';

const dir = captureDir();

const conversation = (fragmentLine: string) => `
c, s = '10.1.0.2', '10.2.0.1'
def seg(fl, n, up=True, v6=False):
    L3 = IPv6 if v6 else IP
    a, b = (c, s) if up else (s, c)
    if v6: a, b = ('2001:db8::2', '2001:db8:1::1') if up else ('2001:db8:1::1', '2001:db8::2')
    sp, dp = (40000, 443) if up else (443, 40000)
    p = L3(src=a, dst=b)/TCP(sport=sp, dport=dp, flags=fl, seq=1)
    return p/Raw(b'x' * n) if n else p
${fragmentLine}
for i, p in enumerate(pkts): p.time = 1_700_000_000 + i / 100
wrpcap(out, pkts, linktype=101)
`;

function check(f: string, bytes: number) {
  const ref = tsharkFields(f, ['tcp.len'], 'tcp');
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.equal(r.connections.length, 1);
  assert.equal(r.connections[0]!.packets, ref.length, 'as many segments as tshark');
  assert.equal(r.connections[0]!.bytes, bytes);
  assert.equal(ref.reduce((s, [len]) => s + Number(len || 0), 0), bytes, 'tshark counts the same bytes');
  return r;
}

test('IPv4 fragments, the first shorter than a TCP header: reassembled as tshark does', { skip: noScapy }, () => {
  const f = scapy(dir, 'frag4.pcap', conversation(`
pkts = [seg('S', 0), seg('SA', 0, up=False)] + fragment(seg('PA', 1460), fragsize=504) + fragment(seg('PA', 600, up=False), fragsize=8)`));
  check(f, 2060);
});

test('IPv6 fragments: reassembled as tshark does', { skip: noScapy }, () => {
  const f = scapy(dir, 'frag6.pcap', conversation(`
big = seg('PA', 3000, v6=True)
pkts = [seg('S', 0, v6=True)] + fragment6(IPv6(src=big.src, dst=big.dst)/IPv6ExtHdrFragment(id=7)/big.payload, 1280)`));
  check(f, 3000);
});

test('a datagram still missing a fragment 60 s on is given up, with one warning', { skip: noScapy }, () => {
  const f = scapy(dir, 'lost.pcap', `
c, s = '10.1.0.2', '10.2.0.1'
frags = fragment(IP(src=c, dst=s)/TCP(sport=40000, dport=443, flags='PA')/Raw(b'x' * 1400), fragsize=504)
pkts = [IP(src=c, dst=s)/TCP(sport=40000, dport=443, flags='S')] + frags[:-1] + [IP(src=c, dst=s)/TCP(sport=40000, dport=443, flags='A')]
for i, p in enumerate(pkts): p.time = 1_700_000_000 + i
pkts[-1].time = 1_700_000_000 + 100
wrpcap(out, pkts, linktype=101)
`);
  const r = analyzeJson(f);
  assert.equal(r.status, 0, r.warnings.join('\n'));
  assert.deepEqual(r.warnings, [`lifeline: ${f}: 1 fragmented IP datagram given up: a fragment was still missing 60 s later`]);
  assert.equal(r.connections[0]!.packets, 2);
});
