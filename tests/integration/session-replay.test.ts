// Run → file → replay: every preset, recorded through the real writer and read back through the
// real reader, gives the run's own summary field for field. And a fuzz of mutated session files:
// each ends in a result or a one-line error naming the file and line, in a bounded number of steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Simulation } from '../../electron/engine/simulation.ts';
import { SessionWriter } from '../../electron/capture/session-file.ts';
import { readSessionFile } from '../../electron/capture/session-reader.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { PRESETS, findPreset } from '../../shared/scenario/presets.ts';
import { parseSessionText } from '../helpers/parse-session.ts';
import { BlobSessionChunks } from '../../renderer/src/player/blob-session-chunks.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';
import { summarize, type Summary } from '../../shared/folds/summary.ts';
import { seededRandom } from '../../shared/util/random.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-replay-'));

async function record(name: string): Promise<{ file: string; summary: Summary }> {
  const s = findPreset(name)!;
  const file = path.join(dir, `${name}.jsonl`);
  const w = new SessionWriter(file, s, 'test');
  const summary = await new Simulation(s, { mode: 'fast', onEvent: (e) => w.write(e) }).run();
  await w.close();
  return { file, summary };
}

test('every preset: the replayed summary equals the run summary', async () => {
  for (const p of PRESETS) {
    const { file, summary } = await record(p.name);
    const s = readSessionFile(file);
    assert.equal(s.truncated, false);
    assert.deepEqual(summarize(s.events), summary, p.name);
  }
});

test('lifeline replay --json prints what run --json printed; bad files exit 2 naming file and line', () => {
  const cli = (...a: string[]) => spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), ...a], { encoding: 'utf8', timeout: 60_000 });
  const out = path.join(dir, 'cli.jsonl');
  const run = cli('run', 'keepalive-600-vs-carrier-300', '--json', '--out', out);
  assert.equal(run.status, 0, run.stderr);
  const replay = cli('replay', out, '--json');
  assert.equal(replay.status, 0, replay.stderr);
  assert.deepEqual(JSON.parse(replay.stdout), JSON.parse(run.stdout));

  const lines = fs.readFileSync(out, 'utf8').split('\n');
  const cut = path.join(dir, 'cut.jsonl');
  fs.writeFileSync(cut, lines.slice(0, 40).join('\n') + '\n' + lines[40]!.slice(0, 12));
  const r = cli('replay', cut, '--json');
  assert.equal(r.status, 0);
  assert.equal(r.stderr.trim(), `lifeline: ${cut}: line 41 is cut off (the file ends mid-line); read the 39 events before it`);
  assert.equal(JSON.parse(r.stdout).scenario, 'keepalive-600-vs-carrier-300');

  const corrupt = path.join(dir, 'corrupt.jsonl');
  fs.writeFileSync(corrupt, [...lines.slice(0, 10), '{"t":1,', ...lines.slice(10)].join('\n'));
  const c = cli('replay', corrupt);
  assert.equal(c.status, 2);
  assert.equal(c.stderr.trim(), `lifeline: ${corrupt}: line 11: not valid JSON`);

  const newer = path.join(dir, 'newer.jsonl');
  fs.writeFileSync(newer, [lines[0]!.replace('"version":1', '"version":2'), ...lines.slice(1)].join('\n'));
  const n = cli('replay', newer);
  assert.equal(n.status, 2);
  assert.match(n.stderr, /newer\.jsonl: line 1: version: 2 is newer than this build/);
  assert.equal(n.stderr.trim().split('\n').length, 1);
});

