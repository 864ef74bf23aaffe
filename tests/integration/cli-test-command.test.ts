// `lifeline test` as CI runs it: real processes, suites in temp dirs, exit codes, the JUnit file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PRESET_INPUTS, PRESETS } from '../../shared/scenario/presets.ts';
import { elements, parseXmlStrict } from '../helpers/xml.ts';
import { fillDisk, withSmallDisk } from '../helpers/small-disk.ts';

const BIN = path.resolve('bin/lifeline.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000 });

/** A suite directory: the "done right" preset for 900 s under each name, with overrides. */
function suite(files: Record<string, Record<string, unknown> | string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-test-'));
  for (const [file, o] of Object.entries(files)) {
    const text = typeof o === 'string' ? o : JSON.stringify({ ...PRESET_INPUTS[0]!, lesson: undefined, expect: undefined, durationSec: 900, ...o });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

const OK = { deadSec: { max: 0 }, 'pushes.lost': { max: 0 }, connectedRatio: { min: 0.99 }, 'heartbeats.server': { equals: 3 } };
// A heartbeat (330 s) over the NAT timeout (300 s): the path dies and the app never learns.
const OVER_NAT = { server: { heartbeatSec: 330, pushEverySec: 900 } };

test('a passing suite: one PASS line per scenario, exit 0, and a JUnit file CI systems read', () => {
  const dir = suite({ 'a.json': { name: 'under-nat', expect: OK }, 'b.json': { name: 'no-expect' }, 'notes.txt': 'not a scenario' });
  // In a folder that does not exist yet, as a fresh checkout's test-results/: it is created.
  const junit = path.join(dir, 'test-results', 'report.xml');
  const r = cli('test', dir, '--junit', junit);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `PASS  under-nat (${path.join(dir, 'a.json')})  4 checks`,
    `PASS  no-expect (${path.join(dir, 'b.json')})  ran; no expect`,
    '2 passed, 0 failed',
  ]);
  const doc = parseXmlStrict(fs.readFileSync(junit, 'utf8'));
  assert.equal(doc.documentElement.tagName, 'testsuites');
  assert.equal(doc.documentElement.getAttribute('tests'), '2');
  assert.equal(doc.documentElement.getAttribute('failures'), '0');
  const suites = elements(doc, 'testsuite');
  assert.equal(suites.length, 1);
  assert.equal(suites[0]!.getAttribute('name'), dir);
  const cases = elements(doc, 'testcase');
  assert.deepEqual(cases.map((c) => c.getAttribute('name')), ['under-nat', 'no-expect']);
  for (const c of cases) {
    assert.equal(c.getAttribute('classname')?.startsWith(dir), true);
    assert.ok(Number(c.getAttribute('time')) >= 0, 'time is a number of seconds');
    assert.equal(elements(c, 'failure').length + elements(c, 'error').length, 0);
  }
});

test('a failing suite: FAIL with the constraint and the actual value, exit 1, <failure> in the JUnit file', () => {
  const nasty = 'over <nat> & "friends"';
  const dir = suite({ 'ok.json': { name: 'fine', expect: OK }, 'over.json': { name: nasty, ...OVER_NAT, expect: { deadSec: { max: 0 }, 'pushes.lost': { equals: 0 }, natExpiries: { min: 1 } } } });
  const junit = path.join(dir, 'report.xml');
  const r = cli('test', dir, '--junit', junit);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /^PASS {2}fine /);
  // The actual values are the run's own: the same scenario's summary says what they are.
  const summary = JSON.parse(cli('run', path.join(dir, 'over.json'), '--json').stdout);
  assert.ok(summary.deadSec > 0 && summary.pushes.lost > 0 && summary.natExpiries >= 1, JSON.stringify(summary));
  const broken = `deadSec = ${summary.deadSec}, expected max 0; pushes.lost = ${summary.pushes.lost}, expected equals 0`;
  assert.equal(lines[1], `FAIL  ${nasty} (${path.join(dir, 'over.json')})  ${broken}`);
  assert.equal(lines[2], '1 passed, 1 failed');

  const doc = parseXmlStrict(fs.readFileSync(junit, 'utf8'));
  assert.equal(doc.documentElement.getAttribute('failures'), '1');
  assert.equal(elements(doc, 'testsuite')[0]!.getAttribute('failures'), '1');
  const failed = elements(doc, 'testcase').find((c) => c.getAttribute('name') === nasty);
  assert.ok(failed, 'the name with XML specials reads back intact');
  const f = elements(failed, 'failure')[0]!;
  assert.equal(f.getAttribute('message'), broken);
  assert.equal(f.getAttribute('type'), 'expect');
  assert.equal(JSON.parse(elements(failed, 'system-out')[0]!.textContent!).deadSec, summary.deadSec);
});

