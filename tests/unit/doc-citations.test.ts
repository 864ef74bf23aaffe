// Every reference a comment makes must resolve inside the repository a person clones:
// `FACTS: <topic>` names a heading of docs/model.md, `docs/<page>.md "<section>"` (design.md,
// model.md, services.md …) names a heading of that page, and nobody cites the team-only DESIGN.md
// or FACTS.md any more.
//
// The matching rule, precisely:
// - A citation is the uppercase word FACTS followed by a colon. Its topic is the rest of that line
//   up to the first of: " — ", " – ", " - ", ". " or a final ".", ", ", ": ", "(", ")", "*/", or
//   the end of the line. Backticks and double quotes are dropped; ";" separates several topics.
// - Topics and headings (levels 2 to 4) are compared case-insensitively with whitespace collapsed.
//   A topic resolves when it equals a heading or is the heading's first whole words.
// - `docs/<page>.md "<section>"`: the quoted text resolves by the same rule against that page's
//   headings (a page that does not exist is a problem too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SELF = path.relative(ROOT, fileURLToPath(import.meta.url));
/** Where code cites the docs. */
const CODE_DIRS = ['electron', 'shared', 'renderer', 'scripts'];
const ROOT_FILES = ['eslint.config.js', 'electron.vite.config.ts'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs|css|html)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'test-results']);

interface SourceFile {
  file: string;
  text: string;
}

function walk(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs, { withFileTypes: true }).flatMap((d) => {
    if (d.isDirectory()) return SKIP_DIRS.has(d.name) ? [] : walk(path.join(rel, d.name));
    return SOURCE.test(d.name) ? [path.join(rel, d.name)] : [];
  });
}

function read(files: string[]): SourceFile[] {
  return files.map((file) => ({ file, text: fs.readFileSync(path.join(ROOT, file), 'utf8') }));
}

const norm = (s: string) => s.replace(/[`"]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Headings of levels 2 to 4, outside fenced code blocks. */
function headingsOf(markdown: string): string[] {
  const out: string[] = [];
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{2,4}\s+(.+?)\s*$/.exec(line);
    if (m) out.push(m[1]!);
  }
  return out;
}

function resolves(topic: string, headings: readonly string[]): boolean {
  const t = norm(topic);
  return t !== '' && headings.some((h) => {
    const n = norm(h);
    return n === t || (n.startsWith(t) && n[t.length] === ' ');
  });
}

const TOPIC_END = / [—–-] |\.(?:\s|$)|, |: |[()]|\*\//;

/** The topics of every `FACTS:` citation on a line (empty list: no citation). */
function factsTopics(line: string): string[][] {
  const out: string[][] = [];
  for (const m of line.matchAll(/\bFACTS:/g)) {
    const rest = line.slice(m.index + m[0].length);
    const end = TOPIC_END.exec(rest);
    const segment = end ? rest.slice(0, end.index) : rest;
    out.push(segment.split(';').map((s) => s.trim()).filter((s) => norm(s) !== ''));
  }
  return out;
}

const TEAM_FILE = /(?<![\w/.-])(DESIGN|FACTS)\.md\b/;
const DOC_SECTION = /docs\/([\w-]+)\.md\s*"([^"]+)"/g;

/** Every problem with the citations of `files`, as "file:line: what". */
function citationProblems(files: readonly SourceFile[], docs: { model: readonly string[]; [page: string]: readonly string[] }): string[] {
  const problems: string[] = [];
  for (const { file, text } of files) {
    text.split('\n').forEach((line, i) => {
      const at = `${file}:${i + 1}`;
      for (const topics of factsTopics(line)) {
        if (topics.length === 0) problems.push(`${at}: FACTS: with no topic on the same line`);
        for (const t of topics) if (!resolves(t, docs.model)) problems.push(`${at}: FACTS: "${t}" is not a heading of docs/model.md`);
      }
      for (const m of line.matchAll(DOC_SECTION)) {
        const page = docs[m[1]!];
        if (!page) problems.push(`${at}: docs/${m[1]}.md does not exist`);
        else if (!resolves(m[2]!, page)) problems.push(`${at}: "${m[2]}" is not a heading of docs/${m[1]}.md`);
      }
      const team = TEAM_FILE.exec(line);
      if (team) problems.push(`${at}: cites ${team[0]}, which is not in the repository: cite docs/model.md or docs/design.md`);
    });
  }
  return problems;
}

/** Every page of docs/, by name ("design" for docs/design.md), with its headings. */
const DOC_PAGES = fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => f.slice(0, -3));
const docs: { model: string[]; [page: string]: string[] } = { model: [] };
for (const page of DOC_PAGES) docs[page] = headingsOf(fs.readFileSync(path.join(ROOT, `docs/${page}.md`), 'utf8'));

test('docs/model.md headings are citable: unique, and free of the characters that end a topic', () => {
  assert.ok(docs.model.length >= 60, `expected the model's headings, found ${docs.model.length}`);
  const bad = docs.model.filter((h) => /[.,;()]| [—–-] |: /.test(h));
  assert.deepEqual(bad, [], 'headings must not contain . , ; ( ) ": " or a spaced dash');
  assert.ok(docs.design && docs.services, 'docs/design.md and docs/services.md are read');
  for (const [name, hs] of Object.entries(docs)) {
    const seen = new Set<string>();
    const dup = hs.filter((h) => seen.size === seen.add(norm(h)).size);
    assert.deepEqual(dup, [], `duplicate headings in docs/${name}.md`);
  }
});

