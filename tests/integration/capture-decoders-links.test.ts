// Link types tshark reads to IP, read by Lifeline too: the same conversation under each link
// layer (made with scapy in the test), with tshark's TCP reading as the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeJson, captureDir, noScapy, tsharkFields } from '../helpers/scapy-capture.ts';
import { CONVERSATION, wrappedConversation } from '../helpers/scapy-conversation.ts';

const dir = captureDir();

const snap = "LLC(dsap=0xaa, ssap=0xaa, ctrl=3)/SNAP(OUI=0, code=0x0800)";
const dot11 = `Dot11(type=2, subtype=0, FCfield='to-DS', addr1='02:00:00:00:00:02', addr2='02:00:00:00:00:01', addr3='02:00:00:00:00:03')/${snap}/p`;
const dot11Qos = `Dot11(type=2, subtype=8, FCfield='to-DS+from-DS', addr1='02:00:00:00:00:02', addr2='02:00:00:00:00:01', addr3='02:00:00:00:00:03', addr4='02:00:00:00:00:04')/Dot11QoS()/${snap}/p`;
const eth = "Ether(src='02:00:00:00:00:01', dst='02:00:00:00:00:02')/p";
const juniper = (flags: string) => `b'MGC' + bytes.fromhex('${flags}')`;
const nflog = "struct.pack('<BBH', 2, 0, 0) + struct.pack('<HH', 8, 1) + b'\\x08\\x00\\x03\\x00' + struct.pack('<HH', 4 + len(p), 9) + bytes(p) + b'\\x00' * (-len(p) % 4)";

const cases: [name: string, linktype: number, wrap: string][] = [
  ['raw IP as DLT 12', 12, 'p'],
  ['raw IP as DLT 14', 14, 'p'],
  ['PPP', 9, 'HDLC()/PPP(proto=0x21)/p'],
  ['PPP in HDLC framing', 50, 'HDLC()/PPP(proto=0x21)/p'],
  ['Cisco HDLC', 104, "b'\\x0f\\x00\\x08\\x00' + bytes(p)"],
  ['FDDI', 10, `b'\\x50' + b'\\x02' * 6 + b'\\x04' * 6 + bytes(${snap}/p)`],
  ['Linux NFLOG', 239, nflog],
  ['IP over InfiniBand', 242, "b'\\x60' + b'\\x00' * 39 + b'\\x08\\x00\\x00\\x00' + bytes(p)"],
  ['802.11 data', 105, dot11],
  ['802.11 QoS data, four addresses', 105, dot11Qos],
  ['802.11 after radiotap with TSFT and an FCS', 127, `RadioTap(present='TSFT+Flags', Flags='FCS', mac_timestamp=5)/Dot11FCS(type=2, subtype=0, FCfield='to-DS', addr1='02:00:00:00:00:02', addr2='02:00:00:00:00:01', addr3='02:00:00:00:00:03')/${snap}/p`],
  ['802.11 after a Prism header', 119, `PrismHeader()/${dot11}`],
  // AVS header v1: magic, length 64, then 56 bytes of radio fields.
  ['802.11 after an AVS header', 163, `struct.pack('>II', 0x80211001, 64) + b'\\x00' * 56 + bytes(${dot11})`],
  // Juniper: "MGC", flags (0x01 inbound, 0x02 no layer-2 header, 0x80 extensions follow), then the link type's own part.
  ['Juniper Ethernet', 178, `${juniper('01')} + bytes(${eth})`],
  ['Juniper Ethernet with an extension TLV', 178, `${juniper('81')} + struct.pack('>H', 6) + bytes.fromhex('040401000000') + bytes(${eth})`],
  ['Juniper Ethernet without its layer-2 header (payload type 2, IP)', 178, `${juniper('03')} + struct.pack('<I', 2) + bytes(p)`],
  ['Juniper PPPoE', 167, `${juniper('00')} + bytes(${eth})`],
  ['Juniper PPP', 179, `${juniper('01')} + bytes.fromhex('ff030021') + bytes(p)`],
  ['Juniper Cisco HDLC', 181, `${juniper('01')} + bytes.fromhex('0f000800') + bytes(p)`],
  ['Juniper GGSN', 133, `${juniper('01')} + struct.pack('<HH', 2, 7) + bytes(p)`],
  ['Juniper services, inbound', 136, `${juniper('01')} + b'\\x00' * 16 + bytes(p)`],
  ['Juniper services, outbound', 136, `${juniper('00')} + b'\\x00' * 12 + bytes(p)`],
  ['Juniper voice', 183, `${juniper('01')} + b'\\x00' * 18 + bytes(p)`],
];

for (const [name, linktype, wrap] of cases) {
  test(`link type ${linktype}, ${name}: the conversation is read as tshark reads it`, { skip: noScapy }, () => {
    const f = wrappedConversation(dir, `${name.replace(/\W+/g, '-')}.pcap`, wrap, linktype);
    const ref = tsharkFields(f, ['tcp.stream', 'tcp.len'], 'tcp');
    assert.equal(ref.length, CONVERSATION.packets, 'tshark sees the conversation');
    assert.equal(ref.reduce((s, [, len]) => s + Number(len), 0), CONVERSATION.bytes);
    const r = analyzeJson(f);
    assert.equal(r.status, 0, r.warnings.join('\n'));
    assert.equal(r.connections.length, new Set(ref.map(([stream]) => stream)).size);
    assert.deepEqual({ packets: r.connections[0]!.packets, bytes: r.connections[0]!.bytes }, CONVERSATION);
    assert.equal(r.connections[0]!.client, '10.1.0.2:40000');
    assert.equal(r.connections[0]!.tunnel, undefined);
  });
}

test('link type 105 without an IPv4 packet: an IPv6 conversation under 802.11', { skip: noScapy }, () => {
  const f = wrappedConversation(dir, 'dot11-v6.pcap', dot11.replace('code=0x0800', 'code=0x86dd'), 105, true);
  assert.equal(tsharkFields(f, ['tcp.len'], 'tcp').length, CONVERSATION.packets);
  const r = analyzeJson(f);
  assert.deepEqual({ packets: r.connections[0]!.packets, bytes: r.connections[0]!.bytes }, CONVERSATION);
  assert.equal(r.connections[0]!.client, '[2001:db8::2]:40000');
});
