// The relay's side of the host thread (host-worker.ts): Electron's main process and `serve`'s main
// thread hand each client's requests to it and its push messages back, and do nothing heavier.
// A host thread that dies is reported, its callers get an error, and a new one starts: what was
// recorded is on disk (session files are written as the run goes), and the new thread lists it.
import { Worker } from 'node:worker_threads';
import { checkFromHost, type FromHost, type HostThreadData, type ToHost } from './host-protocol.ts';
import type { ClientLimits } from './client-limits.ts';
import type { Push } from './run-host.ts';
import type { Result, RunStatusMessage } from '../../shared/contract/contract.ts';
import type { OpenedFile } from './open-file.ts';

/**
 * The host thread's entry when run from source: TypeScript through tsx. A bundle passes its own
 * (Electron's main process: electron.vite.config.ts emits host-worker.js beside main's index.js).
 */
export const SOURCE_ENTRY = new URL('./host-worker-entry.js', import.meta.url);

/** What a relay needs of a client's host: RunHost in this thread, or its stand-in for the host thread. */
export interface ClientHost {
  handle(channel: unknown, payload: unknown): Promise<unknown>;
  dispose(): Promise<void>;
}

interface Client {
  push: Push;
  limits: ClientLimits;
  /** The client's live run as its last push said, to end it for the client if the thread dies. */
  run: Pick<RunStatusMessage, 'runId' | 'status' | 'virtualMs'> | null;
  /** Set once the client is closing: resolves when its runs have stopped and their files closed. */
  closing?: Promise<void>;
  closed?: () => void;
}

export class HostThread {
  private worker!: Worker;
  private ready!: Promise<void>;
  private nextId = 0;
  private nextClient = 0;
  private readonly calls = new Map<number, (result: unknown) => void>();
  private readonly clients = new Map<number, Client>();
  private stopping = false;
  /** Set when a thread died before it started: no more threads, every call refused with this. */
  private failed: string | null = null;
  private lastError: string | null = null;
  /** Files named at start-up, then those opened since (openFile), in id order: a new thread gets them all, so ids stay valid. */
  private readonly files: string[];

  /** `onProblem`: a crash or a bad envelope, in a sentence (serve prints it, Electron's main process logs it). */
  constructor(
    private readonly data: HostThreadData,
    private readonly onProblem: (why: string) => void = () => {},
    private readonly entry: URL = SOURCE_ENTRY,
  ) {
    this.files = [...data.files];
    this.spawn();
  }

  /** Resolves once the host thread has loaded its modules. */
  started(): Promise<void> {
    return this.ready;
  }

  private spawn(): void {
    // No inherited execArgv (a test runner's --import tsx): the source entry registers tsx itself, a bundle needs none.
    const w = new Worker(this.entry, { workerData: { ...this.data, files: [...this.files] } satisfies HostThreadData, execArgv: [] });
    this.worker = w;
    let up = false;
    this.ready = new Promise((resolve, reject) => {
      w.on('message', (raw: unknown) => {
        const c = checkFromHost(raw);
        if (!c.ok) return this.onProblem(c.error);
        if (c.value.op === 'ready') {
          up = true;
          resolve();
        }
        this.receive(c.value);
      });
      w.on('exit', (code) => {
        if (this.stopping || w !== this.worker) return;
        // A thread that never started will not start the next time either (a missing module, a bad
        // data folder): no restart, so a broken install cannot spin; every call is refused with why.
        if (!up) {
          this.failed = `the host thread could not start (exit code ${code})${this.lastError ? `: ${this.lastError}` : ''}`;
          this.answerAll(this.failed);
          return reject(new Error(this.failed));
        }
        this.crashed(code);
      });
    });
    // Only the first start is awaited (serve's start-up); a later one that fails is told through failed.
    this.ready.catch(() => {});
    w.on('error', (e) => {
      this.lastError = e.message;
      this.onProblem(`host thread failed: ${e.message}`);
    });
    for (const [client, c] of this.clients) this.post({ op: 'open', client, limits: c.limits });
  }

  private answerAll(why: string): void {
    for (const answer of this.calls.values()) answer({ ok: false, error: why });
    this.calls.clear();
  }

