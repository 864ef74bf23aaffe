// docs/design.md matches the code: its tables of event kinds, channels and summary fields list
// exactly what the code defines, its layout block is the tree on disk, and every repository path
// the docs name exists. A new event kind, channel, summary field or folder fails here until the
// doc says what it is.
//
// Where the lists are read: the first column of the table under "### Event kinds", "### Invoke
// channels", "### Push channels", "### Host channels" and "## Summary fields" (every `code span` in
// that cell; a summary field's `name {a, b}` also lists the keys of its object), and the fenced
// block under "## Layout" (two spaces of indent per level; names, folders ending in "/", then two
// spaces or more and the description).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { EVENT_KINDS } from '../../shared/log/events.ts';
import { summarize } from '../../shared/folds/summary.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const design = read('docs/design.md');

/** The text under `heading` (a whole heading line, e.g. "### Event kinds") up to the next heading of its level or above. */
function section(markdown: string, heading: string): string {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  assert.ok(start >= 0, `docs/design.md has no heading "${heading}"`);
  const level = heading.indexOf(' ');
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.indexOf(' ') <= level);
  return lines.slice(start + 1, end < 0 ? undefined : end).join('\n');
}

/** The code spans of the first cell of each body row of the section's table. */
function firstColumn(text: string): string[] {
  const rows = text.split('\n').filter((l) => l.startsWith('|'));
  return rows.slice(2).flatMap((row) => [...row.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

/** The keys of an interface in shared/contract/contract.ts, read from the source: the type is the channel map. */
function interfaceKeys(name: string): string[] {
  const file = 'shared/contract/contract.ts';
  const src = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest);
  const decl = src.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  assert.ok(decl, `${file} declares no interface ${name}`);
  return decl.members.map((m) => {
    assert.ok(m.name && ts.isStringLiteral(m.name), `${name}: every key is a channel name in quotes`);
    return m.name.text;
  });
}

test('the event kinds design.md lists are EVENT_KINDS', () => {
  assert.deepEqual(sorted(firstColumn(section(design, '### Event kinds'))), sorted(EVENT_KINDS));
});

test('the channels design.md lists are the channel maps of shared/contract/contract.ts', () => {
  for (const [heading, map] of [
    ['### Invoke channels', 'InvokeChannels'],
    ['### Push channels', 'PushChannels'],
    ['### Host channels', 'HostChannels'],
  ] as const) {
    const keys = interfaceKeys(map);
    assert.ok(keys.length >= 2, `${map}: ${keys.join(', ')}`);
    assert.deepEqual(sorted(firstColumn(section(design, heading))), sorted(keys), `${heading} vs ${map}`);
  }
});

test("the summary fields design.md lists are summarize()'s, object fields with their keys", () => {
  // A run against your own server: the summary's one optional field (`server`) is there too.
  const summary = summarize([{ t: 0, kind: 'run.start', scenario: 's', mode: 'realtime', seed: 1, natIdleTimeoutSec: 1, durationSec: 1, wallClock: '', server: 'mqtt://h:1883' }]) as unknown as Record<string, unknown>;
  const listed = firstColumn(section(design, '## Summary fields')).map((span) => {
    const m = /^(\w+)(?:\s*\{([^}]*)\})?$/.exec(span.trim());
    assert.ok(m, `a summary field is "name" or "name {a, b}": ${span}`);
    return { name: m[1]!, keys: m[2]?.split(',').map((k) => k.trim()) };
  });
  assert.deepEqual(sorted(listed.map((f) => f.name)), sorted(Object.keys(summary)));
  for (const f of listed) {
    const value = summary[f.name];
    const isObject = typeof value === 'object' && value !== null;
    assert.equal(f.keys !== undefined, isObject, `${f.name}: an object field lists its keys, a plain one does not`);
    if (f.keys) assert.deepEqual(sorted(f.keys), sorted(Object.keys(value as object)), f.name);
  }
});

/** Every path the layout block names, as written from the repository root ("electron/engine/clock/"). */
function layoutPaths(): string[] {
  const block = /```\n([\s\S]*?)```/.exec(section(design, '## Layout'))?.[1];
  assert.ok(block, 'a fenced block under "## Layout"');
  const parents: string[] = [];
  const out: string[] = [];
  for (const line of block.split('\n').filter((l) => l.trim())) {
    const depth = (line.length - line.trimStart().length) / 2;
    assert.ok(Number.isInteger(depth), `two spaces per level: "${line}"`);
    // The names start the line (several may share it: "main/ preload/"); two spaces or more, then
    // the description.
    const lead = line.trim().split(/\s{2,}/)[0]!.split(' ');
    parents.length = depth;
    for (const n of lead) out.push(path.posix.join(...parents, n)); // keeps a folder's final "/"
    const folder = lead.find((n) => n.endsWith('/'));
    if (folder) parents[depth] = folder.replace(/\/$/, '');
  }
  return out;
}

test("design.md's layout is the tree: what it names exists, and no folder is left out", () => {
  const named = layoutPaths();
  assert.ok(named.length > 30, `the layout block names ${named.length} paths`);
  assert.deepEqual(named.filter((p) => !fs.existsSync(path.join(ROOT, p))), [], 'named in the layout but not in the tree');
  const folders = new Set(named.filter((p) => p.endsWith('/')).map((p) => p.replace(/\/$/, '')));
  const onDisk = ['electron', 'electron/engine', 'shared', 'renderer/src'].flatMap((dir) =>
    fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`),
  );
  assert.deepEqual(onDisk.filter((d) => !folders.has(d)), [], 'folders the layout block leaves out');
});

test('every repository path the README and docs name exists', () => {
  const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const roots = /^(bin|docs|electron|examples|renderer|schemas|scripts|shared|tests)\//;
  const missing: string[] = [];
  for (const doc of docs) {
    for (const m of read(doc).matchAll(/`([^`\s]+)`/g)) {
      const p = m[1]!.replace(/[.,:;)]+$/, '');
      if (roots.test(p) && !/[*<>{}|…]/.test(p) && !fs.existsSync(path.join(ROOT, p))) missing.push(`${doc}: ${p}`);
    }
  }
  assert.deepEqual(missing, []);
});
