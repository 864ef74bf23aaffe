// Tunnels that carry a packet inside IP: GRE (with ERSPAN and PPTP's enhanced GRE) by IP
// protocol, and VXLAN, Geneve, GTP-U and L2TP by their UDP ports as Wireshark assigns them. Each
// moves the cursor to the inner packet and names itself in `n.tunnel`.
import { ETHER_FRAME, ETHERTYPE, IP_ANY, next, tunnelled, u16, type Layer } from './layer.ts';
import { pppProtocol } from './ethernet-frames.ts';

const GRE_CSUM = 0x8000;
const GRE_ROUTING = 0x4000;
const GRE_KEY = 0x2000;
const GRE_SEQ = 0x1000;
const GRE_ACK = 0x0080; // enhanced GRE (version 1) only

/** GRE (RFC 2784/2890, RFC 2637's version 1) at n.o; ERSPAN types I–III inside it. */
export function gre(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  if (n.end - o < 4) return false;
  const flags = u16(b, o);
  const proto = u16(b, o + 2);
  const version = flags & 7;
  if (version > 1 || flags & GRE_ROUTING) return false; // source routing: obsolete, not decoded
  let p = o + 4;
  if (flags & GRE_CSUM) p += 4;
  if (flags & GRE_KEY || version === 1) p += 4;
  if (flags & GRE_SEQ) p += 4;
  if (version === 1 && flags & GRE_ACK) p += 4;
  if (proto === ETHERTYPE.ERSPAN_II || proto === ETHERTYPE.ERSPAN_III) {
    tunnelled(n, 'erspan');
    // Type I has no header of its own (GRE without a sequence number); II has 8 bytes; III 12,
    // and 8 more when its O bit says a platform sub-header follows.
    let hdr = proto === ETHERTYPE.ERSPAN_III ? 12 : flags & GRE_SEQ ? 8 : 0;
    if (proto === ETHERTYPE.ERSPAN_III && n.end - p >= 12 && b[p + 11]! & 1) hdr += 8;
    return next(n, p + hdr, ETHER_FRAME, 14);
  }
  tunnelled(n, 'gre');
  return next(n, p, proto === ETHERTYPE.TEB ? ETHER_FRAME : proto);
}

export const UDP_PORT = { VXLAN: 4789, VXLAN_GPE: 4790, GENEVE: 6081, GTP_U: 2152, L2TP: 1701 } as const;
const TUNNEL_PORTS = new Set<number>(Object.values(UDP_PORT));

/** A UDP payload at n.o (`sport`/`dport` its ports): false when no tunnel it carries is known. */
export function udpTunnel(b: Uint8Array, n: Layer, sport: number, dport: number): boolean {
  const port = TUNNEL_PORTS.has(dport) ? dport : sport;
  const o = n.o;
  const left = n.end - o;
  switch (port) {
    case UDP_PORT.VXLAN:
      // RFC 7348: flags with the I bit, VNI; then the Ethernet frame.
      if (left < 8 || !(b[o]! & 0x08)) return false;
      tunnelled(n, 'vxlan');
      return next(n, o + 8, ETHER_FRAME, 14);
    case UDP_PORT.VXLAN_GPE:
      return vxlanGpe(b, n);
    case UDP_PORT.GENEVE: {
      // RFC 8926: version 0, options length in 4-byte words, protocol type.
      if (left < 8 || b[o]! >> 6 !== 0) return false;
      tunnelled(n, 'geneve');
      const proto = u16(b, o + 2);
      return next(n, o + 8 + (b[o]! & 0x3f) * 4, proto === ETHERTYPE.TEB ? ETHER_FRAME : proto);
    }
    case UDP_PORT.GTP_U:
      return gtpU(b, n);
    case UDP_PORT.L2TP:
      return l2tp(b, n);
    default:
      return false;
  }
}

const GTP_TPDU = 0xff;

/** GTP-U (3GPP TS 29.281) version 1 carrying a user packet (T-PDU), extension headers skipped. */
function gtpU(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  if (n.end - o < 8 || b[o]! >> 5 !== 1 || !(b[o]! & 0x10) || b[o + 1] !== GTP_TPDU) return false;
  n.end = Math.min(n.end, o + 8 + u16(b, o + 2));
  let p = o + 8;
  if (b[o]! & 0x07) {
    // Sequence number, N-PDU number and next extension type come together when any is flagged.
    if (n.end - p < 4) return false;
    let ext = b[p + 3]!;
    p += 4;
    for (let i = 0; ext !== 0; i++) {
      if (i === 16 || n.end - p < 4 || b[p] === 0) return false;
      const len = b[p]! * 4;
      if (n.end - p < len) return false;
      ext = b[p + len - 1]!;
      p += len;
    }
  }
  tunnelled(n, 'gtp-u');
  return next(n, p, IP_ANY);
}

const L2TP_CONTROL = 0x8000;
const L2TP_LENGTH = 0x4000;
const L2TP_SEQ = 0x0800;
const L2TP_OFFSET = 0x0200;

/** L2TP data messages over UDP: version 2 (RFC 2661 §3.1) carries PPP, version 3 a pseudowire. */
function l2tp(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  if (n.end - o < 6) return false;
  const flags = u16(b, o);
  if (flags & L2TP_CONTROL) return false;
  // RFC 3931 §4.1.2.1: flags and version, 2 reserved bytes, then the session as over IP.
  if ((flags & 0xf) === 3) return l2tpv3Session(b, n, o + 4);
  if ((flags & 0xf) !== 2) return false;
  let p = o + 2;
  if (flags & L2TP_LENGTH) p += 2;
  p += 4; // tunnel and session ids
  if (flags & L2TP_SEQ) p += 4;
  if (flags & L2TP_OFFSET) {
    if (n.end - p < 2) return false;
    p += 2 + u16(b, p);
  }
  tunnelled(n, 'l2tp');
  return pppProtocol(b, n, p);
}

/** L2TPv3 over IP (protocol 115, RFC 3931 §4.1.1.1): a session id, 0 for a control message. */
export const l2tpv3OverIp = (b: Uint8Array, n: Layer): boolean => l2tpv3Session(b, n, n.o);

/**
 * An L2TPv3 data session header at `o`, read as an Ethernet pseudowire (RFC 4719) without cookie
 * or L2-specific sublayer. Which pseudowire, cookie and sublayer a session uses only its setup
 * (control messages) tells; tshark reads a session it has no setup for the same way once told
 * the pseudowire is Ethernet and there is neither.
 */
function l2tpv3Session(b: Uint8Array, n: Layer, o: number): boolean {
  if (n.end - o < 4 || (b[o]! | b[o + 1]! | b[o + 2]! | b[o + 3]!) === 0) return false;
  tunnelled(n, 'l2tpv3');
  return next(n, o + 4, ETHER_FRAME, 14);
}

const GPE_NEXT: Record<number, number> = { 1: ETHERTYPE.IPV4, 2: ETHERTYPE.IPV6, 3: ETHER_FRAME, 5: ETHERTYPE.MPLS };

/** VXLAN-GPE (draft-ietf-nvo3-vxlan-gpe): flags, reserved, the next protocol, VNI; 8 bytes. */
function vxlanGpe(b: Uint8Array, n: Layer): boolean {
  const o = n.o;
  const type = n.end - o >= 8 ? GPE_NEXT[b[o + 3]!] : undefined;
  if (type === undefined) return false;
  tunnelled(n, 'vxlan-gpe');
  return next(n, o + 8, type);
}
