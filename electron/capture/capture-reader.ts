// Streams the packets of a pcap or pcapng file on disk: the shared parser (shared/capture/capture-blocks.ts)
// over a file handle, one read buffer at a time, never the whole file.
import fs from 'node:fs';
import { readCaptureFrom, type ByteSource, type CapturedPacket, type CaptureReadResult, type ReadOptions } from '../../shared/capture/capture-blocks.ts';

export { CaptureDamage, type CapturedPacket, type CaptureFormat, type CaptureReadResult } from '../../shared/capture/capture-blocks.ts';

/** A file as a ByteSource, for as long as `use` runs. Messages name the file as given. */
export async function withFileSource<T>(file: string, use: (src: ByteSource) => Promise<T>): Promise<T> {
  const fh = await fs.promises.open(file, 'r');
  try {
    const size = (await fh.stat()).size;
    return await use({
      name: file,
      size,
      read: async (into, at, length, position) => (await fh.read(into, at, length, position)).bytesRead,
    });
  } finally {
    await fh.close();
  }
}

export function readCapture(file: string, onPacket: (p: CapturedPacket) => void, opts: ReadOptions = {}): Promise<CaptureReadResult> {
  return withFileSource(file, (src) => readCaptureFrom(src, onPacket, opts));
}