test('every FACTS: and docs/… "section" citation in the code resolves to a heading', () => {
  const files = read([...CODE_DIRS.flatMap(walk), ...ROOT_FILES.flatMap(walk)]);
  assert.ok(files.length > 50, `expected the source tree, found ${files.length} files`);
  const cited = files.reduce((n, f) => n + f.text.split('\n').reduce((k, l) => k + factsTopics(l).length, 0), 0);
  assert.ok(cited >= 20, `expected the code's FACTS citations, found ${cited}`);
  const problems = citationProblems(files, docs);
  assert.equal(problems.length, 0, `unresolved citations:\n${problems.join('\n')}`);
});

test('tests cite the docs in the repository too, never DESIGN.md or FACTS.md', () => {
  const files = read(walk('tests').filter((f) => f !== SELF));
  const problems = citationProblems(files, docs).filter((p) => p.includes('which is not in the repository'));
  assert.equal(problems.length, 0, problems.join('\n'));
});

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (h: string) => h.toLowerCase().replace(/[^\p{L}\p{N} _-]/gu, '').replace(/ /g, '-');

test('links in the README and the docs land on a file, and on a heading where they name one', () => {
  const anchors: Record<string, Set<string>> = {};
  for (const f of [...DOC_PAGES.map((p) => `docs/${p}.md`), 'README.md']) {
    const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
    anchors[f] = new Set([...text.matchAll(/^#{1,6}\s+(.+?)\s*$/gm)].map((m) => slug(m[1]!)));
  }
  const problems: string[] = [];
  for (const from of Object.keys(anchors)) {
    const text = fs.readFileSync(path.join(ROOT, from), 'utf8');
    text.split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\]\(([\w./-]*?)(?:#([\w-]+))?\)/g)) {
        const target = m[1] ? path.normalize(path.join(path.dirname(from), m[1])) : from;
        if (!fs.existsSync(path.join(ROOT, target))) problems.push(`${from}:${i + 1}: ${m[1]} does not exist`);
        else if (m[2] && !anchors[target]?.has(m[2])) problems.push(`${from}:${i + 1}: no heading for #${m[2]} in ${target}`);
      }
    });
  }
  assert.deepEqual(problems, []);
});

test('the check names file and line for each kind of bad citation', () => {
  const bogus: SourceFile = {
    file: 'x.ts',
    text: [
      '// fine: FACTS: Background task budget — 30 s today. FACTS: Sockets of a suspended app; Woken.',
      '// FACTS: No such topic — made up',
      '// FACTS: Backgr — a prefix that stops inside a word is not enough',
      '// FACTS: Woken; Nothing here',
      '// FACTS: Heartbeat designs worth modelling (the section title may carry a note in parentheses)',
      '// FACTS:',
      '// see DESIGN.md and FACTS.md',
      '// docs/design.md "No such section" but docs/design.md "The clock" is fine',
      '// docs/services.md "Limits" is fine, docs/nowhere.md "Limits" is not',
    ].join('\n'),
  };
  assert.deepEqual(citationProblems([bogus], docs), [
    'x.ts:2: FACTS: "No such topic" is not a heading of docs/model.md',
    'x.ts:3: FACTS: "Backgr" is not a heading of docs/model.md',
    'x.ts:4: FACTS: "Nothing here" is not a heading of docs/model.md',
    'x.ts:6: FACTS: with no topic on the same line',
    'x.ts:7: cites DESIGN.md, which is not in the repository: cite docs/model.md or docs/design.md',
    'x.ts:8: "No such section" is not a heading of docs/design.md',
    'x.ts:9: docs/nowhere.md does not exist',
  ]);
});
