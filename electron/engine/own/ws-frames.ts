// WebSocket traffic (RFC 6455) out of a byte stream: the HTTP upgrade (§4), then frames, decoded
// by ws's own Receiver. The upgrade ends at its first empty line (RFC 9112 §2.1); a frame ends
// where the Receiver has consumed it when it emits the frame's event.
import * as wsModule from 'ws';
import { preview, type FrameSplitter, type WireFrame, type Writer } from './wire-frames.ts';
import type { FrameLabel } from '../../../shared/model/frame-labels.ts';

/**
 * The part of ws's Receiver (exported by ws, not typed by @types/ws) this file uses. It is fed
 * through `_write`, the Writable's own step, so a broken frame is reported at once rather than on
 * a later tick.
 */
interface Receiver {
  _write(chunk: Buffer, encoding: string, done: (e?: Error | null) => void): void;
  on(event: 'message', fn: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'ping' | 'pong', fn: (data: Buffer) => void): this;
  on(event: 'conclude', fn: (code: number, reason: Buffer) => void): this;
  /** Bytes written and not consumed yet: read at each event, it says where that frame ended. */
  readonly _bufferedBytes: number;
}
const ReceiverClass = (wsModule as unknown as { Receiver: new (o: object) => Receiver }).Receiver;

/** An upgrade's headers larger than this are not an upgrade (servers cap them near 8–16 KiB). */
const MAX_UPGRADE_BYTES = 16 * 1024;

export function wsFrames(writer: Writer): FrameSplitter {
  let upgraded = false;
  let closed = false;
  let pending: Buffer = Buffer.alloc(0);
  /** Bytes handed to the Receiver, and how many of them are already accounted for. */
  let fed = 0;
  let taken = 0;
  let out: WireFrame[] = [];
  let problem: string | null = null;
  // Frames from a client are masked, from a server not (§5.1): the Receiver checks which it reads.
  const r = new ReceiverClass({ isServer: writer === 'client', allowSynchronousEvents: true, skipUTF8Validation: true, maxPayload: 0 });
  const take = (label: FrameLabel, line: string) => {
    const end = fed - r._bufferedBytes;
    out.push({ label, line, raw: pending.subarray(0, end - taken) });
    pending = pending.subarray(end - taken);
    taken = end;
  };
  r.on('message', (data, isBinary) => take(isBinary ? 'BINARY' : 'TEXT', isBinary ? `BINARY ${data.length} bytes` : `TEXT ${data.toString('utf8')}`));
  r.on('ping', () => take('PING', 'PING'));
  r.on('pong', () => take('PONG', 'PONG'));
  r.on('conclude', (code, reason) => {
    take('CLOSE', `CLOSE ${code}${reason.length ? ` ${reason.toString('utf8')}` : ''}`);
    closed = true;
  });

  const upgrade = (): boolean => {
    const end = pending.indexOf('\r\n\r\n');
    if (end < 0) {
      if (pending.length > MAX_UPGRADE_BYTES) problem = `it sent ${preview(pending)}, and no end of an HTTP upgrade within ${MAX_UPGRADE_BYTES} bytes`;
      return false;
    }
    const raw = blankAuthorization(pending.subarray(0, end + 4));
    out.push({ label: 'UPGRADE', line: raw.toString('latin1').split('\r\n', 1)[0]!, raw });
    pending = pending.subarray(end + 4);
    upgraded = true;
    return true;
  };

  return {
    push(chunk) {
      out = [];
      if (problem || closed) return out;
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      if (!upgraded) {
        if (!upgrade() || pending.length === 0) return out;
        chunk = pending;
      }
      fed += chunk.length;
      // A copy: the Receiver unmasks client frames in place, and `pending` keeps the bytes as sent.
      r._write(Buffer.from(chunk), 'buffer', (e) => {
        if (e) problem ??= `it sent ${preview(pending)}, which is no WebSocket frame (ws: ${e.message})`;
      });
      return out;
    },
    get problem() {
      return problem;
    },
  };
}

/** The upgrade with any Authorization header's value replaced by '*': logs and exports never hold it. */
function blankAuthorization(raw: Buffer): Buffer {
  const text = raw.toString('latin1').replace(/^(authorization:[ \t]*)(.*)$/gim, (_, name: string, value: string) => name + '*'.repeat(value.length));
  return Buffer.from(text, 'latin1');
}
