import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSessionText, sessionHeader } from '../../shared/session-format.ts';
import { PRESETS } from '../../shared/presets.ts';

const header = JSON.stringify(sessionHeader(PRESETS[0]!, 'test'));

test('a session parses; bad lines are named by line number', () => {
  const ok = parseSessionText(`${header}\n{"t":0,"kind":"run.end","wallMs":1}\n`, 's.jsonl');
  assert.equal(ok.events.length, 1);
  assert.equal(ok.truncated, false);
  assert.throws(() => parseSessionText(`${header}\n{"t":0,"kind":"run.end"}\nnope\n`, 's.jsonl'), /s\.jsonl: line 3: not valid JSON/);
  assert.throws(() => parseSessionText(`${header}\n{"t":-5,"kind":"run.end"}\n`, 's.jsonl'), /line 2: t: expected/);
  assert.throws(() => parseSessionText(`${header}\n{"t":1,"kind":"boom"}\n`, 's.jsonl'), /line 2: kind: unknown event kind "boom"/);
  assert.throws(() => parseSessionText(`{"format":"other"}\n`, 's.jsonl'), /line 1: format/);
  assert.throws(() => parseSessionText('', 's.jsonl'), /line 1: empty file/);
  assert.throws(() => parseSessionText(header.replace('"ios":9', '"ios":"nine"') + '\n', 's.jsonl'), /s\.jsonl line 1 scenario: ios/);
});
