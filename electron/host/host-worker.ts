// The host thread: every client's RunHost (runs, sweeps), the session store (listing, parsing,
// summarising) and capture reading, off the thread that answers the window or the sockets. The
// relay (host-thread.ts) only forwards envelopes (host-protocol.ts) and push messages.
import { parentPort, workerData } from 'node:worker_threads';
import { RunHost } from './run-host.ts';
import { ClientQuota, type ClientLimits } from './client-limits.ts';
import { SessionStore } from '../capture/session-store.ts';
import { openFile } from './open-file.ts';
import { checkToHost, type FromHost, type HostThreadData } from './host-protocol.ts';

const port = parentPort;
if (!port) throw new Error('Invariant: host-worker runs in a worker thread');
const data = workerData as HostThreadData;
const sessions = new SessionStore({ dir: data.dir, files: data.files });
const hosts = new Map<number, RunHost>();
const send = (m: FromHost) => port.postMessage(m);

port.on('message', (raw: unknown) => {
  const c = checkToHost(raw);
  if (!c.ok) {
    // A call with a usable id still gets its answer, so the relay's caller is not left waiting.
    const id = (raw as { id?: unknown } | null)?.id;
    return send(Number.isSafeInteger(id) ? { op: 'result', id: id as number, result: { ok: false, error: c.error } } : { op: 'refused', error: c.error });
  }
  const m = c.value;
  if (m.op === 'open-file') return void openFile(sessions, m.file).then((result) => send({ op: 'result', id: m.id, result }));
  if (m.op === 'open') {
    const client = m.client;
    hosts.set(client, new RunHost((channel, message) => send({ op: 'push', client, channel, message }), sessions, new ClientQuota(m.limits as ClientLimits)));
  } else if (m.op === 'call') {
    const host = hosts.get(m.client);
    if (!host) return send({ op: 'result', id: m.id, result: { ok: false, error: `host thread: call: client ${m.client} is not open` } });
    void host.handle(m.channel, m.payload).then((result) => send({ op: 'result', id: m.id, result }));
  } else {
    const host = hosts.get(m.client);
    hosts.delete(m.client);
    void (host?.dispose() ?? Promise.resolve()).then(() => send({ op: 'closed', client: m.client }));
  }
});
send({ op: 'ready' });
