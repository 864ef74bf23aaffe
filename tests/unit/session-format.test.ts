import { test } from 'node:test';
import assert from 'node:assert/strict';
import { looksLikeSession, sessionHeader } from '../../shared/session/session-format.ts';
import { parseSessionText } from '../helpers/parse-session.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';

const header = JSON.stringify(sessionHeader(PRESETS[0]!, 'test'));
const end = '{"t":0,"kind":"run.end","wallMs":1}';

test('a session parses; bad lines are named by line number', () => {
  const ok = parseSessionText(`${header}\n${end}\n`, 's.jsonl');
  assert.equal(ok.events.length, 1);
  assert.equal(ok.truncated, false);
  assert.deepEqual(ok.warnings, []);
  assert.throws(() => parseSessionText(`${header}\n${end}\nnope\n`, 's.jsonl'), /s\.jsonl: line 3: not valid JSON/);
  assert.throws(() => parseSessionText(`${header}\n{"t":-5,"kind":"run.end","wallMs":1}\n`, 's.jsonl'), /line 2: t: expected/);
  assert.throws(() => parseSessionText(`${header}\n{"t":1,"kind":"boom"}\n`, 's.jsonl'), /line 2: kind: unknown event kind "boom"/);
  assert.throws(() => parseSessionText(`{"format":"other"}\n`, 's.jsonl'), /line 1: format/);
  assert.throws(() => parseSessionText('', 's.jsonl'), /line 1: empty file/);
  assert.throws(() => parseSessionText(header.replace('"ios":9', '"ios":"nine"') + '\n', 's.jsonl'), /s\.jsonl line 1 scenario: ios/);
});

test('fields are checked by kind: wrong types, missing fields, unknown enum values', () => {
  const bad = (line: string) => () => parseSessionText(`${header}\n${line}\n`, 's.jsonl');
  assert.throws(bad('{"t":1,"kind":"run.end"}'), /s\.jsonl: line 2: wallMs: missing/);
  assert.throws(bad('{"t":1,"kind":"frame","side":"device","dir":"send","verb":"PING","line":"PING 1","bytes":"7"}'), /line 2: bytes: expected a finite number, got "7"/);
  assert.throws(bad('{"t":1,"kind":"lifecycle","state":"asleep","reason":"x"}'), /line 2: state: expected one of/);
  assert.throws(bad('{"t":1e300,"kind":"run.end","wallMs":1}'), /line 2: t: expected/);
  assert.throws(bad('[1,2]'), /line 2: expected an event object/);
});

test('a UTF-8 BOM and CRLF line ends are accepted', () => {
  const s = parseSessionText(`\uFEFF${header}\r\n${end}\r\n`, 's.jsonl');
  assert.equal(s.events.length, 1);
  assert.ok(looksLikeSession(`\uFEFF${header}`));
  assert.ok(!looksLikeSession(JSON.stringify(PRESETS[0])));
});

test('a file cut mid-line opens up to its last whole line, with a warning', () => {
  const s = parseSessionText(`${header}\n${end}\n{"t":5,"ki`, 's.jsonl');
  assert.equal(s.truncated, true);
  assert.equal(s.events.length, 1);
  assert.deepEqual(s.warnings, ['s.jsonl: line 3 is cut off (the file ends mid-line); read the 1 events before it']);
  assert.throws(() => parseSessionText(header.slice(0, 40), 's.jsonl'), /s\.jsonl: line 1: the header is cut off/);
});

test('a newer version is named; events out of time order are corrupt', () => {
  assert.throws(() => parseSessionText(header.replace('"version":1', '"version":7') + '\n', 's.jsonl'), /s\.jsonl: line 1: version: 7 is newer than this build/);
  assert.throws(() => parseSessionText(header.replace('"version":1', '"version":"x"') + '\n', 's.jsonl'), /line 1: version: expected a number, got string/);
  assert.throws(() => parseSessionText(`${header}\n{"t":9,"kind":"run.end","wallMs":1}\n${end}\n`, 's.jsonl'), /line 3: t: 0 is before the previous event's 9/);
});
