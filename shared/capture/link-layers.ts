// A frame's link layer, by the capture's link type (tcpdump.org/linktypes.html), to the first
// header above it: what the cursor starts at before tunnels and IP.
import { ETHER_FRAME, ETHERTYPE, IP_ANY, next, u16, u32be, u32le, type Layer } from './layer.ts';
import { llcSnap, pppProtocol } from './ethernet-frames.ts';
import { isJuniper, juniper, JUNIPER_LINKTYPE } from './juniper.ts';

/** The link types Lifeline reads. One definition, used by reader and writer. */
export const LINKTYPE = {
  NULL: 0, // BSD loopback: 4-byte address family in the capturing host's byte order
  ETHERNET: 1,
  PPP: 9,
  FDDI: 10,
  RAW_DLT12: 12, // raw IP as DLT_RAW is numbered on most BSDs
  RAW_DLT14: 14, // raw IP as DLT_RAW is numbered on OpenBSD
  PPP_HDLC: 50, // PPP in HDLC-like framing (RFC 1662), or Cisco HDLC
  RAW: 101, // raw IPv4 or IPv6, told apart by the version nibble
  C_HDLC: 104, // Cisco HDLC
  IEEE802_11: 105,
  LOOP: 108, // OpenBSD loopback: address family in network byte order
  LINUX_SLL: 113, // Linux cooked v1 (`tcpdump -i any`, older libpcap)
  PRISM: 119, // 802.11 after a Prism (or AVS) monitor-mode header
  RADIOTAP: 127, // 802.11 after a radiotap header
  AVS: 163, // 802.11 after an AVS monitor-mode header
  IPV4: 228,
  IPV6: 229,
  NFLOG: 239, // Linux netfilter log (`tcpdump -i nflog`)
  IPOIB: 242, // IP over InfiniBand (RFC 4391 §6) after a 40-byte GRH pseudo-header
  LINUX_SLL2: 276, // Linux cooked v2 (`tcpdump -i any`, libpcap ≥ 1.10)
  ...JUNIPER_LINKTYPE,
} as const;

const KNOWN = new Set<number>(Object.values(LINKTYPE));
export const isKnownLinkType = (lt: number): boolean => KNOWN.has(lt);

const AF_INET = 2;
const isAfInet6 = (f: number) => f === 10 || f === 24 || f === 28 || f === 30; // Linux, BSDs, macOS
const familyType = (f: number) => (f === AF_INET ? ETHERTYPE.IPV4 : isAfInet6(f) ? ETHERTYPE.IPV6 : 0);

/** Sets `n` (o and end already the frame's) to the header after the link layer; false when none. */
export function linkLayer(linkType: number, b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  const left = n.end - o;
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return next(n, o, ETHER_FRAME, 14);
    case LINKTYPE.LINUX_SLL:
      return left >= 16 && next(n, o + 16, u16(b, o + 14));
    case LINKTYPE.LINUX_SLL2:
      return left >= 20 && next(n, o + 20, u16(b, o));
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP: {
      if (left < 4) return false;
      const be = u32be(b, o);
      // NULL is in the capturing host's byte order, which the file does not record: try both.
      const fam = linkType === LINKTYPE.LOOP || be < 256 ? be : u32le(b, o);
      return next(n, o + 4, familyType(fam));
    }
    case LINKTYPE.RAW:
    case LINKTYPE.RAW_DLT12:
    case LINKTYPE.RAW_DLT14:
    case LINKTYPE.IPV4:
    case LINKTYPE.IPV6:
      return next(n, o, IP_ANY);
    case LINKTYPE.PPP:
    case LINKTYPE.PPP_HDLC:
      // Cisco HDLC shares link type 50: its address byte is 0x0F or 0x8F, PPP's 0xFF.
      if (left >= 4 && (b[o] === 0x0f || b[o] === 0x8f)) return next(n, o + 4, u16(b, o + 2));
      return pppProtocol(b, n, o);
    case LINKTYPE.C_HDLC:
      return left >= 4 && next(n, o + 4, u16(b, o + 2));
    case LINKTYPE.FDDI:
      return llcSnap(b, n, o + 13); // frame control, destination, source
    case LINKTYPE.IPOIB:
      return left >= 44 && next(n, o + 44, u16(b, o + 40));
    case LINKTYPE.NFLOG:
      return nflog(b, n);
    case LINKTYPE.IEEE802_11:
      return ieee80211(b, n, o);
    case LINKTYPE.RADIOTAP:
      return radiotap(b, n);
    case LINKTYPE.PRISM:
    case LINKTYPE.AVS:
      return monitorHeader(b, n);
    default:
      return isJuniper(linkType) && juniper(linkType, b, n);
  }
}

