// Every command in the README and docs/*.md runs as written. The convention, which the docs follow:
//
// - A fenced ```sh block holds commands a reader can paste, one per line ("#" starts a comment, a
//   final "\" continues the line). No pipes, redirects, "&&" or other programs: write those in
//   prose. A file's blocks run in order in one scratch folder that sees the repository's files
//   (examples/, schemas/ …) through links, so what one line writes the next one reads.
// - `npx lifeline ARGS` runs as `node bin/lifeline.js ARGS` (what npx runs: package.json's "bin")
//   and must exit 0 by itself within COMMAND_MS. `server`, `nat` and `serve` never end by
//   themselves: each must say where it listens within COMMAND_MS, then gets SIGTERM and must exit 0;
//   they must not name a fixed port (a fixed port could be taken on the machine running the test).
// - `npm …` lines are checked, not run (they install, build, open a window or run this very
//   suite): `npm install`/`npm ci`, or `npm start|test|run <script>` naming a script of
//   package.json, optionally after VAR=value assignments. `npm test` is also what .ci/run runs.
// - `npx lifeline …` written inline, in backticks (prose and tables), must parse with its
//   command's own argument parser: an existing command, known options, every value an option
//   needs. Placeholders such as `<file>` are fine; optional parts in [brackets] are not (that is
//   the usage line's notation, in docs/cli.md).
// - A ```json block holding a scenario (it has "durationSec") must validate.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COMMAND_SPECS } from '../../electron/cli/command-specs.ts';
import { HelpRequest, parseArgs } from '../../electron/cli/args.ts';
import { validateScenario } from '../../shared/scenario/scenario.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LIFELINE = path.join(ROOT, 'bin/lifeline.js');
/** Each command's bound: generous, as a loaded machine starts Node slowly; a command that ends is done in seconds. */
const COMMAND_MS = 120_000;
const SERVICES = new Set(['server', 'nat', 'serve']);
const DOCS = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };

interface Line {
  doc: string;
  line: number;
  words: string[];
}

/** Shell words: whitespace-separated, '…' and "…" quoting; null for shell syntax this convention refuses. */
function shellWords(text: string): string[] | null {
  const words: string[] = [];
  let cur = '';
  let quote: string | null = null;
  let inWord = false;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = null;
      else cur += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(cur);
      cur = '';
      inWord = false;
    } else if ('|&;<>`$()'.includes(c)) {
      return null;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(cur);
  return words;
}

/** The commands of a doc's ```sh blocks, with their line numbers. */
function shLines(doc: string): Line[] {
  const out: Line[] = [];
  let fence: string | null = null;
  let pending: { text: string; line: number } | null = null;
  fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n').forEach((raw, i) => {
    const open = /^```(\w*)/.exec(raw);
    if (open) {
      fence = fence === null ? open[1]! : null;
      return;
    }
    if (fence !== 'sh') return;
    const text = (pending ? `${pending.text} ` : '') + raw.replace(/\\$/, '');
    const at = pending?.line ?? i + 1;
    if (raw.endsWith('\\')) {
      pending = { text, line: at };
      return;
    }
    pending = null;
    if (!text.trim() || text.trim().startsWith('#')) return;
    const words = shellWords(text);
    assert.ok(words, `${doc}:${at}: shell syntax (a pipe, redirect, "&&", quotes left open…) is not run as written: put it in prose`);
    out.push({ doc, line: at, words });
  });
  return out;
}

/** `npm …`: checked, never run. */
function checkNpm({ doc, line, words }: Line): void {
  const at = `${doc}:${line}`;
  let i = 0;
  while (/^[A-Z_][A-Z0-9_]*=/.test(words[i]!)) i++;
  const [npm, sub, script] = words.slice(i);
  assert.equal(npm, 'npm', `${at}: only npx lifeline and npm commands are allowed in sh blocks: ${words.join(' ')}`);
  if (sub === 'install' || sub === 'ci') return;
  const name = sub === 'run' ? script : sub;
  assert.ok(name && pkg.scripts[name], `${at}: npm ${sub} ${script ?? ''}: package.json has no script "${name}"`);
}

/** Commands still running: a failed test leaves none behind. */
const running = new Set<ChildProcess>();
after(() => {
  for (const c of running) c.kill('SIGKILL');
});

/** Runs one `npx lifeline …` line in `cwd`; resolves with what it printed, or rejects saying why. */
function runLifeline({ doc, line, words }: Line, cwd: string): Promise<string> {
  const at = `${doc}:${line}: ${words.join(' ')}`;
  const args = words.slice(2);
  const service = SERVICES.has(args[0]!);
  for (const flag of service ? ['--port', '--listen'] : []) {
    const i = args.indexOf(flag);
    if (i >= 0) assert.match(args[i + 1] ?? '', /(^|:)0$/, `${at}: a service in an sh block listens on port 0 (any free port), never a fixed one`);
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LIFELINE, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let err = '';
    let stopping = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${at}: ${service ? 'never said where it listens' : 'did not end'} within ${COMMAND_MS} ms\n${out}${err}`));
    }, COMMAND_MS);
    child.stdout!.on('data', (d) => {
      out += d;
      if (service && !stopping && /listening on \S+:\d+|http:\/\/127\.0\.0\.1:\d+/.test(out)) {
        stopping = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr!.on('data', (d) => (err += d));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0 && (!service || stopping)) resolve(out);
      else reject(new Error(`${at}: exit ${code ?? signal}${service && !stopping ? ' before it listened' : ''}\n${out}${err}`));
    });
  });
}

