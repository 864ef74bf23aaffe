// Juniper routers' capture link types: each frame starts with Juniper's header — the "MGC" magic,
// a flags byte, and extension TLVs when the flags say so — then what the link type carries. Only
// the link types whose layout Wireshark's Juniper dissector fixes are read; the ATM, multilink and
// frame-relay ones, whose payload is guessed from PIC-specific cookies, are not.
import { ETHER_FRAME, ETHERTYPE, IP_ANY, next, u16, u32le, type Layer } from './layer.ts';
import { pppProtocol } from './ethernet-frames.ts';

export const JUNIPER_LINKTYPE = {
  JUNIPER_GGSN: 133, // a 2-byte payload type (little-endian) and a VLAN id, then the packet
  JUNIPER_SERVICES: 136, // a services PIC's cookie (16 bytes inbound, 12 outbound), then IP
  JUNIPER_PPPOE: 167, // Ethernet frames of a PPPoE PIC
  JUNIPER_ETHER: 178,
  JUNIPER_PPP: 179, // 2 bytes, then the PPP protocol field
  JUNIPER_CHDLC: 181, // Cisco HDLC
  JUNIPER_VP: 183, // a voice PIC's 18 bytes, then IP
} as const;

const JUNIPER = new Set<number>(Object.values(JUNIPER_LINKTYPE));
export const isJuniper = (lt: number): boolean => JUNIPER.has(lt);

const MAGIC = [0x4d, 0x47, 0x43]; // "MGC"
const FLAG_PKT_IN = 0x01;
const FLAG_NO_L2 = 0x02; // the layer-2 header was stripped: a payload type precedes the packet
const FLAG_EXT = 0x80; // extension TLVs follow, their total length in the next 2 bytes

/** The payload types tshark 4.0 reads as IP (its "ip" dissector also takes IPv6) or as IPv6. */
function byPayloadType(type: number, n: Layer, o: number): boolean {
  if (type === 2 || type === 3) return next(n, o, IP_ANY);
  if (type === 6 || type === 7) return next(n, o, ETHERTYPE.IPV6);
  return false;
}

/** Moves `n` past Juniper's header and what `linkType` puts before the packet; false when unread. */
export function juniper(linkType: number, b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  if (n.end - o < 6 || b[o] !== MAGIC[0] || b[o + 1] !== MAGIC[1] || b[o + 2] !== MAGIC[2]) return false;
  const flags = b[o + 3]!;
  const p = flags & FLAG_EXT ? o + 6 + u16(b, o + 4) : o + 4;
  if (n.end - p < 4) return false;
  if (flags & FLAG_NO_L2) return byPayloadType(u32le(b, p), n, p + 4);
  switch (linkType) {
    case JUNIPER_LINKTYPE.JUNIPER_ETHER:
    case JUNIPER_LINKTYPE.JUNIPER_PPPOE:
      return next(n, p, ETHER_FRAME, 14);
    case JUNIPER_LINKTYPE.JUNIPER_CHDLC:
      return next(n, p + 4, u16(b, p + 2));
    case JUNIPER_LINKTYPE.JUNIPER_PPP:
      return pppProtocol(b, n, p + 2);
    case JUNIPER_LINKTYPE.JUNIPER_GGSN:
      return byPayloadType(b[p]! | (b[p + 1]! << 8), n, p + 4);
    case JUNIPER_LINKTYPE.JUNIPER_SERVICES:
      return next(n, p + (flags & FLAG_PKT_IN ? 16 : 12), IP_ANY);
    case JUNIPER_LINKTYPE.JUNIPER_VP:
      return next(n, p + 18, IP_ANY);
    default:
      return false;
  }
}
