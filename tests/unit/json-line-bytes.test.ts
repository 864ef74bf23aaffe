// The session file's byte writer must give JSON.stringify's line, byte for byte: on generated
// events full of what JSON escapes or encodes in more than one byte (control characters, quotes,
// backslashes, lone and paired surrogates, non-ASCII), numbers of every form, keys that are left
// out, and in buffers too small (it says NO_ROOM, never a wrong or partial line). Every preset's
// own events are checked through the writer in tests/integration/session-writer.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FALLBACK, NO_ROOM, writeJsonLine } from '../../electron/capture/json-line-bytes.ts';
import { seededRandom } from '../../shared/util/random.ts';

const line = (e: object) => Buffer.from(JSON.stringify(e) + '\n', 'utf8');

/** Writes into a buffer of `size` bytes from `at`; the line's bytes, or the code it returned. */
function written(e: object, size = 1 << 16, at = 0): Buffer | number {
  const buf = Buffer.alloc(size, 0xee);
  const end = writeJsonLine(buf, at, e);
  return end < 0 ? end : buf.subarray(at, end);
}

const CHARS = ['a', 'Z', '0', ' ', '~', '\x7f', '"', '\\', '/', '\n', '\r', '\t', '\b', '\f', '\x00', '\x1f', 'é', '€', '\u2028', '\ud800', '\udfff', '😀', '\ud83d', '\ude00x'];
const NUMBERS = [0, -0, 1, -1, 9, 10, 99, 100, 86_400_000, 0x7fffffff, -0x7fffffff, 0x80000000, -0x80000000, 2 ** 53, -(2 ** 53), 1e21, 1e-7, 0.1, -2.5, 1 / 3, 123.456, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity];
const KEYS = ['t', 'kind', 'line', 'a b', 'quo"te', 'back\\slash', 'é', '0', '7', '12', '', 'new\nline', 'sur\ud800'];

function generated(rand: () => number): Record<string, unknown> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const str = () => Array.from({ length: Math.floor(rand() * 12) }, () => pick(CHARS)).join('');
  const e: Record<string, unknown> = { t: Math.floor(rand() * 1e9), kind: pick(['frame', 'nat', 'lifecycle', 'heart"beat']) };
  const n = Math.floor(rand() * 8);
  for (let i = 0; i < n; i++) {
    const r = rand();
    e[rand() < 0.7 ? pick(KEYS) : str()] =
      r < 0.4 ? str() : r < 0.7 ? pick(NUMBERS) : r < 0.8 ? rand() < 0.5 : r < 0.87 ? null : r < 0.94 ? undefined : () => 1;
  }
  return e;
}

test('generated events: the line JSON.stringify gives, byte for byte', () => {
  const rand = seededRandom(16);
  for (let i = 0; i < 10_000; i++) {
    const e = generated(rand);
    assert.deepEqual(written(e), line(e), JSON.stringify(e));
  }
});

test('too little room: NO_ROOM, or the whole line when it fits; never part of one', () => {
  const rand = seededRandom(2);
  for (let i = 0; i < 5_000; i++) {
    const e = generated(rand);
    const want = line(e);
    const size = Math.floor(rand() * (want.length + 20));
    const at = Math.floor(rand() * 4);
    const got = written(e, size + at, at);
    if (typeof got === 'number') assert.equal(got, NO_ROOM);
    else assert.deepEqual(got, want);
  }
  assert.equal(writeJsonLine(Buffer.alloc(4), 4, { t: 1 }), NO_ROOM);
});

test('what it cannot write exactly is left to JSON.stringify: nested values, a bigint, a toJSON', () => {
  for (const e of [{ t: 1, a: { b: 1 } }, { t: 1, a: [1, 2] }, { t: 1, n: 1n }, { t: 1, toJSON: () => 'x' }, { t: 1, d: new Date(0) }, Object.assign(Object.create({ toJSON: () => 1 }) as object, { t: 1 })]) {
    assert.equal(written(e), FALLBACK);
  }
});

test('keys in the order JSON.stringify takes them: integer-like keys first, then as inserted', () => {
  const e = { kind: 'x', 10: 'ten', t: 5, 2: 'two', line: undefined, after: 'é"' };
  assert.deepEqual(written(e), line(e));
});
