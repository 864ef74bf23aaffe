// The messages between a relay (Electron's main process, `serve`'s main thread) and the host
// thread (host-worker.ts), which runs every client's RunHost and the session store. The contract's
// channels (shared/contract/contract.ts) ride inside them unchanged: the host thread checks each
// request as before; this file checks the envelope, on both sides of the thread boundary.
import type { ClientLimits } from './client-limits.ts';
import type { PushChannel, PushChannels } from '../../shared/contract/contract.ts';

/** Relay → host thread. `client` names one window or WebSocket; `id` one request of it. */
export type ToHost =
  | { op: 'open'; client: number; limits: ClientLimits }
  | { op: 'call'; client: number; id: number; channel: unknown; payload: unknown }
  | { op: 'close'; client: number }
  /** A file the user picked in Electron's open dialog: answered by a result carrying `Result<OpenedFile>`. */
  | { op: 'open-file'; id: number; file: string };

/** Host thread → relay. */
export type FromHost =
  | { op: 'ready' }
  | { op: 'result'; id: number; result: unknown }
  | { op: 'push'; client: number; channel: PushChannel; message: PushChannels[PushChannel] }
  | { op: 'closed'; client: number }
  /** An envelope the host thread could not use: why, naming the field. */
  | { op: 'refused'; error: string };

/** What the host thread needs to open its session store. */
export interface HostThreadData {
  dir: string | null;
  files: readonly string[];
}

const isRecord = (m: unknown): m is Record<string, unknown> => typeof m === 'object' && m !== null && !Array.isArray(m);
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks an envelope from the relay; the error names the field. */
export function checkToHost(m: unknown): { ok: true; value: ToHost } | { ok: false; error: string } {
  if (!isRecord(m)) return { ok: false, error: 'host thread: message: not an object' };
  if (m.op === 'open-file') {
    if (!isId(m.id)) return { ok: false, error: 'host thread: open-file: id: not a whole number' };
    return typeof m.file === 'string' && m.file !== '' ? { ok: true, value: m as ToHost } : { ok: false, error: 'host thread: open-file: file: not a path' };
  }
  if (!isId(m.client)) return { ok: false, error: `host thread: ${String(m.op)}: client: not a whole number` };
  if (m.op === 'open') return isRecord(m.limits) ? { ok: true, value: m as ToHost } : { ok: false, error: 'host thread: open: limits: not an object' };
  if (m.op === 'close') return { ok: true, value: m as ToHost };
  if (m.op === 'call') return isId(m.id) ? { ok: true, value: m as ToHost } : { ok: false, error: 'host thread: call: id: not a whole number' };
  return { ok: false, error: `host thread: op: unknown ${JSON.stringify(m.op) ?? String(m.op)}` };
}

/** Checks an envelope from the host thread (a relay trusts no thread it did not write the check for). */
export function checkFromHost(m: unknown): { ok: true; value: FromHost } | { ok: false; error: string } {
  if (!isRecord(m)) return { ok: false, error: 'relay: message from the host thread: not an object' };
  switch (m.op) {
    case 'ready': return { ok: true, value: m as FromHost };
    case 'result': return isId(m.id) ? { ok: true, value: m as FromHost } : { ok: false, error: 'relay: result: id: not a whole number' };
    case 'push': return isId(m.client) && typeof m.channel === 'string' ? { ok: true, value: m as FromHost } : { ok: false, error: 'relay: push: client or channel missing' };
    case 'closed': return isId(m.client) ? { ok: true, value: m as FromHost } : { ok: false, error: 'relay: closed: client: not a whole number' };
    case 'refused': return typeof m.error === 'string' ? { ok: true, value: m as FromHost } : { ok: false, error: 'relay: refused: error: not a string' };
    default: return { ok: false, error: `relay: op: unknown ${JSON.stringify(m.op) ?? String(m.op)}` };
  }
}
