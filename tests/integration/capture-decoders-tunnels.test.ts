// TCP inside tunnels and tags, read as tshark reads it: the inner connection is the one listed,
// and the connection list says how it travelled. Captures made with scapy in the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { analyzeJson, captureDir, noScapy, tsharkFields } from '../helpers/scapy-capture.ts';
import { CONVERSATION, wrappedConversation } from '../helpers/scapy-conversation.ts';

const dir = captureDir();
const ETHERNET = 1;
const eth = "Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02')";
const outer = "IP(src='192.0.2.1', dst='192.0.2.2')";
const outer6 = "IPv6(src='2001:db8:ff::1', dst='2001:db8:ff::2')";
const inner = `${eth}/p`;
const raw = (hex: string) => `bytes.fromhex('${hex}')`;

const cases: [name: string, wrap: string, tunnel: string | undefined, v6?: boolean][] = [
  ['GRE', `${eth}/${outer}/GRE()/p`, 'gre'],
  ['GRE with checksum, key and sequence number', `${eth}/${outer}/GRE(chksum_present=1, key_present=1, key=7, seqnum_present=1, sequence_number=3)/p`, 'gre'],
  ['GRE carrying Ethernet (transparent bridging)', `${eth}/${outer}/GRE(proto=0x6558)/${inner}`, 'gre'],
  // ERSPAN II header: version 1 and VLAN, then COS/encapsulation/truncation and session 5, then index.
  ['ERSPAN type II', `${eth}/${outer}/GRE(proto=0x88be, seqnum_present=1)/(${raw('1000' + '0005' + '00000000')} + bytes(${inner}))`, 'erspan'],
  ['ERSPAN type III', `${eth}/${outer}/GRE(proto=0x22eb, seqnum_present=1)/ERSPAN_III(session_id=5)/${inner}`, 'erspan'],
  ['VXLAN', `${eth}/${outer}/UDP(sport=50000, dport=4789)/VXLAN(vni=42)/${inner}`, 'vxlan'],
  ['Geneve', `${eth}/${outer}/UDP(sport=50000, dport=6081)/GENEVE(proto=0x6558, vni=42)/${inner}`, 'geneve'],
  ['IP in IP', `${eth}/${outer}/p`, 'ip-in-ip'],
  ['IPv6 in IP', `${eth}/${outer}/p`, 'ipv6-in-ip', true],
  ['IPv6 in IPv6', `${eth}/${outer6}/p`, 'ipv6-in-ip', true],
  ['GTP-U with a sequence number', `${eth}/${outer}/UDP(sport=2152, dport=2152)/GTP_U_Header(teid=9, S=1, seq=4)/p`, 'gtp-u'],
  ['PPPoE', `${eth}/PPPoE(sessionid=3)/PPP(proto=0x21)/p`, 'pppoe'],
  ['L2TP', `${eth}/${outer}/UDP(sport=1701, dport=1701)/(${raw('0002' + '0001' + '0002' + 'ff030021')} + bytes(p))`, 'l2tp'],
  // L2TPv3 data: session id 7 (over UDP after flags/version 3 and 2 reserved bytes), then Ethernet.
  ['L2TPv3 over IP', `${eth}/IP(src='192.0.2.1', dst='192.0.2.2', proto=115)/(${raw('00000007')} + bytes(${inner}))`, 'l2tpv3'],
  ['L2TPv3 over UDP', `${eth}/${outer}/UDP(sport=1701, dport=1701)/(${raw('0003' + '0000' + '00000007')} + bytes(${inner}))`, 'l2tpv3'],
  // VXLAN-GPE next protocol: 1 IPv4, 2 IPv6, 3 Ethernet, 5 MPLS.
  ['VXLAN-GPE carrying IPv4', `${eth}/${outer}/UDP(sport=50000, dport=4790)/(${raw('0c000001' + '00002a00')} + bytes(p))`, 'vxlan-gpe'],
  ['VXLAN-GPE carrying IPv6', `${eth}/${outer}/UDP(sport=50000, dport=4790)/(${raw('0c000002' + '00002a00')} + bytes(p))`, 'vxlan-gpe', true],
  ['VXLAN-GPE carrying Ethernet', `${eth}/${outer}/UDP(sport=50000, dport=4790)/(${raw('0c000003' + '00002a00')} + bytes(${inner}))`, 'vxlan-gpe'],
  ['VXLAN-GPE carrying MPLS', `${eth}/${outer}/UDP(sport=50000, dport=4790)/(${raw('0c000005' + '00002a00')} + bytes(MPLS(label=16, s=1)/p))`, 'vxlan-gpe/mpls'],
  ['MPLS, three labels', `${eth}/MPLS(label=16, s=0)/MPLS(label=17, s=0)/MPLS(label=18, s=1)/p`, 'mpls'],
  ['MPLS Ethernet pseudowire with a control word', `${eth}/MPLS(label=16, s=1)/(${raw('00000000')} + bytes(${inner}))`, 'mpls'],
  ['802.1ad QinQ', `Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02', type=0x88a8)/Dot1AD(vlan=10, type=0x8100)/Dot1Q(vlan=20)/p`, undefined],
  ['AH', `${eth}/IP(src=p[IP].src, dst=p[IP].dst, proto=51)/AH(nh=6, payloadlen=4, spi=1, seq=1, icv=b'\\x00' * 12)/p[TCP]`, undefined],
  ['802.1BR E-Tag', `Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02', type=0x893f)/(${raw('000000000000' + '0800')} + bytes(p))`, undefined],
  ['VN-Tag', `Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02', type=0x8926)/(${raw('00000000' + '0800')} + bytes(p))`, undefined],
  ['802.1ah PBB', `Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02', type=0x88e7)/(${raw('00000001')} + bytes(${inner}))`, undefined],
  // FabricPath frames end with the outer frame's FCS, which tshark takes off.
  ['FabricPath', `Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02', type=0x8903)/(${raw('0000')} + bytes(${inner}) + ${raw('00000000')})`, undefined],
];

