// Link layer → IP → TCP decoding for captured frames. Pure (bytes in, numbers out) so a capture
// can be decoded wherever its bytes are: the CLI, the main process, or later the renderer.

/** The link types Lifeline reads (tcpdump.org/linktypes.html). One definition, used by reader and writer. */
export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in the capturing host's byte order
  ETHERNET: 1,
  RAW: 101, // raw IPv4 or IPv6, told apart by the version nibble
  LOOP: 108, // OpenBSD loopback: address family in network byte order
  LINUX_SLL: 113, // Linux cooked v1 (`tcpdump -i any`, older libpcap)
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276, // Linux cooked v2 (`tcpdump -i any`, libpcap ≥ 1.10)
} as const;

const KNOWN = new Set<number>(Object.values(LINKTYPE));
export const isKnownLinkType = (lt: number): boolean => KNOWN.has(lt);

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
  /** Payload length from the IP header: right even when the capture cut the frame short (snaplen). */
  payloadLen: number;
}

export function newSegment(): TcpSegment {
  return { v6: false, srcOff: 0, dstOff: 0, srcKey: '', dstKey: '', sport: 0, dport: 0, flags: 0, payloadLen: 0 };
}

const AF_INET = 2;
const isAfInet6 = (f: number) => f === 10 || f === 24 || f === 28 || f === 30; // Linux, BSDs, macOS
const ETHERTYPE_IPV4 = 0x0800;
const ETHERTYPE_IPV6 = 0x86dd;
const ETHERTYPE_VLAN = 0x8100;
const ETHERTYPE_QINQ = 0x88a8;

const u16 = (b: Uint8Array, o: number) => (b[o]! << 8) | b[o + 1]!;

/** Decodes `b[start, end)` as a frame of `linkType`; false when it is not TCP over IP. */
export function decodeTcp(linkType: number, b: Uint8Array, start: number, end: number, seg: TcpSegment): boolean {
  let o = start;
  let ethertype: number;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      if (end - o < 14) return false;
      ethertype = u16(b, o + 12);
      o += 14;
      while ((ethertype === ETHERTYPE_VLAN || ethertype === ETHERTYPE_QINQ) && end - o >= 4) {
        ethertype = u16(b, o + 2);
        o += 4;
      }
      break;
    case LINKTYPE.LINUX_SLL:
      if (end - o < 16) return false;
      ethertype = u16(b, o + 14);
      o += 16;
      break;
    case LINKTYPE.LINUX_SLL2:
      if (end - o < 20) return false;
      ethertype = u16(b, o);
      o += 20;
      break;
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (end - o < 4) return false;
      const be = ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
      const le = ((b[o + 3]! << 24) | (b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!) >>> 0;
      // NULL is in the capturing host's byte order, which the file does not record: try both.
      const fam = linkType === LINKTYPE.LOOP ? be : be < 256 ? be : le;
      ethertype = fam === AF_INET ? ETHERTYPE_IPV4 : isAfInet6(fam) ? ETHERTYPE_IPV6 : 0;
      o += 4;
      break;
    }
    case LINKTYPE.RAW:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      if (end - o < 1) return false;
      ethertype = b[o]! >> 4 === 4 ? ETHERTYPE_IPV4 : b[o]! >> 4 === 6 ? ETHERTYPE_IPV6 : 0;
      break;
    default:
      return false;
  }
  if (ethertype === ETHERTYPE_IPV4) return decodeIpv4(b, o, end, seg);
  if (ethertype === ETHERTYPE_IPV6) return decodeIpv6(b, o, end, seg);
  return false;
}

function decodeIpv4(b: Uint8Array, o: number, end: number, seg: TcpSegment): boolean {
  if (end - o < 20 || b[o]! >> 4 !== 4) return false;
  const ihl = (b[o]! & 0x0f) * 4;
  const total = u16(b, o + 2);
  // Only the first fragment carries the TCP header.
  if (ihl < 20 || b[o + 9] !== 6 || (u16(b, o + 6) & 0x1fff) !== 0) return false;
  seg.v6 = false;
  seg.srcOff = o + 12;
  seg.dstOff = o + 16;
  seg.srcKey = String(((b[o + 12]! << 24) | (b[o + 13]! << 16) | (b[o + 14]! << 8) | b[o + 15]!) >>> 0);
  seg.dstKey = String(((b[o + 16]! << 24) | (b[o + 17]! << 16) | (b[o + 18]! << 8) | b[o + 19]!) >>> 0);
  // TSO captures show total length 0: fall back to what was captured.
  const ipLen = total >= ihl ? total : end - o;
  return decodeTcpHeader(b, o + ihl, Math.min(end, o + ipLen), ipLen - ihl, seg);
}

function decodeIpv6(b: Uint8Array, o: number, end: number, seg: TcpSegment): boolean {
  if (end - o < 40 || b[o]! >> 4 !== 6) return false;
  let next = b[o + 6]!;
  let left = u16(b, o + 4);
  seg.v6 = true;
  seg.srcOff = o + 8;
  seg.dstOff = o + 24;
  seg.srcKey = hex(b, o + 8);
  seg.dstKey = hex(b, o + 24);
  let p = o + 40;
  // Extension headers: hop-by-hop, routing, destination options; a fragment only if it is the first.
  for (let i = 0; i < 8 && next !== 6; i++) {
    if (end - p < 8) return false;
    if (next === 0 || next === 43 || next === 60) {
      const len = (b[p + 1]! + 1) * 8;
      next = b[p]!;
      p += len;
      left -= len;
    } else if (next === 44) {
      if ((u16(b, p + 2) & 0xfff8) !== 0) return false;
      next = b[p]!;
      p += 8;
      left -= 8;
    } else return false;
  }
  if (next !== 6) return false;
  return decodeTcpHeader(b, p, end, left, seg);
}

function decodeTcpHeader(b: Uint8Array, o: number, end: number, segLen: number, seg: TcpSegment): boolean {
  if (end - o < 14) return false;
  const hdr = (b[o + 12]! >> 4) * 4;
  if (hdr < 20) return false;
  seg.sport = u16(b, o);
  seg.dport = u16(b, o + 2);
  seg.flags = b[o + 13]!;
  seg.payloadLen = Math.max(0, segLen - hdr);
  return true;
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
