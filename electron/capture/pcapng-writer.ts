// Writes pcapng (draft-ietf-opsawg-pcapng): one section, one Interface Description Block per
// interface, Enhanced Packet Blocks with opt_comment options, so Wireshark and tshark show
// Lifeline's events beside the packets (`tshark -Y frame.comment`). Little-endian, µs timestamps.
import fs from 'node:fs';

const SHB = 0x0a0d0d0a;
const IDB = 1;
const EPB = 6;
const OPT_END = 0;
const OPT_COMMENT = 1;
const SHB_USERAPPL = 4;
const IF_NAME = 2;
const IF_DESCRIPTION = 3;
const IF_TSRESOL = 9;
const FLUSH_BYTES = 1 << 20;

const pad4 = (n: number) => (n + 3) & ~3;

/** An option list: each (code, value) as TLV padded to 4 bytes, then opt_endofopt. */
function options(opts: readonly [number, Uint8Array][]): Buffer {
  if (opts.length === 0) return Buffer.alloc(0);
  const parts: Buffer[] = [];
  for (const [code, v] of opts) {
    const b = Buffer.alloc(4 + pad4(v.length));
    b.writeUInt16LE(code, 0);
    b.writeUInt16LE(v.length, 2);
    b.set(v, 4);
    parts.push(b);
  }
  parts.push(Buffer.from([OPT_END, 0, 0, 0]));
  return Buffer.concat(parts);
}

function block(type: number, body: Buffer): Buffer {
  const len = 12 + body.length;
  const b = Buffer.alloc(len);
  b.writeUInt32LE(type, 0);
  b.writeUInt32LE(len, 4);
  body.copy(b, 8);
  b.writeUInt32LE(len, len - 4);
  return b;
}

const text = (s: string) => Buffer.from(s, 'utf8');

export class PcapngWriter {
  private fd: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private interfaces = 0;

  constructor(
    readonly path: string,
    userAppl: string,
  ) {
    this.fd = fs.openSync(path, 'w');
    const head = Buffer.alloc(16);
    head.writeUInt32LE(0x1a2b3c4d, 0); // byte-order magic
    head.writeUInt16LE(1, 4); // version 1.0
    head.writeUInt16LE(0, 6);
    head.writeBigInt64LE(-1n, 8); // section length not given
    this.push(block(SHB, Buffer.concat([head, options([[SHB_USERAPPL, text(userAppl)]])])));
  }

  /** Declares an interface; returns its id for `packet`. */
  addInterface(linkType: number, name: string, description: string): number {
    const head = Buffer.alloc(8);
    head.writeUInt16LE(linkType, 0);
    head.writeUInt32LE(0, 4); // no snaplen limit
    this.push(block(IDB, Buffer.concat([head, options([[IF_NAME, text(name)], [IF_DESCRIPTION, text(description)], [IF_TSRESOL, Uint8Array.of(6)]])])));
    return this.interfaces++;
  }

  packet(iface: number, tsUs: number, data: Uint8Array, comments: readonly string[] = []): void {
    if (iface < 0 || iface >= this.interfaces) throw new Error(`Invariant: packet for undeclared interface ${iface}`);
    const us = Math.round(tsUs);
    const head = Buffer.alloc(20 + pad4(data.length));
    head.writeUInt32LE(iface, 0);
    head.writeUInt32LE(Math.floor(us / 2 ** 32), 4);
    head.writeUInt32LE(us % 2 ** 32, 8);
    head.writeUInt32LE(data.length, 12);
    head.writeUInt32LE(data.length, 16);
    head.set(data, 20);
    this.push(block(EPB, Buffer.concat([head, options(comments.map((c) => [OPT_COMMENT, text(c)]))])));
  }

  private push(b: Buffer): void {
    this.pending.push(b);
    this.pendingBytes += b.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    fs.writeSync(this.fd, Buffer.concat(this.pending));
    this.pending = [];
    this.pendingBytes = 0;
  }

  close(): void {
    if (this.fd < 0) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = -1;
  }
}
