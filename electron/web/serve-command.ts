// `lifeline serve`: the inspector in a browser, on loopback unless told otherwise.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebServer } from './web-server.ts';
import { num, parseArgs, str, UsageError } from '../cli/args.ts';
import { SERVE } from '../cli/command-specs.ts';
import { echo } from '../../shared/util/one-line.ts';
import { warnIfExposed } from '../cli/exposure.ts';
import { exitSoon, untilStopSignal, withDeadline } from '../cli/stop-signal.ts';
import { DEFAULT_CLIENT_LIMITS, DEFAULT_MAX_CLIENTS, DEFAULT_SESSION_MB } from '../host/client-limits.ts';
import { SessionStore } from '../capture/session-store.ts';
import { startupFilesProblem } from '../capture/startup-files.ts';
import { HostThread } from '../host/host-thread.ts';

/** Where browser mode records runs unless `--data DIR` says otherwise. */
export const DEFAULT_DATA_DIR = path.join(process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share'), 'lifeline', 'sessions');

export const RENDERER_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../out/renderer');

export async function runServe(argv: string[]): Promise<number> {
  const args = parseArgs(argv, SERVE);
  const files = args.positional;
  const problem = startupFilesProblem(files);
  if (problem) throw new UsageError(problem);
  const port = num(args, 'port', { min: 0, max: 65535, integer: true }) ?? 0;
  const host = str(args, 'host') ?? '127.0.0.1';
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    console.error(`lifeline: the renderer is not built (${RENDERER_DIR}); run \`npm run build\` first`);
    return 1;
  }
  const dir = str(args, 'data') ?? DEFAULT_DATA_DIR;
  let sessions: SessionStore;
  try {
    sessions = new SessionStore({ dir, files });
  } catch (e) {
    throw new UsageError(`--data ${echo(dir)}: cannot use (${(e as NodeJS.ErrnoException).code ?? String(e)})`, { cause: e });
  }
  // Bad session files are bad input now, not a blank page later.
  // A capture is read by the page, where damage is shown with what was valid.
  for (const { id } of sessions.startup().sessions.filter((s) => s.kind !== 'capture')) {
    const r = await sessions.read(id, 0);
    if (!r.ok) throw new UsageError(r.error);
    for (const w of r.value.warnings) console.error(`lifeline: ${w}`);
  }
  // From here on the sessions, runs and captures are the host thread's: this thread only relays.
  sessions.dispose();
  const hostThread = new HostThread({ dir, files }, (why) => console.error(`lifeline: ${why}`));
  await hostThread.started();
  const maxSessionMb = num(args, 'max-session-mb', { min: 1, max: 1 << 20 }) ?? DEFAULT_SESSION_MB;
  const maxClients = num(args, 'max-clients', { min: 1, max: 1000, integer: true }) ?? DEFAULT_MAX_CLIENTS;
  const limits = { ...DEFAULT_CLIENT_LIMITS, sessionBytes: Math.round(maxSessionMb * (1 << 20)) };
  const server = new WebServer({ host, port, root: RENDERER_DIR, hostThread, limits, maxClients });
  try {
    await server.start();
  } catch (e) {
    console.error(`lifeline: cannot listen on ${host}:${port}: ${(e as Error).message}`);
    await hostThread.stop();
    return 1;
  }
  // Handlers first: whoever reads the URL may send SIGTERM at once and get a clean stop.
  const stopSignal = untilStopSignal();
  console.log(`Lifeline inspector: ${server.url}`);
  console.log(`sessions are recorded in ${dir}`);
  warnIfExposed(host, 'the inspector (it can start runs)');
  await stopSignal;
  await withDeadline(server.stop());
  // Whatever still holds the event loop (a socket closing slowly) does not hold the process.
  exitSoon(0);
  return 0;
}
