// Rewrites a classic pcap file record by record: what no capture tool on Linux writes directly
// (big-endian files, BSD loopback/null framing) is made from a real capture.
const HDR = 24;
const REC = 16;

export interface Rewrite {
  bigEndian?: boolean;
  linkType?: number;
  /** Bytes dropped from the start of each frame (14: an Ethernet header). */
  strip?: number;
  /** Bytes put in their place. */
  prefix?: Uint8Array;
}

/** Integer encoders in one byte order. */
export function ints(bigEndian: boolean): { u32: (v: number) => Buffer; u16: (v: number) => Buffer } {
  return {
    u32: (v) => {
      const b = Buffer.alloc(4);
      if (bigEndian) b.writeUInt32BE(v >>> 0);
      else b.writeUInt32LE(v >>> 0);
      return b;
    },
    u16: (v) => {
      const b = Buffer.alloc(2);
      if (bigEndian) b.writeUInt16BE(v);
      else b.writeUInt16LE(v);
      return b;
    },
  };
}

export function rewritePcap(src: Buffer, w: Rewrite): Buffer {
  if (src.readUInt32LE(0) !== 0xa1b2c3d4 && src.readUInt32LE(0) !== 0xa1b23c4d) throw new Error('Invariant: expected a little-endian pcap');
  const out: Buffer[] = [];
  const { u32, u16 } = ints(Boolean(w.bigEndian));
  out.push(u32(src.readUInt32LE(0)), u16(2), u16(4), u32(0), u32(0), u32(src.readUInt32LE(16)), u32(w.linkType ?? src.readUInt32LE(20)));
  const strip = w.strip ?? 0;
  const prefix = w.prefix ?? new Uint8Array(0);
  for (let o = HDR; o + REC <= src.length; ) {
    const caplen = src.readUInt32LE(o + 8);
    const orig = src.readUInt32LE(o + 12);
    const data = src.subarray(o + REC + strip, o + REC + caplen);
    out.push(u32(src.readUInt32LE(o)), u32(src.readUInt32LE(o + 4)), u32(data.length + prefix.length), u32(orig - strip + prefix.length), Buffer.from(prefix), data);
    o += REC + caplen;
  }
  return Buffer.concat(out);
}
