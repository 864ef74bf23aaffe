// A preset recorded with the CLI into a session file, as a user records one: its file, its
// summary (--json) and its events (the file's lines after the header).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Summary } from '../../shared/folds/summary.ts';

export function recordPreset(preset: string, dir: string): { file: string; summary: Summary; events: LifelineEvent[] } {
  const file = path.join(dir, `${preset}.jsonl`);
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'run', preset, '--json', '--out', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  const events = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => JSON.parse(l) as LifelineEvent);
  return { file, summary: JSON.parse(r.stdout) as Summary, events };
}
