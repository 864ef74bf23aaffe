// Link layer → tunnels → IP → TCP decoding for captured frames. Pure (bytes in, numbers out) so a
// capture can be decoded wherever its bytes are: the CLI, the main process, or the renderer.
import { linkLayer } from './link-layers.ts';
import { ethernetFrame, unwrapEthertype } from './ethernet-frames.ts';
import { gre, l2tpv3OverIp, udpTunnel } from './tunnels.ts';
import type { IpFragments } from './ip-fragments.ts';
import { ETHER_FRAME, ETHERTYPE, IP_ANY, newLayer, next, tunnelled, u16, u32be, type Layer } from './layer.ts';

export { LINKTYPE, isKnownLinkType } from './link-layers.ts';

export const TCP_FIN = 0x01;
export const TCP_SYN = 0x02;
export const TCP_RST = 0x04;
export const TCP_PSH = 0x08;
export const TCP_ACK = 0x10;

/**
 * One decoded TCP segment. The decoder fills a caller-owned object (no allocation per packet: a
 * 1 GB capture holds millions). Addresses stay in the frame (`srcOff`/`dstOff`) until a new
 * connection needs them as text; `srcKey`/`dstKey` identify them cheaply.
 */
export interface TcpSegment {
  v6: boolean;
  srcOff: number;
  dstOff: number;
  srcKey: string;
  dstKey: string;
  sport: number;
  dport: number;
  flags: number;
  /** The sequence number: a SYN with a new one starts a new connection, as in tshark's streams. */
  seq: number;
  /** The acknowledgment number, meaningful when the ACK flag is set (the capture view's packet pane). */
  ack: number;
  /** Payload length from the IP header: right even when the capture cut the frame short (snaplen). */
  payloadLen: number;
  /** The encapsulations the packet came through, outermost first ('gre', 'mpls/vxlan'); '' when none. */
  tunnel: string;
}

export function newSegment(): TcpSegment {
  return { v6: false, srcOff: 0, dstOff: 0, srcKey: '', dstKey: '', sport: 0, dport: 0, flags: 0, seq: 0, ack: 0, payloadLen: 0, tunnel: '' };
}

/** Layers are bounded: a frame of nested tunnels is not followed past this many steps. */
const MAX_LAYERS = 16;

const IPPROTO = { HOPOPTS: 0, IPIP: 4, TCP: 6, UDP: 17, IPV6: 41, ROUTING: 43, FRAGMENT: 44, GRE: 47, AH: 51, DSTOPTS: 60, L2TP: 115 } as const;

/** The cursor for frames, reused: decoding allocates nothing but for tunnelled packets' names. */
const cursor = newLayer();

/**
 * Decodes `b[start, end)` as a frame of `linkType`; false when it is not TCP over IP. `wireLen` is
 * the frame's length on the wire (a capture may keep less): the payload counted never exceeds what
 * the frame carried, whatever its IP length field claims.
 */
export function decodeTcp(linkType: number, b: Uint8Array, start: number, end: number, seg: TcpSegment, wireLen = end - start, frags?: IpFragments): boolean {
  const n = cursor;
  n.o = start;
  n.end = end;
  n.type = 0;
  n.tunnel = '';
  if (!linkLayer(linkType, b, n)) return false;
  for (let i = 0; i < MAX_LAYERS; i++) {
    let moved: boolean;
    if (n.type === ETHER_FRAME) moved = ethernetFrame(b, n);
    else if (n.type === IP_ANY) moved = next(n, n.o, b[n.o]! >> 4 === 4 ? ETHERTYPE.IPV4 : b[n.o]! >> 4 === 6 ? ETHERTYPE.IPV6 : 0);
    else if (n.type === ETHERTYPE.IPV4 || n.type === ETHERTYPE.IPV6) {
      const proto = n.type === ETHERTYPE.IPV4 ? ipv4(b, n, seg, frags) : ipv6(b, n, seg, frags);
      if (proto === REASSEMBLED) {
        seg.tunnel = n.tunnel;
        return true;
      }
      if (proto === IPPROTO.TCP) {
        seg.tunnel = n.tunnel;
        return decodeTcpHeader(b, n.o, n.end, seg.payloadLen, start + Math.max(wireLen, end - start), seg);
      }
      moved = proto >= 0 && inIp(proto, b, n);
    } else moved = unwrapEthertype(b, n);
    if (!moved) return false;
  }
  return false;
}

