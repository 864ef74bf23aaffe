// Opens a session file for a CLI command: a progress bar on a terminal for big files, the reader's
// warnings (a cut-off last line) once on stderr. Bad files throw ScenarioError (exit 2).
import path from 'node:path';
import { readSessionFile } from '../capture/session-reader.ts';
import type { ParsedSession } from '../../shared/session/session-format.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { ProgressBar } from './progress.ts';

/** `onEvent`: fold each event as it is read instead of keeping them (the result's events stay empty). */
export function openSession(file: string, onEvent?: (e: LifelineEvent) => void): ParsedSession {
  const bar = new ProgressBar(path.basename(file));
  const s = readSessionFile(file, { onProgress: (done, size) => bar.update(done, size, `${(done / 1e6).toFixed(0)} MB`), onEvent });
  bar.done();
  for (const w of s.warnings) console.error(`lifeline: ${w}`);
  return s;
}