test('--json: one object with every result, its failures and its summary', () => {
  const dir = suite({ 'over.json': { name: 'over', ...OVER_NAT, expect: { connectedRatio: { min: 0.99 } } } });
  const r = cli('test', dir, '--json');
  assert.equal(r.status, 1, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.passed, 0);
  assert.equal(out.failed, 1);
  const [res] = out.results;
  assert.equal(res.status, 'fail');
  assert.deepEqual(res.failures, [{ metric: 'connectedRatio', kind: 'min', expected: 0.99, actual: res.summary.connectedRatio }]);
  assert.ok(res.summary.connectedRatio < 0.99);
});

test('malformed suites are bad input: exit 2, one line per problem naming the file and field, nothing run', () => {
  const unknown = suite({ 'a.json': { name: 'a', expect: OK }, 'b.json': { name: 'b', expect: { 'pushes.lots': { max: 0 } } } });
  const junit = path.join(unknown, 'report.xml');
  let r = cli('test', unknown, '--junit', junit);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '', 'nothing ran');
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  assert.ok(r.stderr.startsWith(`lifeline: ${path.join(unknown, 'b.json')}: expect.pushes.lots: unknown summary metric (known: `), r.stderr);
  assert.match(r.stderr, /known: .*pushes\.lost/);
  assert.ok(!fs.existsSync(junit), 'no report for a run that never happened');

  const broken = suite({ 'a.json': '{"name": "a",\n  "durationSec": }', 'b.json': { name: 'b', expect: { deadSec: {} } } });
  r = cli('test', broken);
  assert.equal(r.status, 2);
  assert.deepEqual(r.stderr.trim().split('\n'), [
    `lifeline: ${path.join(broken, 'a.json')}: line 2 column 18: invalid JSON, expected a JSON value`,
    `lifeline: ${path.join(broken, 'b.json')}: expect.deadSec: needs at least one of min, max, equals`,
  ]);

  const empty = suite({ 'notes.txt': 'x' });
  for (const [args, msg] of [
    [[empty], /no \*\.json scenario files in this directory/],
    [['no-such-preset'], /no-such-preset: no such file, and no preset by that name/],
    // A missing folder is created (a CI job's test-results/); a file where a folder should be is not.
    [['seed-snippet', '--junit', path.join(empty, 'notes.txt/r.xml')], /--junit .*: cannot write \(EEXIST\)/],
    [['seed-snippet', '--bogus'], /unknown option --bogus/],
  ] as const) {
    r = cli('test', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});

test('with no argument every preset is checked against the expect stating its lesson, and all pass', () => {
  const r = cli('test');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1).map((l) => l.split(/\s+/).slice(0, 2)), PRESETS.map((p) => ['PASS', p.name]));
  assert.equal(lines.at(-1), `${PRESETS.length} passed, 0 failed`);
  for (const p of PRESETS) assert.ok(Object.keys(p.expect ?? {}).length >= 2, `${p.name} states its lesson in an expect`);
});

test('--junit on a disk with no room: exit 2 naming the option, the file and ENOSPC', { timeout: 120_000 }, async (t) => {
  await withSmallDisk(t, (dir) => {
    fillDisk(dir);
    const report = path.join(dir, 'r.xml');
    const r = cli('test', 'examples/policies', '--junit', report);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, `lifeline: --junit ${report}: cannot write (ENOSPC)\n`);
  });
});