/**
 * What an IP packet carries, other than TCP: a tunnel (moves the cursor to the inner packet) or
 * nothing Lifeline reads (false).
 */
function inIp(proto: number, b: Uint8Array, n: Layer): boolean {
  switch (proto) {
    case IPPROTO.IPIP:
      tunnelled(n, 'ip-in-ip');
      return next(n, n.o, ETHERTYPE.IPV4);
    case IPPROTO.IPV6:
      tunnelled(n, 'ipv6-in-ip');
      return next(n, n.o, ETHERTYPE.IPV6);
    case IPPROTO.GRE:
      return gre(b, n);
    case IPPROTO.L2TP:
      return l2tpv3OverIp(b, n);
    case IPPROTO.UDP:
      return n.end - n.o >= 8 && next(n, n.o + 8, 0) && udpTunnel(b, n, u16(b, n.o - 8), u16(b, n.o - 6));
    default:
      return false;
  }
}

/**
 * An IPv4 header at n.o: sets the segment's addresses and `payloadLen` to the IP payload's
 * length, moves the cursor to the payload, and returns the protocol past any AH (RFC 4302);
 * -1 when the packet is not read (too short, or a fragment after the first).
 */
function ipv4(b: Uint8Array, n: Layer, seg: TcpSegment, frags: IpFragments | undefined): number {
  const o = n.o;
  if (n.end - o < 20 || b[o]! >> 4 !== 4) return -1;
  const ihl = (b[o]! & 0x0f) * 4;
  const total = u16(b, o + 2);
  // A total length under the header's (options longer than the packet) is bogus: tshark reads no
  // further. 0 is not: segmentation offload leaves it so.
  if (ihl < 20 || (total !== 0 && total < ihl)) return -1;
  seg.v6 = false;
  seg.srcOff = o + 12;
  seg.dstOff = o + 16;
  seg.srcKey = String(((b[o + 12]! << 24) | (b[o + 13]! << 16) | (b[o + 14]! << 8) | b[o + 15]!) >>> 0);
  seg.dstKey = String(((b[o + 16]! << 24) | (b[o + 17]! << 16) | (b[o + 18]! << 8) | b[o + 19]!) >>> 0);
  // TSO captures show total length 0: fall back to what was captured.
  const ipLen = total || n.end - o;
  n.end = Math.min(n.end, o + ipLen);
  n.o = o + ihl;
  seg.payloadLen = ipLen - ihl;
  const frag = u16(b, o + 6);
  if (frag & 0x3fff) return reassemble(frags, `${seg.srcKey}>${seg.dstKey}#${u16(b, o + 4)}`, (frag & 0x1fff) * 8, (frag & 0x2000) !== 0, b, n, seg, b[o + 9]!);
  return afterAh(b, n, seg, b[o + 9]!);
}

/** decodeTcp's signal that a reassembled datagram filled the segment. */
const REASSEMBLED = -2;

/** A fragment of a TCP datagram (n at its payload): REASSEMBLED when it completes one, else -1. */
function reassemble(frags: IpFragments | undefined, key: string, offset: number, more: boolean, b: Uint8Array, n: Layer, seg: TcpSegment, proto: number): number {
  if (!frags || proto !== IPPROTO.TCP) return -1;
  const d = frags.add(key, offset, more, seg.payloadLen, b, n.o, n.end);
  // The datagram is whole: only its own length bounds the payload.
  return d && decodeTcpHeader(d.head, 0, d.headLen, d.total, Infinity, seg) ? REASSEMBLED : -1;
}