/**
 * tshark 4.0 reads an Ethernet pseudowire with a control word as a frame without one (and finds no
 * TCP): that case is checked without it.
 */
const TSHARK_SKIPS = new Set(['MPLS Ethernet pseudowire with a control word']);

/**
 * An L2TPv3 session's pseudowire type, cookie and sublayer come from its setup, which these
 * captures do not hold: tshark is told what Lifeline assumes (Ethernet, neither).
 */
const L2TPV3_TOLD = ['-o', 'l2tp.cookie_size:None', '-o', 'l2tp.l2_specific:None', '-d', 'l2tp.pw_type==0,eth'];
const TSHARK_TOLD = new Map([['L2TPv3 over IP', L2TPV3_TOLD], ['L2TPv3 over UDP', L2TPV3_TOLD]]);

for (const [name, wrap, tunnel, v6] of cases) {
  test(`${name}: the inner connection is found${tunnel ? `, marked as carried by ${tunnel}` : ''}`, { skip: noScapy }, () => {
    const f = wrappedConversation(dir, `${name.replace(/\W+/g, '-')}.pcap`, wrap, ETHERNET, v6);
    if (!TSHARK_SKIPS.has(name)) {
      const ref = tsharkFields(f, ['tcp.len'], 'tcp', TSHARK_TOLD.get(name));
      assert.equal(ref.length, CONVERSATION.packets, 'tshark sees the conversation');
      assert.equal(ref.reduce((s, [len]) => s + Number(len), 0), CONVERSATION.bytes);
    }
    const r = analyzeJson(f);
    assert.equal(r.status, 0, r.warnings.join('\n'));
    assert.equal(r.connections.length, 1);
    const c = r.connections[0]!;
    assert.deepEqual({ packets: c.packets, bytes: c.bytes }, CONVERSATION);
    assert.equal(c.client, v6 ? '[2001:db8::2]:40000' : '10.1.0.2:40000');
    assert.equal(c.tunnel, tunnel);
  });
}

test('the text connection list has a tunnel column when a connection was tunnelled', { skip: noScapy }, () => {
  const f = wrappedConversation(dir, 'listed.pcap', `${eth}/${outer}/UDP(sport=50000, dport=4789)/VXLAN(vni=42)/${inner}`, ETHERNET);
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'analyze', f], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ +id +client +server +packets +bytes +start s +duration s +tunnel$/m);
  assert.match(r.stdout, /^ +\*1 +10\.1\.0\.2:40000 +10\.2\.0\.1:443 +6 +30 +0 +5 +vxlan$/m);
});
