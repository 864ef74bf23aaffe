// Electron's main process hands the engine to the host thread, as `lifeline serve` does: every
// window's RunHost (runs, sweeps), the session store (listing, reading) and capture reading run in
// a worker thread (electron/host/host-worker.ts), and this process only relays IPC, draws menus
// and dialogs. Kept free of 'electron' so a Node test drives the same wiring the app uses.
import path from 'node:path';
import { HostThread, type ClientHost } from '../host/host-thread.ts';
import { DEFAULT_CLIENT_LIMITS } from '../host/client-limits.ts';
import type { Push } from '../host/run-host.ts';
import { INVOKE_CHANNELS, type HostChannels, type InvokeChannel, type MenuCommand } from '../../shared/contract/contract.ts';

/** The host thread's entry in the bundle: electron.vite.config.ts emits it beside main's index.js. */
export const BUNDLED_ENTRY = 'host-worker.js';

/** How long quitting waits for runs to stop and their session files to close. */
export const QUIT_WAIT_MS = 5_000;

/** `entry`: the bundled worker (the app), or the tsx one from source (tests). */
export function startMainHost(dataDir: string, files: readonly string[], entry: URL | undefined, log: (line: string) => void): HostThread {
  return new HostThread({ dir: path.join(dataDir, 'sessions'), files }, (why) => log(`lifeline: ${why}`), entry);
}

/** ipcMain.handle's shape, with the sender's event left opaque. */
export type Register<E> = (channel: InvokeChannel, fn: (e: E, payload: unknown) => Promise<unknown>) => void;

/**
 * One window's client of the host thread: each contract channel is relayed from the trusted page
 * (anything else is refused before it crosses the thread), pushes go back through `send`.
 */
export function wireWindow<E>(thread: HostThread, register: Register<E>, trusted: (e: E) => boolean, send: Push): ClientHost {
  const host = thread.client(send, DEFAULT_CLIENT_LIMITS);
  for (const channel of INVOKE_CHANNELS) {
    register(channel, async (e, payload) => (trusted(e) ? host.handle(channel, payload) : { ok: false, error: 'untrusted sender' }));
  }
  return host;
}

/**
 * A file picked in the open dialog: a session or capture becomes a menu command for the page
 * (which reads it by id), a scenario is the dialog's answer; the host thread told which it is.
 */
export async function openPicked(thread: HostThread, file: string, menu: (c: MenuCommand) => void): Promise<HostChannels['file.open-scenario']['res']> {
  const r = await thread.openFile(file);
  if (!r.ok) return r;
  const o = r.value;
  if (o.kind === 'scenario') return { ok: true, value: { scenario: o.scenario, name: o.name } };
  menu(o.kind === 'capture' ? { kind: 'open-capture', id: o.id, name: o.name } : { kind: 'open-session', id: o.id, name: o.name });
  return null;
}

/** Stops the host thread (runs stop, files close), waiting at most QUIT_WAIT_MS: quitting never hangs on it. */
export function stopMainHost(thread: HostThread): Promise<void> {
  return thread.stop(QUIT_WAIT_MS);
}