function ipv6(b: Uint8Array, n: Layer, seg: TcpSegment, frags: IpFragments | undefined): number {
  const o = n.o;
  if (n.end - o < 40 || b[o]! >> 4 !== 6) return -1;
  let nextHdr = b[o + 6]!;
  let left = u16(b, o + 4) || zeroPayloadLength(b, o, n.end);
  seg.v6 = true;
  seg.srcOff = o + 8;
  seg.dstOff = o + 24;
  seg.srcKey = hex(b, o + 8);
  seg.dstKey = hex(b, o + 24);
  n.end = Math.min(n.end, o + 40 + left);
  let p = o + 40;
  let frag = -1; // the fragment header's offset field and M flag, when there is one
  let fragId = 0;
  // Extension headers: hop-by-hop, routing, destination options, fragment.
  for (let i = 0; i < 8; i++) {
    if (nextHdr === IPPROTO.HOPOPTS || nextHdr === IPPROTO.ROUTING || nextHdr === IPPROTO.DSTOPTS) {
      if (n.end - p < 8) return -1;
      const len = (b[p + 1]! + 1) * 8;
      nextHdr = b[p]!;
      p += len;
      left -= len;
    } else if (nextHdr === IPPROTO.FRAGMENT) {
      if (n.end - p < 8) return -1;
      frag = u16(b, p + 2);
      fragId = u32be(b, p + 4);
      nextHdr = b[p]!;
      p += 8;
      left -= 8;
    } else break;
  }
  n.o = p;
  seg.payloadLen = left;
  if (frag > 0) return reassemble(frags, `${seg.srcKey}>${seg.dstKey}#${fragId}`, frag & 0xfff8, (frag & 1) !== 0, b, n, seg, nextHdr);
  return afterAh(b, n, seg, nextHdr);
}

/** AH authenticates without hiding: its payload length field says how much to skip (RFC 4302 §2.2). */
function afterAh(b: Uint8Array, n: Layer, seg: TcpSegment, proto: number): number {
  for (let i = 0; proto === IPPROTO.AH; i++) {
    if (i === 4 || n.end - n.o < 12) return -1;
    const len = (b[n.o + 1]! + 2) * 4;
    proto = b[n.o]!;
    n.o += len;
    seg.payloadLen -= len;
  }
  return proto;
}

/**
 * A TCP header at `o`, `segLen` bytes of segment by the IP header. A data offset under 20 bytes is
 * bogus, but tshark still numbers the packet in its stream (ports, sequence number and flags come
 * first) and counts `tcp.len` as the segment less that offset: so does this.
 */
function decodeTcpHeader(b: Uint8Array, o: number, end: number, segLen: number, wireEnd: number, seg: TcpSegment): boolean {
  if (end - o < 14) return false;
  const hdr = (b[o + 12]! >> 4) * 4;
  seg.sport = u16(b, o);
  seg.dport = u16(b, o + 2);
  seg.flags = b[o + 13]!;
  seg.seq = u32be(b, o + 4);
  seg.ack = u32be(b, o + 8);
  seg.payloadLen = Math.max(0, Math.min(segLen - hdr, wireEnd - o - hdr));
  return true;
}

const JUMBO_OPTION = 0xc2;

/**
 * The length of a jumbogram (RFC 2675: payload length 0, the real one in a hop-by-hop option, as
 * Linux's BIG TCP sends) or, without that option, of what was captured (segmentation offload
 * leaves the field 0 too).
 */
function zeroPayloadLength(b: Uint8Array, o: number, end: number): number {
  const p = o + 40;
  if (b[o + 6] === IPPROTO.HOPOPTS && end - p >= 8) {
    const hbhEnd = Math.min(end, p + (b[p + 1]! + 1) * 8);
    for (let q = p + 2; q < hbhEnd; ) {
      if (b[q] === 0) q++; // Pad1
      else if (b[q] === JUMBO_OPTION && b[q + 1] === 4 && hbhEnd - q >= 6) return u32be(b, q + 2);
      else q += 2 + (b[q + 1] ?? 0);
    }
  }
  return end - p;
}

function hex(b: Uint8Array, o: number): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += (b[o + i]! + 0x100).toString(16).slice(1);
  return s;
}

/** An address as people write it: dotted quad or compressed IPv6 (RFC 5952). */
export function formatAddress(b: Uint8Array, off: number, v6: boolean): string {
  if (!v6) return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push(u16(b, off + i * 2));
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j === i ? i + 1 : j;
  }
  const h = (g: number[]) => g.map((x) => x.toString(16)).join(':');
  return bestAt < 0 ? h(groups) : `${h(groups.slice(0, bestAt))}::${h(groups.slice(bestAt + bestLen))}`;
}

export const formatEndpoint = (addr: string, port: number, v6: boolean): string => (v6 ? `[${addr}]:${port}` : `${addr}:${port}`);
