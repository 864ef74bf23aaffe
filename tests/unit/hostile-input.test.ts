// Bad input of every kind gets one clear line: no control characters, no 50 MB echoes, a real
// line and column, and nothing that cannot finish passes `validate`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseScenarioText, ScenarioError, EVENT_BUDGET, MIN_INTERVAL_SEC } from '../../shared/scenario/scenario.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { parseSessionText } from '../helpers/parse-session.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { seededRandom } from '../../shared/util/random.ts';
import { oneLine } from '../../shared/util/one-line.ts';
import { BIN } from '../helpers/service.ts';

const preset = findPreset('server-heartbeat-under-nat')!;
const presetText = JSON.stringify(preset, null, 2);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** The message for bad text, which must be a ScenarioError of one clean, bounded line. */
function messageFor(text: string): string | null {
  try {
    parseScenarioText(text, 'fuzz.json');
    return null;
  } catch (e) {
    assert.ok(e instanceof ScenarioError, `not a ScenarioError: ${String(e).slice(0, 200)}`);
    assert.doesNotMatch(e.message, CONTROL, e.message.slice(0, 200));
    assert.ok(e.message.length <= 1100, `message of ${e.message.length} characters`);
    return e.message;
  }
}

test('fuzzed scenario files: every refusal is one line without control characters', () => {
  const rnd = seededRandom(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const junk = ['\n', '\u001b[31m', '\u0000', '\u0085', '\u2028', '"', '{', '}', '[', ']', ',', ':', '\\', 'é', '\ud800', 'x'.repeat(5000)];
  let refused = 0;
  for (let i = 0; i < 400; i++) {
    let text = presetText;
    for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
      const at = Math.floor(rnd() * text.length);
      const op = rnd();
      if (op < 0.4) text = text.slice(0, at) + pick(junk) + text.slice(at);
      else if (op < 0.7) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(rnd() * 20));
      else text = text.slice(0, at);
    }
    if (messageFor(text) !== null) refused++;
  }
  // Structured fuzz: valid JSON with hostile keys and values in every position.
  const hostile = ['\u001b]0;pwned\u0007', 'a\nb', 'x'.repeat(100_000), -1, 1e308, null, [], {}, true, '1'];
  for (const v of hostile) {
    for (const key of ['name', 'durationSec', 'ios', '\u001b[2Jkey\n']) {
      if (messageFor(JSON.stringify({ ...preset, [key]: v })) !== null) refused++;
    }
    for (const section of ['app', 'server', 'nat'] as const) {
      if (messageFor(JSON.stringify({ ...preset, [section]: { ...preset[section], ['k\r\n' + String(v).slice(0, 10)]: v } })) !== null) refused++;
    }
  }
  assert.ok(refused > 300, `${refused} refused`);
});

test('a 50 MB name or key is cut in the message, not printed whole', () => {
  const big = 'N'.repeat(50 * 1024 * 1024);
  const m1 = messageFor(JSON.stringify({ ...preset, name: big }))!;
  assert.match(m1, /name: must be at most 200 characters/);
  const m2 = messageFor(JSON.stringify({ ...preset, [big]: 1 }))!;
  assert.ok(m2.length < 1100);
});

test('a 100,000-deep JSON file gets a real line and column', () => {
  const deep = '\n' + '['.repeat(100_000) + ']'.repeat(99_999);
  assert.equal(messageFor(deep), `fuzz.json: line 2 column 200000: invalid JSON, expected ',' or ']'`);
  assert.match(messageFor('['.repeat(100_000) + '1,')!, /line 1 column 100003: invalid JSON, expected a JSON value/);
  assert.match(messageFor('{"a":'.repeat(100_000) + '}')!, /line 1 column 500001: invalid JSON, expected a JSON value/);
});

test('a UTF-8 BOM is accepted in scenario and session files', () => {
  assert.equal(parseScenarioText('\ufeff' + presetText, 'bom.json').name, preset.name);
  const session = '\ufeff' + JSON.stringify(sessionHeader(preset, 'test')) + '\n' + JSON.stringify({ t: 0, kind: 'server', op: 'listening', client: 0 }) + '\n';
  assert.equal(parseSessionText(session, 'bom.jsonl').events.length, 1);
});

