// A tracked socket that speaks the line protocol: splits input into lines and records frames.
import { LineSplitter, parseLine, verbOf, type Message, formatMessage, MAX_LINE_BYTES } from '../../../shared/model/protocol.ts';
import type { Recorder } from '../recorder.ts';
import type { TrackedSocket } from './traffic-ledger.ts';

export type Side = 'device' | 'server';

export class LineChannel {
  private splitter = new LineSplitter();
  /** Told of every line this side writes (a heartbeat policy may count from the last write). */
  onSend: (() => void) | null = null;

  constructor(
    readonly ts: TrackedSocket,
    private readonly side: Side,
    /** null: a hop outside the app's path (the push service), whose lines are not the app's frames. */
    private readonly rec: Recorder | null,
  ) {}

  send(m: Message): void {
    const text = formatMessage(m);
    this.rec?.record({ kind: 'frame', side: this.side, dir: 'send', verb: m.verb, line: text.slice(0, -1), bytes: text.length });
    this.ts.write(text);
    this.onSend?.();
  }

  /**
   * Feeds received bytes; calls `onMessage` for each valid line and `onBad` (once) for the first
   * malformed, unknown or over-long one, after which the rest is ignored.
   */
  receive(chunk: Buffer, onMessage: (m: Message) => void, onBad: (reason: string) => void): void {
    const lines = this.splitter.push(chunk.toString('latin1'));
    for (const line of lines) {
      const p = parseLine(line);
      // A line that parsed names its verb: no second pass over it.
      this.rec?.record({ kind: 'frame', side: this.side, dir: 'recv', verb: p.ok ? p.message.verb : verbOf(line), line: line.slice(0, 120), bytes: line.length + 1 });
      if (!p.ok) return onBad(p.reason);
      onMessage(p.message);
      if (!this.ts.open) return;
    }
    if (this.splitter.tooLong) onBad(`line longer than ${MAX_LINE_BYTES} bytes`);
  }
}
