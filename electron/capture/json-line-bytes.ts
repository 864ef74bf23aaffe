// An event's session-file line, `JSON.stringify(e) + '\n'` in UTF-8, written straight into a
// block of bytes: no string per line, no rope to flatten, no encoding pass, no garbage. A 24 h run
// records ≈ 26,000 events; building each line as a string and encoding the blocks was most of what
// the session file cost the run (docs/performance.md "Simulation").
//
// It must give the bytes JSON.stringify gives, key for key (tests/unit/json-line-bytes.test.ts
// checks it against JSON.stringify on every preset's events and on generated ones). So it only
// takes the path it can do exactly: a plain object whose values are strings, numbers, booleans,
// null or nothing (undefined, a function: the key is left out, as JSON.stringify does). Anything
// else (a nested object or array, a bigint, a toJSON) returns FALLBACK and the caller writes
// JSON.stringify's own line. Characters JSON escapes, and any beyond ASCII, make that string
// (only it) go through JSON.stringify and Buffer#write.

/** The line would not fit in the room left: the caller starts a new block and writes it again. */
export const NO_ROOM = -1;
/** The event holds a value this does not write exactly: the caller writes `JSON.stringify(e)`. */
export const FALLBACK = -2;

/** Room a number can take: `-1.2345678901234567e-308` is 24 characters. */
const NUMBER_ROOM = 25;
const QUOTE = 0x22;
const COMMA = 0x2c;
const COLON = 0x3a;
const NEWLINE = 0x0a;

/**
 * Writes `JSON.stringify(e) + '\n'` into `buf` from `pos`; returns the position after it, or
 * NO_ROOM (bytes past `pos` may have been written: they are not part of anything yet), or FALLBACK.
 */
export function writeJsonLine(buf: Buffer, pos: number, e: object): number {
  const end = buf.length;
  if (pos >= end) return NO_ROOM;
  if ((e as { toJSON?: unknown }).toJSON !== undefined) return FALLBACK;
  buf[pos++] = 0x7b; // {
  let first = true;
  for (const key in e) {
    const v = (e as Record<string, unknown>)[key];
    const type = typeof v;
    if (type === 'undefined' || type === 'function' || type === 'symbol') continue;
    const room = type === 'string' ? 6 * (v as string).length + 2 : NUMBER_ROOM;
    // Key, quotes, colon, comma and value, at worst six bytes a character (\u001f), and the closing `}\n`.
    if (pos + 6 * key.length + 4 + room + 2 > end) return NO_ROOM;
    if (first) first = false;
    else buf[pos++] = COMMA;
    pos = writeString(buf, pos, key);
    buf[pos++] = COLON;
    if (type === 'string') pos = writeString(buf, pos, v as string);
    else if (type === 'number') pos = writeNumber(buf, pos, v as number);
    else if (type === 'boolean') pos = writeAscii(buf, pos, v ? 'true' : 'false');
    else if (v === null) pos = writeAscii(buf, pos, 'null');
    else return FALLBACK; // an object or array, a bigint
  }
  if (pos + 2 > end) return NO_ROOM;
  buf[pos++] = 0x7d; // }
  buf[pos++] = NEWLINE;
  return pos;
}

/** A JSON string, quoted; the room for it has been checked. */
function writeString(buf: Buffer, pos: number, s: string): number {
  const start = pos;
  buf[pos++] = QUOTE;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Printable ASCII but for the quote and the backslash: one byte, as it is.
    if (c < 0x20 || c > 0x7f || c === QUOTE || c === 0x5c) return start + buf.write(JSON.stringify(s), start, 'utf8');
    buf[pos++] = c;
  }
  buf[pos++] = QUOTE;
  return pos;
}

function writeAscii(buf: Buffer, pos: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[pos++] = s.charCodeAt(i);
  return pos;
}

/**
 * A number as JSON.stringify writes it: a 32-bit integer's digits here (-0 is `0`), any other
 * through Number#toString (what JSON.stringify uses), `null` when not finite.
 */
function writeNumber(buf: Buffer, pos: number, n: number): number {
  if (!Number.isInteger(n) || n > 0x7fffffff || n < -0x7fffffff) return writeAscii(buf, pos, Number.isFinite(n) ? String(n) : 'null');
  if (n < 0) {
    buf[pos++] = 0x2d; // -
    n = -n;
  }
  let digits = 1;
  for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
  pos += digits;
  for (let i = pos - 1; i >= pos - digits; i--) {
    buf[i] = 0x30 + (n % 10);
    n = (n / 10) | 0;
  }
  return pos;
}