test('a session "version":"1" is told its type is wrong', () => {
  const header = { ...sessionHeader(preset, 'test'), version: '1' };
  assert.throws(() => parseSessionText(JSON.stringify(header) + '\n', 's.jsonl'), /line 1: version: expected a number, got string/);
});

test('validate refuses scenarios that cannot finish, and says why', () => {
  const m1 = messageFor(JSON.stringify({ ...preset, server: { ...preset.server, heartbeatSec: 0.001 } }))!;
  assert.match(m1, new RegExp(`server.heartbeatSec: must be at least ${MIN_INTERVAL_SEC} s`));
  const m2 = messageFor(JSON.stringify({ ...preset, app: { ...preset.app, clientHeartbeatSec: 0.01 } }))!;
  assert.match(m2, /app.clientHeartbeatSec: must be at least/);
  const m3 = messageFor(JSON.stringify({ ...preset, durationSec: 30 * 86400, server: { ...preset.server, heartbeatSec: 0.1 } }))!;
  assert.match(m3, new RegExp(`over the budget of ${EVENT_BUDGET.toLocaleString('en')}`));
});

test('a "__proto__" key is refused like any unknown field, naming the file and the object, in a record (expect, networks) as elsewhere', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-proto-'));
  // JSON.parse makes "__proto__" an own key; zod's records skipped it, so these passed without the key.
  // A computed key is an own key too (a plain `__proto__:` would set the prototype instead).
  const P = '__proto__';
  const { nat: _nat, ...noNat } = preset;
  const cases: [string, object, RegExp][] = [
    ['expect', { ...preset, expect: { [P]: { max: 0 } } }, /: expect: Unrecognized key: "__proto__"$/],
    ['networks', { ...noNat, network: 'a', networks: { a: { idleTimeoutSec: 60 }, [P]: { idleTimeoutSec: 60 } } }, /: networks: Unrecognized key: "__proto__"$/],
    ['app', { ...preset, app: { ...preset.app, [P]: 1 } }, /: app: Unrecognized key: "__proto__"$/],
    ['networks.a', { ...noNat, network: 'a', networks: { a: { idleTimeoutSec: 60, [P]: 1 } } }, /: networks\.a: Unrecognized key: "__proto__"$/],
  ];
  for (const [where, scenario, message] of cases) {
    const file = path.join(dir, `${where}.json`);
    fs.writeFileSync(file, JSON.stringify(scenario));
    assert.ok(fs.readFileSync(file, 'utf8').includes('"__proto__":'), where);
    const r = spawnSync(process.execPath, [BIN, 'validate', file], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 2, `${where}: ${r.stderr}`);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.ok(r.stderr.startsWith(`lifeline: ${file}: `), r.stderr);
    assert.match(r.stderr.trimEnd(), message, where);
  }
  // The key in each of 100,000 timeline entries: one line, in about the time zod takes to say so.
  const many = path.join(dir, 'many.json');
  fs.writeFileSync(many, JSON.stringify({ ...preset, durationSec: 30 * 86400, timeline: Array.from({ length: 100_000 }, (_, i) => ({ atSec: i, action: 'lock', [P]: 1 })) }));
  const r = spawnSync(process.execPath, [BIN, 'validate', many], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /^lifeline: .*many\.json: timeline\[0\]: Unrecognized key: "__proto__"; timeline\[1\]: /);
});

test('the CLI prints one line with exit 2 for a hostile file name and content', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-fuzz-'));
  const file = path.join(dir, 'evil\u001b[31m\nname.json');
  fs.writeFileSync(file, JSON.stringify({ ...preset, 'bad\u001bkey\n': 1 }));
  const r = spawnSync(process.execPath, [BIN, 'validate', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.doesNotMatch(r.stderr.trimEnd(), CONTROL);
  assert.match(r.stderr, /evil\\x1b\[31m\\nname\.json/);
  assert.equal(oneLine('a\u0000b'), 'a\\x00b');
});
