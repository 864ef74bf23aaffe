// A refused scenario told at its field: the CLI's issues split into path and words, the schema
// library's terse wording replaced by a sentence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fieldIssue, issueAt } from '../../shared/scenario/field-issue.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { ScenarioError, validateScenario } from '../../shared/scenario/scenario.ts';

type Draft = { app: Record<string, unknown> };

function issuesOf(change: (d: Draft) => void): string[] {
  const d = structuredClone(findPreset('server-heartbeat-over-nat')!) as unknown as Draft;
  change(d);
  try {
    validateScenario(d);
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues;
    throw e;
  }
  return [];
}

test('a number field given text: the path of the field and a sentence, not the schema library\'s words', () => {
  const [i] = issuesOf((d) => (d.app.keepAliveTimeoutSec = 'abc')).map(fieldIssue);
  assert.deepEqual(i, { path: 'app.keepAliveTimeoutSec', message: 'needs a number' });
  const [empty] = issuesOf((d) => (d.app.keepAliveTimeoutSec = undefined)).map(fieldIssue);
  assert.deepEqual(empty, { path: 'app.keepAliveTimeoutSec', message: 'needs a number, and is empty' });
});

test('the model\'s own messages are kept as the CLI prints them', () => {
  const issues = issuesOf((d) => (d.app.keepAliveTimeoutSec = 100));
  const [i] = issues.map(fieldIssue);
  assert.equal(`${i!.path}: ${i!.message}`, issues[0]);
  assert.match(i!.message, /^must be at least 600 s/);
});

test('an issue about an item of a list belongs to the list\'s input, not to a field that merely starts alike', () => {
  const issues = [{ path: 'app.localPush.ssids[1]', message: 'no network' }];
  assert.equal(issueAt(issues, 'app.localPush.ssids'), issues[0]);
  assert.equal(issueAt(issues, 'app.localPush.ssid'), undefined);
  assert.equal(issueAt(issues, 'app.localPush'), issues[0]);
});
