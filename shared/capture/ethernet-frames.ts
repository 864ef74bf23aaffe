// Ethernet and what wraps or rides in it on the way to IP: 802.3 frames with LLC/SNAP, VLAN and
// 802.1ad QinQ tags, the tags of data-centre fabrics (E-Tag, VN-Tag, PBB, FabricPath), MPLS label
// stacks, PPPoE sessions and PPP's protocol field. Each step reads `n` at its EtherType's payload
// and moves it to the next header, as Wireshark's dissectors hand on by EtherType.
import { ETHER_FRAME, ETHERTYPE, IP_ANY, next, tunnelled, u16, type Layer } from './layer.ts';

/** An Ethernet frame at n.o: to its EtherType's payload (802.3 length frames go through LLC). */
export function ethernetFrame(b: Uint8Array, n: Layer): boolean {
  if (n.end - n.o < 14) return false;
  const typeOrLen = u16(b, n.o + 12);
  // Values up to 1500 are an 802.3 length: LLC follows (IEEE 802.3 clause 3.2.6).
  if (typeOrLen <= 1500) return llcSnap(b, n, n.o + 14);
  return next(n, n.o + 14, typeOrLen);
}

/** LLC with a SNAP header (AA AA 03, OUI, EtherType) at `o`: IP over 802.2 (RFC 1042). */
export function llcSnap(b: Uint8Array, n: Layer, o: number): boolean {
  if (n.end - o < 8 || b[o] !== 0xaa || b[o + 1] !== 0xaa || b[o + 2] !== 0x03) return false;
  return next(n, o + 8, u16(b, o + 6));
}

const MAX_LABELS = 16;

/** PPP's protocol field at `o` (after an optional FF 03 address and control), to its payload. */
export function pppProtocol(b: Uint8Array, n: Layer, o: number): boolean {
  if (n.end - o >= 2 && b[o] === 0xff && b[o + 1] === 0x03) o += 2;
  if (n.end - o < 1) return false;
  // An odd first byte is a compressed one-byte protocol field (RFC 1661 §6.5).
  const proto = b[o]! & 1 ? b[o++]! : n.end - o >= 2 ? u16(b, (o += 2) - 2) : -1;
  switch (proto) {
    case 0x21: return next(n, o, ETHERTYPE.IPV4);
    case 0x57: return next(n, o, ETHERTYPE.IPV6);
    case 0x281: return next(n, o, ETHERTYPE.MPLS);
    default: return false;
  }
}

/**
 * One EtherType that wraps another header (n.o is just past the EtherType field): false when
 * `n.type` is not one of them or its header is cut short.
 */
export function unwrapEthertype(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  const left = n.end - o;
  switch (n.type) {
    case ETHERTYPE.VLAN:
    case ETHERTYPE.QINQ:
    case ETHERTYPE.QINQ_OLD:
      return left >= 4 && next(n, o + 4, u16(b, o + 2)); // TCI, then the EtherType
    case ETHERTYPE.VN_TAG:
      return left >= 6 && next(n, o + 6, u16(b, o + 4));
    case ETHERTYPE.E_TAG:
      return left >= 8 && next(n, o + 8, u16(b, o + 6));
    case ETHERTYPE.PBB:
      return next(n, o + 4, ETHER_FRAME, 14); // I-tag, then the customer's frame
    case ETHERTYPE.FABRICPATH:
      return next(n, o + 2, ETHER_FRAME, 14); // FTag and TTL, then the original frame
    case ETHERTYPE.TEB:
      return next(n, o, ETHER_FRAME, 14);
    case ETHERTYPE.MPLS:
    case ETHERTYPE.MPLS_MULTICAST:
      return mplsStack(b, n);
    case ETHERTYPE.PPPOE_SESSION: {
      if (left < 8 || b[o + 1] !== 0) return false; // code 0: session data
      tunnelled(n, 'pppoe');
      n.end = Math.min(n.end, o + 6 + u16(b, o + 4));
      return pppProtocol(b, n, o + 6);
    }
    case ETHERTYPE.PPP:
      return pppProtocol(b, n, o);
    default:
      return false;
  }
}

/** EtherTypes that make a pseudowire's first bytes read as a plain Ethernet frame. */
const FRAME_TYPES = new Set<number>([ETHERTYPE.IPV4, ETHERTYPE.IPV6, ETHERTYPE.VLAN, ETHERTYPE.QINQ, ETHERTYPE.MPLS, ETHERTYPE.PPPOE_SESSION]);

/**
 * Labels up to the bottom of the stack, then what they carry, which MPLS does not say: IP by its
 * version nibble, else an Ethernet pseudowire — with a control word (RFC 4385, first nibble 0)
 * unless the bytes already read as an Ethernet frame carrying IP, as Wireshark's guess does.
 */
function mplsStack(b: Uint8Array, n: Layer): boolean {
  let o = n.o;
  for (let i = 0; ; i++) {
    if (i === MAX_LABELS || n.end - o < 4) return false;
    const bottom = b[o + 2]! & 1;
    o += 4;
    if (bottom) break;
  }
  if (n.end - o < 14) return false;
  tunnelled(n, 'mpls');
  const nibble = b[o]! >> 4;
  if (nibble === 4 || nibble === 6) return next(n, o, IP_ANY);
  const controlWord = nibble === 0 && !FRAME_TYPES.has(u16(b, o + 12));
  return next(n, controlWord ? o + 4 : o, ETHER_FRAME, 14);
}
