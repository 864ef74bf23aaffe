// The cursor every decoding step moves along a frame: where the next header starts, where the
// bytes it may use end, what it is, and the tunnels passed on the way. One caller-owned object per
// decoder: a capture holds millions of packets, and a step allocates nothing.

/** `type` is an EtherType, or one of these for what has no EtherType of its own. */
export const ETHER_FRAME = 0x10000; // an Ethernet frame (destination MAC first)
export const IP_ANY = 0x10001; // IPv4 or IPv6, told apart by the version nibble

export const ETHERTYPE = {
  IPV4: 0x0800,
  IPV6: 0x86dd,
  VLAN: 0x8100,
  QINQ: 0x88a8, // 802.1ad service tag
  QINQ_OLD: 0x9100, // the pre-802.1ad tag some switches still send
  MPLS: 0x8847,
  MPLS_MULTICAST: 0x8848,
  PPPOE_SESSION: 0x8864,
  PPP: 0x880b, // what enhanced GRE (PPTP) carries
  TEB: 0x6558, // Transparent Ethernet Bridging: an Ethernet frame (GRE, Geneve)
  ERSPAN_II: 0x88be, // also ERSPAN type I, told apart by GRE's sequence bit
  ERSPAN_III: 0x22eb,
  PBB: 0x88e7, // 802.1ah I-tag
  E_TAG: 0x893f, // 802.1BR
  VN_TAG: 0x8926,
  FABRICPATH: 0x8903,
} as const;

export interface Layer {
  o: number;
  end: number;
  type: number;
  /** Encapsulations passed, outermost first, joined by '/'; '' when the packet was not tunnelled. */
  tunnel: string;
}

export const newLayer = (): Layer => ({ o: 0, end: 0, type: 0, tunnel: '' });

export const u16 = (b: Uint8Array, o: number): number => (b[o]! << 8) | b[o + 1]!;

export const u32be = (b: Uint8Array, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;

export const u32le = (b: Uint8Array, o: number): number => ((b[o + 3]! << 24) | (b[o + 2]! << 16) | (b[o + 1]! << 8) | b[o]!) >>> 0;

export function tunnelled(n: Layer, name: string): void {
  n.tunnel = n.tunnel ? `${n.tunnel}/${name}` : name;
}

/** Moves the cursor to `o` with `type` next: false when that leaves fewer than `need` bytes. */
export function next(n: Layer, o: number, type: number, need = 1): boolean {
  if (n.end - o < need) return false;
  n.o = o;
  n.type = type;
  return true;
}
