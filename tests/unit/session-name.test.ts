import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionFileName, sessionTitle, shownSessionName } from '../../shared/session/session-name.ts';

test('a recorded session file name reads back as its scenario name and recording time', () => {
  const at = new Date('2026-12-06T19:49:44.849Z');
  const file = sessionFileName('server-heartbeat-under-nat (edited)', at);
  assert.equal(file, '2026-12-06T19-49-44-849Z server-heartbeat-under-nat-edited.jsonl');
  assert.deepEqual(sessionTitle(file), { title: 'server-heartbeat-under-nat-edited', recordedAt: at });
  // As the listing names it (no extension), the same.
  assert.deepEqual(sessionTitle(file.replace(/\.jsonl$/, '')), { title: 'server-heartbeat-under-nat-edited', recordedAt: at });
});

test('a name without a recording stamp (renamed, or brought from elsewhere) is its own title', () => {
  assert.deepEqual(sessionTitle('broken run for the slides'), { title: 'broken run for the slides', recordedAt: null });
  assert.deepEqual(sessionTitle('a.jsonl'), { title: 'a', recordedAt: null });
  // Only a stamp at the start counts, and a name that is only a stamp keeps it.
  assert.equal(sessionTitle('x 2026-12-06T19-49-44-849Z y').title, 'x 2026-12-06T19-49-44-849Z y');
  assert.equal(sessionFileName('***', new Date(0)), '1970-01-01T00-00-00-000Z run.jsonl');
});

test('the name the lists show: a recorded session by its title, any other name as it is', () => {
  assert.equal(shownSessionName('2026-12-06T19-49-44-849Z server-heartbeat-over-nat.jsonl'), 'server-heartbeat-over-nat');
  assert.equal(shownSessionName('2026-12-06T19-49-44-849Z server-heartbeat-over-nat'), 'server-heartbeat-over-nat');
  assert.equal(shownSessionName('a.jsonl'), 'a.jsonl');
  assert.equal(shownSessionName('broken run for the slides'), 'broken run for the slides');
});
