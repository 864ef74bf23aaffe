// One short TCP conversation, wrapped by a scapy expression and written as a pcap of a given link
// type: the same six packets (handshake, 10 bytes up, 20 down, FIN) under every link layer and
// tunnel, so each decoder test checks the same numbers against tshark.
import { scapy } from './scapy-capture.ts';

export const CONVERSATION = { packets: 6, bytes: 30 } as const;

/**
 * `wrap` is a Python expression of `p` (the inner IP/TCP packet): bytes or a scapy packet, e.g.
 * `Ether()/IP(dst='192.0.2.9')/GRE()/p`. `v6` makes the inner packet IPv6.
 */
export function wrappedConversation(dir: string, name: string, wrap: string, linktype: number, v6 = false): string {
  return scapy(dir, name, `
from scapy.contrib.erspan import *
from scapy.contrib.geneve import *
from scapy.contrib.gtp import *
from scapy.contrib.mpls import *
c, s = ${v6 ? "'2001:db8::2', '2001:db8:1::1'" : "'10.1.0.2', '10.2.0.1'"}
L3 = ${v6 ? 'IPv6' : 'IP'}
steps = [(c, s, 40000, 443, 'S', 0), (s, c, 443, 40000, 'SA', 0), (c, s, 40000, 443, 'A', 0),
         (c, s, 40000, 443, 'PA', 10), (s, c, 443, 40000, 'PA', 20), (c, s, 40000, 443, 'FA', 0)]
pkts = []
for i, (a, b, sp, dp, fl, n) in enumerate(steps):
    p = L3(src=a, dst=b)/TCP(sport=sp, dport=dp, flags=fl, seq=1000 + i * 10)
    if n: p = p/Raw(b'x' * n)
    w = ${wrap}
    w = Raw(bytes(w))
    w.time = 1_700_000_000 + i
    pkts.append(w)
wrpcap(out, pkts, linktype=${linktype})
`);
}
