// The wire protocol (docs/design.md "Wire protocol"): ASCII lines, '\n'-terminated, at most 1024 bytes a line.

/** The verbs of the line protocol. */
export const VERBS = ['HELLO', 'WELCOME', 'PING', 'PONG', 'PUSH', 'ACK', 'ERR', 'IDLE'] as const;
export type Verb = (typeof VERBS)[number];

export const MAX_LINE_BYTES = 1024;
/** The longest idle period a probe may ask for: a day, beyond any NAT timeout worth measuring. */
export const MAX_IDLE_MS = 86_400_000;

export type Message =
  | { verb: 'HELLO'; deviceId: string }
  /** The server's answer to HELLO when it plays an MQTT broker: CONNACK (FACTS: MQTT keep-alive). */
  | { verb: 'WELCOME' }
  | { verb: 'PING'; seq: number }
  | { verb: 'PONG'; seq: number }
  | { verb: 'PUSH'; id: number; text: string }
  | { verb: 'ACK'; id: number }
  | { verb: 'ERR'; reason: string }
  /** `lifeline probe`: "stay silent this long, then PING me"; the server echoes it at once. */
  | { verb: 'IDLE'; ms: number };

export type ParseResult = { ok: true; message: Message } | { ok: false; reason: string };

const UINT = /^(0|[1-9][0-9]{0,15})$/;
const TOKEN = /^[\x21-\x7e]{1,64}$/;
/** Printable ASCII: a literal in parseLine would make a RegExp object for every line. */
const PRINTABLE = /^[\x20-\x7e]*$/;

/** Parses one line without its '\n'. Never throws: bad bytes on the wire are an answer, not a crash. */
export function parseLine(line: string): ParseResult {
  if (!PRINTABLE.test(line)) return { ok: false, reason: 'non-ASCII or control bytes' };
  const sp = line.indexOf(' ');
  const verb = sp < 0 ? line : line.slice(0, sp);
  const rest = sp < 0 ? '' : line.slice(sp + 1);
  switch (verb) {
    case 'HELLO':
      return TOKEN.test(rest) ? { ok: true, message: { verb, deviceId: rest } } : { ok: false, reason: 'HELLO needs a device id' };
    case 'WELCOME':
      return sp < 0 ? { ok: true, message: { verb } } : { ok: false, reason: 'WELCOME takes nothing after it' };
    case 'PING':
    case 'PONG':
    case 'ACK': {
      const n = uint(verb, rest, verb === 'ACK' ? 'push id' : 'sequence number');
      if (typeof n !== 'number') return n;
      return { ok: true, message: verb === 'ACK' ? { verb, id: n } : { verb, seq: n } };
    }
    case 'PUSH': {
      const m = /^(0|[1-9][0-9]{0,15}) (.*)$/.exec(rest);
      return m ? { ok: true, message: { verb, id: Number(m[1]), text: m[2] ?? '' } } : { ok: false, reason: 'PUSH needs an id and a text' };
    }
    case 'ERR':
      return { ok: true, message: { verb, reason: rest } };
    case 'IDLE': {
      const n = uint(verb, rest, 'duration in ms');
      if (typeof n !== 'number') return n;
      return n >= 1 && n <= MAX_IDLE_MS ? { ok: true, message: { verb, ms: n } } : { ok: false, reason: `IDLE needs 1 to ${MAX_IDLE_MS} ms` };
    }
    default:
      return { ok: false, reason: 'unknown verb' };
  }
}

/**
 * `rest` as an unsigned integer, or why `verb` refuses it. Not a closure inside parseLine: every
 * line would make one, and lines are parsed on every heartbeat's hot path.
 */
function uint(verb: string, rest: string, what: string): ParseResult | number {
  return UINT.test(rest) ? Number(rest) : { ok: false, reason: `${verb} needs a ${what}` };
}

export function formatMessage(m: Message): string {
  switch (m.verb) {
    case 'HELLO':
      return `HELLO ${m.deviceId}\n`;
    case 'WELCOME':
      return 'WELCOME\n';
    case 'PING':
    case 'PONG':
      return `${m.verb} ${m.seq}\n`;
    case 'PUSH':
      return `PUSH ${m.id} ${m.text}\n`;
    case 'ACK':
      return `ACK ${m.id}\n`;
    case 'ERR':
      return `ERR ${m.reason}\n`;
    case 'IDLE':
      return `IDLE ${m.ms}\n`;
  }
}

/** The verb a line starts with, for labelling traffic (the NAT box does not interpret it). */
export function verbOf(line: string): Verb | '?' {
  // indexOf rather than split: no array a line, and the NAT box labels every line it forwards.
  const sp = line.indexOf(' ');
  const v = sp < 0 ? line : line.slice(0, sp);
  return (VERBS as readonly string[]).includes(v) ? (v as Verb) : '?';
}

/**
 * Splits a byte stream (as latin1 text) into lines. A line longer than MAX_LINE_BYTES is reported
 * once as `tooLong`, after which the splitter stops: the connection is to be closed.
 */
export class LineSplitter {
  private buf = '';
  tooLong = false;

  push(chunk: string): string[] {
    if (this.tooLong) return [];
    this.buf += chunk;
    const lines: string[] = [];
    let start = 0;
    for (let nl = this.buf.indexOf('\n', start); nl >= 0; nl = this.buf.indexOf('\n', start)) {
      if (nl - start + 1 > MAX_LINE_BYTES) {
        this.tooLong = true;
        return lines;
      }
      lines.push(this.buf.slice(start, nl));
      start = nl + 1;
    }
    this.buf = this.buf.slice(start);
    if (this.buf.length + 1 > MAX_LINE_BYTES) this.tooLong = true;
    return lines;
  }
}
