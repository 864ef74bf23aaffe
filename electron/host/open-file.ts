// A file the user picked in Electron's open dialog, told apart where the session store lives (the
// host thread), so the main process never reads it: a pcap/pcapng (by its magic bytes) opens as a
// capture, a session (by its first line) for replay, anything else is read as a scenario. Only a
// scenario is read whole; a session or capture is read later in chunks through its id.
import fs from 'node:fs';
import path from 'node:path';
import type { Result } from '../../shared/contract/contract.ts';
import { looksLikeSession } from '../../shared/session/session-format.ts';
import { checkScenarioFileSize, parseScenarioText, ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
import type { SessionStore } from '../capture/session-store.ts';
import { isCaptureFile } from '../capture/startup-files.ts';

export type OpenedFile =
  | { kind: 'capture' | 'session'; id: string; name: string }
  | { kind: 'scenario'; scenario: Scenario; name: string };

/** Bytes read to tell a session by its header (looksLikeSession looks at the first 200 characters). */
const HEAD_BYTES = 800;

function head(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(HEAD_BYTES);
    return b.subarray(0, fs.readSync(fd, b, 0, HEAD_BYTES, 0)).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Never throws: an unreadable file or a bad scenario is an error naming the file (and the field). */
export function openFile(sessions: SessionStore, file: string): Result<OpenedFile> {
  try {
    const name = path.basename(file);
    if (isCaptureFile(file)) return { ok: true, value: { kind: 'capture', id: sessions.add(file), name } };
    if (looksLikeSession(head(file))) return { ok: true, value: { kind: 'session', id: sessions.add(file), name } };
    checkScenarioFileSize(fs.statSync(file).size, file);
    return { ok: true, value: { kind: 'scenario', scenario: parseScenarioText(fs.readFileSync(file, 'utf8'), file), name: file } };
  } catch (e) {
    return { ok: false, error: e instanceof ScenarioError ? e.message : `${file}: ${(e as Error).message}` };
  }
}
