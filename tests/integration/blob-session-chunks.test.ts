// A session picked in the page is handed out by its file reader (renderer/src/player/blob-session-chunks.ts)
// in the same chunks as the host hands out a session file it knows (SessionStore, `session.read`):
// the same lines, line numbers, ends, warnings and errors, read from a Blob a block at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { BlobSessionChunks } from '../../renderer/src/player/blob-session-chunks.ts';
import { SESSION_CHUNK, SESSION_CHUNK_CHARS, type Result, type SessionChunk } from '../../shared/contract/contract.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { MAX_EVENT_LINE, sessionHeader } from '../../shared/session/session-format.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-blob-chunks-'));
const preset = findPreset('server-heartbeat-under-nat')!;
const lines = (events: number) => [JSON.stringify(sessionHeader({ ...preset, name: 'café ☕ → 24 h' }, 't')), ...syntheticSession(events).map((e) => JSON.stringify(e))];
const big = lines(12_000);

/** The big session with a line that is not an event at file line `lineNo`. */
const badAt = (lineNo: number) => [...big.slice(0, lineNo - 1), '{"t":1e12,"kind":"heartbeat","seq":"x"}', ...big.slice(lineNo - 1)].join('\n') + '\n';

/** `n` event lines of exactly `chars` characters each (a frame whose text is padded). */
const padded = (n: number, chars: number) =>
  Array.from({ length: n }, (_, i) => {
    const base = JSON.stringify({ t: i, kind: 'frame', side: 'server', dir: 'send', verb: 'PING', line: '', bytes: 7 });
    return base.replace('"line":""', `"line":"${'x'.repeat(chars - base.length)}"`);
  });

/** Every chunk from offset 0 on, or the first error; bounded by the chunks a file can hold. */
async function readAll(read: (offset: number) => Promise<Result<SessionChunk>>): Promise<{ chunks: SessionChunk[]; error: string | null }> {
  const chunks: SessionChunk[] = [];
  for (let offset: number | null = 0, guard = 0; offset !== null && guard < 1000; guard++) {
    const r = await read(offset);
    if (!r.ok) return { chunks, error: r.error };
    chunks.push(r.value);
    offset = r.value.next;
  }
  return { chunks, error: null };
}

async function bothWays(name: string, content: string | Buffer, blockBytes?: number) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  const store = new SessionStore({ files: [file] });
  // The host names a file it was given by its path in warnings; the page knows only the name.
  const host = await readAll(async (offset) => {
    const r = await store.read('arg:0', offset);
    return r.ok ? { ok: true, value: { ...r.value, warnings: r.value.warnings.map((w) => w.replace(file, name)) } } : r;
  });
  const reader = new BlobSessionChunks({ blob: new Blob([fs.readFileSync(file)]), name, blockBytes });
  const page = await readAll(async (offset) => {
    try {
      return { ok: true, value: await reader.chunk(offset) };
    } catch (e) {
      return { ok: false, error: (e as Error).message };
    }
  });
  return { host, page };
}

/** The chunks agree but for the estimated totals before the last, which each side guesses from what it read. */
const comparable = (chunks: SessionChunk[]) => chunks.map((c) => ({ ...c, total: c.next === null ? c.total : 0 }));

