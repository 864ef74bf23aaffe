// Writes pcapng to a file: the blocks come from shared/capture/pcapng-blocks.ts (the inspector builds the
// same bytes for a download); this side only buffers them into the file.
import fs from 'node:fs';
import { interfaceBlock, packetBlock, sectionHeader } from '../../shared/capture/pcapng-blocks.ts';
import { writeAllSync } from './write-all.ts';

const FLUSH_BYTES = 1 << 20;

/** Blocks appended to a file, written a megabyte at a time. */
/** Where pcapng blocks go, in order: a file, or standard output (`lifeline export --pcapng -`). */
export interface BlockSink {
  write(b: Uint8Array): void;
  close(): void;
}

export class BlockFile implements BlockSink {
  private fd: number;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;

  constructor(readonly path: string) {
    this.fd = fs.openSync(path, 'w');
  }

  write(b: Uint8Array): void {
    this.pending.push(b);
    this.pendingBytes += b.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    // Taken off first: after a failed write, close() does not try the same bytes again.
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    // Whole, or the cause thrown (ENOSPC): a short write must not pass for a written file.
    writeAllSync(this.fd, bytes);
  }

  close(): void {
    if (this.fd < 0) return;
    try {
      this.flush();
    } finally {
      fs.closeSync(this.fd);
      this.fd = -1;
    }
  }
}

/** One section, interfaces declared before their packets. */
export class PcapngWriter {
  private readonly out: BlockFile;
  private interfaces = 0;

  constructor(path: string, userAppl: string) {
    this.out = new BlockFile(path);
    this.out.write(sectionHeader(userAppl));
  }

  /** Declares an interface; returns its id for `packet`. */
  addInterface(linkType: number, name: string, description: string): number {
    this.out.write(interfaceBlock(linkType, name, description));
    return this.interfaces++;
  }

  packet(iface: number, tsUs: number, data: Uint8Array, comments: readonly string[] = []): void {
    if (iface < 0 || iface >= this.interfaces) throw new Error(`Invariant: packet for undeclared interface ${iface}`);
    this.out.write(packetBlock(iface, tsUs, data, comments));
  }

  close(): void {
    this.out.close();
  }
}