/** A scratch folder that sees the repository's files, so relative paths in the docs resolve. */
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-doc-commands-'));
  const skip = new Set(['.git', 'node_modules', 'out', 'dist', 'test-results', '.scratch', '.bench']);
  for (const name of fs.readdirSync(ROOT)) if (!skip.has(name)) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
  return dir;
}

test('npx lifeline is bin/lifeline.js, and npm test is what CI runs', () => {
  assert.equal(path.normalize(pkg.bin.lifeline!), 'bin/lifeline.js');
  assert.match(fs.readFileSync(path.join(ROOT, '.ci/run'), 'utf8'), /^(PATH=\S+ )?npm test$/m);
});

const withSh = DOCS.filter((doc) => shLines(doc).length > 0);

test('the docs have commands to run', () => {
  assert.ok(withSh.includes('README.md'), 'README.md has sh blocks');
  assert.ok(withSh.length >= 3, withSh.join(', '));
});

for (const doc of withSh) {
  test(`${doc}: every command in its sh blocks runs as written`, { timeout: 20 * COMMAND_MS }, async () => {
    const dir = scratch();
    try {
      for (const l of shLines(doc)) {
        if (l.words[0] === 'npx') {
          assert.equal(l.words[1], 'lifeline', `${doc}:${l.line}: npx runs lifeline only here`);
          await runLifeline(l, dir);
        } else checkNpm(l);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** Every `npx lifeline …` in backticks: its words, with Markdown's table escapes undone. */
function inlineCommands(doc: string): { at: string; words: string[] }[] {
  const out: { at: string; words: string[] }[] = [];
  let fenced = false;
  fs.readFileSync(path.join(ROOT, doc), 'utf8').split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    for (const m of line.matchAll(/`(npx lifeline\b(?:[^`\\]|\\.)*)`/g)) out.push({ at: `${doc}:${i + 1}`, words: m[1]!.replace(/\\\|/g, '|').trim().split(/\s+/) });
  });
  return out;
}

test('every npx lifeline command written inline parses with its command', () => {
  const all = DOCS.flatMap(inlineCommands);
  assert.ok(all.length >= 20, `${all.length} inline commands`);
  const problems: string[] = [];
  for (const { at, words } of all) {
    const [name, ...rest] = words.slice(2);
    if (!name || /^<.*>$/.test(name)) continue; // `npx lifeline <command> --help`
    const spec = COMMAND_SPECS.find((s) => s.name === name);
    if (!spec) {
      problems.push(`${at}: no command "${name}"`);
      continue;
    }
    if (rest.some((w) => w.startsWith('['))) problems.push(`${at}: [optional] parts belong to usage lines, not to a command as typed: ${words.join(' ')}`);
    try {
      parseArgs(rest, spec);
    } catch (e) {
      if (!(e instanceof HelpRequest)) problems.push(`${at}: ${(e as Error).message}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('every scenario shown as JSON in the docs validates', () => {
  let n = 0;
  for (const doc of DOCS) {
    const blocks = [...fs.readFileSync(path.join(ROOT, doc), 'utf8').matchAll(/^```json\n([\s\S]*?)^```/gm)].map((m) => m[1]!);
    for (const b of blocks.filter((b) => b.includes('"durationSec"'))) {
      n++;
      assert.doesNotThrow(() => validateScenario(JSON.parse(b), doc), doc);
    }
  }
  assert.ok(n >= 1, 'formats.md shows a scenario');
});