const cases: [string, string | Buffer, number?][] = [
  ['big.jsonl', big.join('\n') + '\n'],
  ['small blocks.jsonl', big.slice(0, 400).join('\n') + '\n', 7],
  ['no last newline.jsonl', big.slice(0, 300).join('\n')],
  ['cut off.jsonl', big.slice(0, 300).join('\n') + '\n' + big[300]!.slice(0, 20)],
  ['crlf bom blank.jsonl', '\uFEFF' + [...big.slice(0, 100), '', ...big.slice(100, 200)].join('\r\n') + '\r\n', 5],
  ['bad line.jsonl', badAt(25_002)],
  // Just past a chunk's first line, and just past a full chunk: the reader reads a block ahead,
  // but the error is the chunk's that holds the line, as on the host.
  ['bad line after a boundary.jsonl', badAt(SESSION_CHUNK + 6)],
  ['bad line in the third chunk.jsonl', badAt(2 * SESSION_CHUNK + 11)],
  ['bad line right after two chunks.jsonl', badAt(2 * SESSION_CHUNK + 2)],
  ['two chunks exactly.jsonl', big.slice(0, 2 * SESSION_CHUNK + 1).join('\n') + '\n'],
  // The host dropped a whole last line without its '\n' after a full chunk (run.end, as written).
  ['two chunks and a line, no last newline.jsonl', big.slice(0, 2 * SESSION_CHUNK + 2).join('\n')],
  // A chunk full by characters to the last one: the page handed out an empty chunk after it.
  ['a chunk of exactly its characters.jsonl', [big[0]!, ...padded(SESSION_CHUNK_CHARS / 1024, 1023)].join('\n') + '\n'],
  ['a chunk of its characters and a line.jsonl', [big[0]!, ...padded(SESSION_CHUNK_CHARS / 1024 + 1, 1023)].join('\n')],
  ['too long a line.jsonl', [...big.slice(0, 15_000), `{"t":1e12,"kind":"note","text":"${'x'.repeat(MAX_EVENT_LINE)}"}`, ...big.slice(15_000)].join('\n') + '\n'],
  ['out of order.jsonl', [...big.slice(0, 15_000), big[2]!, ...big.slice(15_000)].join('\n') + '\n'],
  ['empty.jsonl', ''],
  ['cut header.jsonl', big[0]!.slice(0, 30)],
  ['header only.jsonl', big[0]! + '\n'],
];

for (const [name, content, blockBytes] of cases) {
  test(`${name}: the page's reader hands out the host's chunks`, async () => {
    const { host, page } = await bothWays(name, content, blockBytes);
    assert.equal(page.error, host.error);
    assert.deepEqual(comparable(page.chunks), comparable(host.chunks));
  });
}

test('the checks fire: a big file crosses in several chunks, a bad line and an empty file are errors naming the file and line', async () => {
  const whole = await bothWays('big.jsonl', big.join('\n') + '\n');
  assert.ok(whole.page.chunks.length >= 3);
  assert.ok(whole.page.chunks.every((c) => c.lines.split('\n').length <= SESSION_CHUNK));
  assert.equal(whole.page.chunks.reduce((n, c) => n + c.lines.split('\n').length, 0), big.length - 1);
  assert.equal(whole.page.chunks.at(-1)!.total, big.length - 1);
  const bad = await bothWays('bad line.jsonl', badAt(25_002));
  assert.match(bad.page.error!, /^bad line\.jsonl: line 25002: /);
  assert.equal(bad.page.chunks.length, 2, 'the chunks before the bad line were handed out');
  assert.match((await bothWays('empty.jsonl', '')).page.error!, /^empty\.jsonl: line 1: empty file/);
  const cut = await bothWays('cut off.jsonl', big.slice(0, 300).join('\n') + '\n' + big[300]!.slice(0, 20));
  assert.match(cut.page.chunks.at(-1)!.warnings.join('\n'), /cut off\.jsonl: line 301 is cut off/);
});

test('at a chunk’s edges no line is lost and no chunk is empty', async () => {
  for (const [name, content, events] of [
    ['two chunks and a line, no last newline.jsonl', big.slice(0, 2 * SESSION_CHUNK + 2).join('\n'), 2 * SESSION_CHUNK + 1],
    ['a chunk of exactly its characters.jsonl', [big[0]!, ...padded(SESSION_CHUNK_CHARS / 1024, 1023)].join('\n') + '\n', SESSION_CHUNK_CHARS / 1024],
  ] as const) {
    const { host, page } = await bothWays(name, content);
    for (const [side, read] of [['host', host], ['page', page]] as const) {
      assert.equal(read.error, null, `${side}: ${name}`);
      assert.ok(read.chunks.every((c) => c.lines !== ''), `${side}: ${name}: an empty chunk`);
      assert.equal(read.chunks.reduce((n, c) => n + c.lines.split('\n').length, 0), events, `${side}: ${name}: every event line`);
      assert.equal(read.chunks.at(-1)!.total, events, `${side}: ${name}: the total`);
    }
  }
});

test('the page reads in order: a chunk asked for out of turn is refused, naming the line', async () => {
  const reader = new BlobSessionChunks({ blob: new Blob([big.join('\n') + '\n']), name: 'big.jsonl' });
  await assert.rejects(reader.chunk(5), /big\.jsonl: line 7: no chunk starts there/);
});