test('fuzz: 3000 mutated session files each end in a summary or a clear error', async () => {
  const { file } = await record('network-change');
  const lines = fs.readFileSync(file, 'utf8').split('\n').slice(0, -1);
  const rnd = seededRandom(42);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
  const oddValues = [null, 'x', -1, 1e308, -1e308, 2 ** 60, true, [], {}, '', 'PING', 0.5];
  const mutate = (ls: string[]): string => {
    const m = [...ls];
    const i = 1 + Math.floor(rnd() * (m.length - 1));
    switch (Math.floor(rnd() * 8)) {
      case 0: {
        const text = m.join('\n') + '\n';
        return text.slice(0, Math.floor(rnd() * text.length));
      }
      case 1: {
        const j = 1 + Math.floor(rnd() * (m.length - 1));
        [m[i], m[j]] = [m[j]!, m[i]!];
        break;
      }
      case 2: {
        const e = JSON.parse(m[i]!) as Record<string, unknown>;
        e[pick(Object.keys(e))] = pick(oddValues);
        m[i] = JSON.stringify(e);
        break;
      }
      case 3:
        m[i] = m[i]!.replace(/"kind":"[^"]*"/, `"kind":"${pick(['nat', 'boom', 'run.end', '', 'frame'])}"`);
        break;
      case 4:
        m[i] = m[i]!.replace(/\d+/, pick(['1e400', '9'.repeat(30), '-0', 'NaN']));
        break;
      case 5:
        m.splice(i, 0, pick(['', '{}', 'null', '[', '\uFEFF{"t":1}', '{"t":1,"kind":"push","op":"lost","id":1}']));
        break;
      case 6:
        m[0] = m[0]!.replace(/"(version|durationSec|ios)":\d+/, `"$1":${pick(['2', '"1"', '-1', '0', '1e9'])}`);
        break;
      default: {
        const cut = Math.floor(rnd() * m[i]!.length);
        m[i] = m[i]!.slice(0, cut) + m[i]!.slice(cut + 1);
      }
    }
    return m.join('\n') + '\n';
  };
  let results = 0;
  let errors = 0;
  for (let k = 0; k < 3000; k++) {
    const text = mutate(lines);
    try {
      const s = parseSessionText(text, 'f.jsonl');
      const sum = summarize(s.events);
      for (const v of [sum.deadSec, sum.simulatedSec, sum.connectedRatio, sum.bytes.up, sum.pushes.lost]) assert.ok(Number.isFinite(v), `finite summary for case ${k}`);
      results++;
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw new Error(`case ${k}: not a clear error: ${String(e)}\n${text.slice(0, 300)}`, { cause: e });
      assert.match(e.message, /^f\.jsonl(: line \d+: | line 1 scenario: )\S/, `case ${k}`);
      assert.ok(!e.message.includes('\n'), `case ${k}: one line`);
      errors++;
    }
  }
  assert.equal(results + errors, 3000);
  assert.ok(results > 100 && errors > 100, `both outcomes exercised (${results} results, ${errors} errors)`);
});

test('lifeline export writes CSV, the JSON summary and the SVG chart; bad use exits 2', async () => {
  const cli = (...a: string[]) => spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), ...a], { encoding: 'utf8', timeout: 60_000 });
  const { file, summary } = await record('voip-no-heartbeat-short-nat');
  const [csv, json, svg] = ['csv', 'json', 'svg'].map((x) => path.join(dir, `out.${x}`)) as [string, string, string];
  const r = cli('export', file, '--csv', csv, '--json', json, '--svg', svg);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(fs.readFileSync(json, 'utf8')), summary);
  const rows = fs.readFileSync(csv, 'utf8').split('\r\n');
  assert.equal(rows.length - 2, readSessionFile(file).events.length);
  const chart = fs.readFileSync(svg, 'utf8');
  assert.match(chart, /NAT idle timeout 120 s/);
  assert.ok((chart.match(/marker-nat-expiry/g) ?? []).length >= 1);
  // `-` is standard output: the same bytes as the file, no file named `-`, the report on stderr.
  const cwd = fs.mkdtempSync(path.join(dir, 'stdout-'));
  for (const [flag, out] of [['--csv', csv], ['--json', json], ['--svg', svg]] as const) {
    const o = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'export', file, flag, '-'], { encoding: 'utf8', timeout: 60_000, cwd });
    assert.equal(o.status, 0, o.stderr);
    assert.equal(o.stdout, fs.readFileSync(out, 'utf8'), `${flag} -`);
    assert.match(o.stderr, /^stdout: /);
  }
  assert.deepEqual(fs.readdirSync(cwd), [], 'no file named -');
  const both = cli('export', file, '--csv', '-', '--json', '-');
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--json -: that is the output of --csv/);
  for (const [args, msg] of [
    [['export', file], /export needs an output: --csv OUT, --json OUT, --svg OUT, --pcapng OUT/],
    [['export', file, '--csv', path.join(dir, 'no/such/dir.csv')], /--csv .*no\/such\/dir\.csv: cannot write \(ENOENT\)/],
    [['export', path.join(dir, 'missing.jsonl'), '--csv', csv], /missing\.jsonl: no such file/],
  ] as const) {
    const b = cli(...args);
    assert.equal(b.status, 2, b.stderr);
    assert.match(b.stderr, msg);
  }
});

