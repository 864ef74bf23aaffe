// A peer that writes as fast as the other end accepts and never reads: bounded in bytes and in
// how long it waits for the other end to take more.
import type net from 'node:net';

export interface FloodResult {
  written: number;
  /** Why it stopped: the peer closed, the byte budget ran out, or the peer stopped taking bytes. */
  stop: 'closed' | 'budget' | 'stalled';
}

export async function flood(socket: net.Socket, chunk: Buffer, maxBytes: number, stallMs = 2000): Promise<FloodResult> {
  socket.pause();
  let written = 0;
  while (written < maxBytes) {
    if (socket.destroyed || !socket.writable) return { written, stop: 'closed' };
    written += chunk.length;
    if (socket.write(chunk)) continue;
    const outcome = await new Promise<'drain' | 'closed' | 'stalled'>((resolve) => {
      const done = (v: 'drain' | 'closed' | 'stalled') => {
        clearTimeout(timer);
        socket.off('drain', onDrain);
        socket.off('close', onClose);
        resolve(v);
      };
      const onDrain = () => done('drain');
      const onClose = () => done('closed');
      const timer = setTimeout(() => done('stalled'), stallMs);
      socket.once('drain', onDrain);
      socket.once('close', onClose);
    });
    if (outcome !== 'drain') return { written, stop: outcome };
  }
  return { written, stop: 'budget' };
}

/** `count` protocol lines of the given verb, as one chunk. */
export function pingChunk(count: number): Buffer {
  return Buffer.from(Array.from({ length: count }, (_, i) => `PING ${i}\n`).join(''), 'latin1');
}