const NFULA_PAYLOAD = 9;

/**
 * NFLOG: address family, version, resource id, then TLVs in the capturing host's byte order
 * (tcpdump.org/linktypes/LINKTYPE_NFLOG.html); the payload TLV holds the IP packet.
 */
function nflog(b: Uint8Array, n: Layer): boolean {
  if (n.end - n.o < 4) return false;
  const type = familyType(b[n.o]!);
  const le = u16(b, n.o + 4) > 0xff; // a TLV length under 256 reads as ≥ 256 in the other order
  for (let p = n.o + 4, i = 0; i < 64 && n.end - p >= 4; i++) {
    const len = le ? b[p]! | (b[p + 1]! << 8) : u16(b, p);
    const tlvType = (le ? b[p + 2]! | (b[p + 3]! << 8) : u16(b, p + 2)) & 0x7fff;
    if (len < 4 || len > n.end - p) return false;
    if (tlvType === NFULA_PAYLOAD) {
      n.end = p + len;
      return next(n, p + 4, type);
    }
    p += (len + 3) & ~3;
  }
  return false;
}

/**
 * An 802.11 data frame at `o`: its header (QoS and four-address forms included), then LLC/SNAP.
 * Protected (encrypted) frames and other frame types carry nothing readable.
 */
function ieee80211(b: Uint8Array, n: Layer, o: number): boolean {
  if (n.end - o < 24) return false;
  const fc0 = b[o]!;
  const fc1 = b[o + 1]!;
  const subtype = fc0 >> 4;
  if (((fc0 >> 2) & 3) !== 2 || subtype & 0x4 || fc1 & 0x40) return false;
  let hdr = 24;
  if ((fc1 & 3) === 3) hdr += 6; // to-DS and from-DS: a fourth address
  if (subtype & 0x8) hdr += fc1 & 0x80 ? 6 : 2; // QoS control, and HT control with the order bit
  return llcSnap(b, n, o + hdr);
}

const RADIOTAP_FLAGS_FCS = 0x10;

/** Radiotap: its length, and whether the frame ends with an FCS (flags field), then 802.11. */
function radiotap(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  if (n.end - o < 8 || b[o] !== 0) return false;
  const len = b[o + 2]! | (b[o + 3]! << 8);
  if (len < 8 || len > n.end - o) return false;
  let p = o + 4;
  const present = u32le(b, p);
  while (u32le(b, p) & 0x8000_0000 && p + 8 <= o + len) p += 4; // extended presence words
  p += 4;
  if (present & 1) p = o + ((p - o + 7) & ~7) + 8; // TSFT, 8-aligned
  if (present & 2 && p < o + len && b[p]! & RADIOTAP_FLAGS_FCS) n.end -= 4;
  return ieee80211(b, n, o + len);
}

const AVS_MAGIC = 0x8021_1000; // versions 1 and 2 add 1 or 2

/** Prism's header (its length little-endian at 4) or AVS's (magic, then its length big-endian). */
function monitorHeader(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  if (n.end - o < 8) return false;
  const avs = (u32be(b, o) & 0xffff_fff0) >>> 0 === AVS_MAGIC;
  const len = avs ? u32be(b, o + 4) : u32le(b, o + 4);
  return len >= 8 && len <= n.end - o && ieee80211(b, n, o + len);
}