test('export to standard output into a reader that stops early (| head): a quiet end, exit 0, no stack trace', async () => {
  const { file } = await record('server-heartbeat-over-nat');
  // A session big enough that its CSV outgrows the pipe's buffer: 300 copies of the run's lines.
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const big = path.join(dir, 'big-for-pipe.jsonl');
  const body = lines.slice(1);
  // One run: the copies carry the first run.start and the last run.end only.
  const copy = (k: number) => body.filter((l) => !(k > 0 && l.includes('"kind":"run.start"')) && !(k < 299 && l.includes('"kind":"run.end"')));
  const events = Array.from({ length: 300 }, (_, k) => copy(k).map((l) => l.replace(/^\{"t":(\d+)/, (_m, t: string) => `{"t":${Number(t) + k * 3_600_000}`))).flat();
  fs.writeFileSync(big, [lines[0], ...events].join('\n') + '\n');
  for (const flag of ['--csv', '--pcapng']) {
    // `head -c 100` closes the pipe after 100 bytes; bash tells lifeline's own exit status.
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${path.resolve('bin/lifeline.js')}" export "${big}" ${flag} - | head -c 100 > /dev/null; echo "\${PIPESTATUS[0]}"`], { encoding: 'utf8', timeout: 60_000 });
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at |Error/, `${flag}: ${r.stderr}`);
    assert.equal(r.stdout.trim(), '0', `${flag}: ${r.stderr}`);
  }
});

test('a session whose complete last line has no newline keeps that line (run.end and its wallMs), in every reader', async () => {
  const { file, summary } = await record('server-heartbeat-over-nat');
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.endsWith('\n'));
  // Written by another tool, or with the last newline lost: the last line is whole but unterminated.
  const bare = path.join(dir, 'no-final-newline.jsonl');
  fs.writeFileSync(bare, text.slice(0, -1));
  const lastLine = JSON.parse(text.slice(0, -1).split('\n').pop()!) as { kind: string; wallMs: number };
  assert.equal(lastLine.kind, 'run.end');

  // The CLI's reader (replay, export, analyze)…
  const s = readSessionFile(bare);
  assert.deepEqual([s.truncated, s.warnings], [false, []]);
  assert.deepEqual(s.events.at(-1), { t: s.events.at(-1)!.t, kind: 'run.end', wallMs: lastLine.wallMs });
  assert.deepEqual(summarize(s.events), summary);
  // …the page's reader of a picked file (its file reader's chunks)…
  const picked = await new BlobSessionChunks({ blob: new Blob([text.slice(0, -1)]), name: 'picked.jsonl' }).chunk(0);
  assert.deepEqual([picked.next, picked.warnings, picked.lines.split('\n').length], [null, [], s.events.length]);
  // …and the host's chunked reader, whose lines the page parses.
  const store = new SessionStore({ files: [bare] });
  const chunk = await store.read('arg:0', 0);
  assert.ok(chunk.ok, JSON.stringify(chunk));
  const lines = chunk.value.lines.split('\n');
  assert.deepEqual([lines.length, chunk.value.total, chunk.value.warnings], [s.events.length, s.events.length, []]);
  assert.equal(JSON.parse(lines.at(-1)!).kind, 'run.end');
});