  /** Every pending call is answered with the reason, each live run ends for its client, a new thread starts. */
  private crashed(code: number): void {
    const why = `the host thread stopped (exit code ${code}); a new one was started, and what was recorded is in the session list`;
    this.onProblem(why);
    this.answerAll(why);
    for (const c of this.clients.values()) {
      if (c.run && (c.run.status === 'running' || c.run.status === 'paused')) c.push('run.status', { ...c.run, status: 'failed', error: why });
      c.run = null;
    }
    // A client that was closing is closed: the thread that held its runs is gone.
    for (const [client, c] of this.clients) {
      if (!c.closed) continue;
      this.clients.delete(client);
      c.closed();
    }
    this.spawn();
  }

  private receive(m: FromHost): void {
    if (m.op === 'result') {
      this.calls.get(m.id)?.(m.result);
      this.calls.delete(m.id);
    } else if (m.op === 'push') {
      const c = this.clients.get(m.client);
      if (!c) return;
      if (m.channel === 'run.status' || m.channel === 'run.events') {
        const s = m.message as RunStatusMessage;
        c.run = { runId: s.runId, virtualMs: s.virtualMs, status: m.channel === 'run.status' ? s.status : 'running' };
      }
      c.push(m.channel, m.message);
    } else if (m.op === 'closed') {
      this.clients.get(m.client)?.closed?.();
      this.clients.delete(m.client);
    } else if (m.op === 'refused') this.onProblem(m.error);
  }

  private post(m: ToHost): void {
    this.worker.postMessage(m);
  }

  /** A new client (a window, a WebSocket): its requests go to its own RunHost in the host thread. */
  client(push: Push, limits: ClientLimits): ClientHost {
    const client = ++this.nextClient;
    const c: Client = { push, limits, run: null };
    this.clients.set(client, c);
    this.post({ op: 'open', client, limits });
    return {
      handle: (channel, payload) => new Promise((resolve) => {
        if (this.failed !== null) return resolve({ ok: false, error: this.failed });
        const id = ++this.nextId;
        this.calls.set(id, resolve);
        // postMessage clones the payload recursively, so one that nests thousands of levels deep
        // overflows the stack and throws here: that request is refused, and nothing else is touched.
        try {
          this.post({ op: 'call', client, id, channel, payload });
        } catch (e) {
          this.calls.delete(id);
          const why = e instanceof RangeError ? 'it nests too deeply' : e instanceof Error ? e.message : String(e);
          resolve({ ok: false, error: `the payload could not be handed to the host thread: ${why}` });
        }
      }),
      dispose: () => this.close(client),
    };
  }

  /**
   * A file picked in Electron's open dialog, told apart and added to the session store in the
   * host thread (open-file.ts): the main process reads none of it.
   */
  openFile(file: string): Promise<Result<OpenedFile>> {
    return new Promise((resolve) => {
      if (this.failed !== null) return resolve({ ok: false, error: this.failed });
      const id = ++this.nextId;
      this.calls.set(id, (result) => {
        const r = result as Result<OpenedFile>;
        if (r.ok && r.value.kind !== 'scenario' && !this.files.includes(file)) this.files.push(file);
        resolve(r);
      });
      this.post({ op: 'open-file', id, file });
    });
  }

  /** Closes a client once, however many ask (the socket's close and the server's stop both do). */
  private close(client: number): Promise<void> {
    const c = this.clients.get(client);
    // No thread holds its runs when none could start: nothing to close.
    if (!c || this.failed !== null) return Promise.resolve();
    c.closing ??= new Promise<void>((resolve) => {
      c.closed = resolve;
      this.post({ op: 'close', client });
    });
    return c.closing;
  }

  /** Ends the host thread as a crash would (tests of the recovery; a stuck thread). */
  async kill(): Promise<void> {
    await this.worker.terminate();
  }

  /**
   * Closes every client (their runs stop, their files close), then ends the thread; past `waitMs`
   * it ends the thread anyway (a quitting app never hangs on it; what was written is on disk).
   */
  async stop(waitMs = Infinity): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const closing = Promise.all([...this.clients.keys()].map((client) => this.close(client)));
    const late = Number.isFinite(waitMs) ? new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs))) : closing;
    await Promise.race([closing, late]);
    clearTimeout(timer);
    this.stopping = true;
    await this.worker.terminate();
  }
}
