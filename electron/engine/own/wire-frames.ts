// Splitting a byte stream of your own server's protocol into whole frames (docs/own-server.md).
// The libraries do the decoding (mqtt-packet, ws); this is only where one frame ends and the next
// begins, so the event log can show each frame with its bytes. Used by the device's channel, the
// NAT box's labels and the tap on the server side alike, so all three tell the same story.
import type { Packet } from 'mqtt-packet';
import type { FrameLabel } from '../../../shared/model/frame-labels.ts';
import type { Recorder } from '../recorder.ts';

export interface WireFrame {
  label: FrameLabel | '?';
  /** What a person reads in the event table (never a password). */
  line: string;
  /** The frame's bytes (a password in it blanked with '*', same length). */
  raw: Buffer;
  /** MQTT: the decoded packet, for the side that acts on it. */
  packet?: Packet;
}

export interface FrameSplitter {
  /** The whole frames completed by `chunk`; a partial frame waits for its rest. */
  push(chunk: Buffer): WireFrame[];
  /** Set once the bytes stop making sense as this protocol; nothing is split after it. */
  readonly problem: string | null;
}

/** Who writes the bytes being split: the client (the app) or the server. */
export type Writer = 'client' | 'server';

/** Frames bigger than this are logged without their bytes (an export then pads the line, as for any frame). */
const MAX_HEX_BYTES = 4096;

/** Records one frame as the event log's `frame`: its label, a readable line, its size and its bytes. */
export function recordFrame(rec: Recorder, side: 'device' | 'server', dir: 'send' | 'recv', f: WireFrame): void {
  rec.record({
    kind: 'frame', side, dir, verb: f.label, line: f.line.slice(0, 120), bytes: f.raw.length,
    ...(f.raw.length <= MAX_HEX_BYTES ? { hex: f.raw.toString('hex') } : {}),
  });
}

/** The first bytes of something that is not the protocol, as a person can read them. */
export function preview(bytes: Buffer): string {
  const head = bytes.subarray(0, 48);
  const text = head.toString('latin1');
  return /^[\x20-\x7e\r\n\t]+$/.test(text) ? JSON.stringify(text.replace(/\r?\n[\s\S]*$/, '')) : `bytes ${head.toString('hex').replace(/(..)/g, '$1 ').trim()}`;
}

/** A push as Lifeline sends it: `<id> <text>` (docs/own-server.md); anything else is not one of ours. */
export function parsePush(text: string): { id: number; text: string } | null {
  const m = /^(0|[1-9][0-9]{0,15}) ([\s\S]*)$/.exec(text);
  return m ? { id: Number(m[1]), text: m[2]! } : null;
}

export function formatPush(id: number, text: string): string {
  return `${id} ${text}`;
}
