// A file the user picked in Electron's open dialog, told apart where the session store lives (the
// host thread), so the main process never reads it: a pcap/pcapng (by its magic bytes) opens as a
// capture, a session (by its first line) for replay, anything else is read as a scenario. Only a
// scenario is read whole; a session or capture is read later in chunks through its id.
import path from 'node:path';
import type { Result } from '../../shared/contract/contract.ts';
import { looksLikeSession } from '../../shared/session/session-format.ts';
import { captureFormatOf } from '../../shared/capture/capture-blocks.ts';
import { checkScenarioFileSize, parseScenarioText, ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
import type { SessionStore } from '../capture/session-store.ts';
import { withFile } from '../capture/session-chunks.ts';

export type OpenedFile =
  | { kind: 'capture' | 'session'; id: string; name: string }
  | { kind: 'scenario'; scenario: Scenario; name: string };

/** Bytes read to tell a session by its header (looksLikeSession looks at the first 200 characters). */
const HEAD_BYTES = 800;

/**
 * Never rejects: an unreadable file or a bad scenario is an error naming the file (and the field).
 * The file is opened once, as the session store opens one: a FIFO or a device is refused at once,
 * where opening it to read had held the host thread, and every run on it, waiting for a writer.
 */
export async function openFile(sessions: SessionStore, file: string): Promise<Result<OpenedFile>> {
  try {
    const name = path.basename(file);
    const opened = await withFile(file, 'r', async (fh, size): Promise<OpenedFile> => {
      const head = Buffer.alloc(HEAD_BYTES);
      const first = head.subarray(0, (await fh.read(head, 0, HEAD_BYTES, 0)).bytesRead);
      if (captureFormatOf(first) !== null) return { kind: 'capture', id: sessions.add(file), name };
      if (looksLikeSession(first.toString('utf8'))) return { kind: 'session', id: sessions.add(file), name };
      checkScenarioFileSize(size, file);
      return { kind: 'scenario', scenario: parseScenarioText(await fh.readFile('utf8'), file), name: file };
    });
    return { ok: true, value: opened };
  } catch (e) {
    return { ok: false, error: e instanceof ScenarioError ? e.message : `${file}: ${(e as Error).message}` };
  }
}
