// The page's side of its file reader (file-reader-worker.ts): one Web Worker per picked file, asked
// by typed calls (file-reader-calls.ts) that stream their parts and end with an answer or the
// reader's error. Closing it stops the worker and fails what was still asked.
import type { FileReaderCall, FileReaderCalls, FromFileReader, ToFileReader } from './file-reader-calls.ts';

interface Pending {
  part: (p: never) => void;
  resolve: (v: never) => void;
  reject: (e: Error) => void;
}

export class FileReaderClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private seq = 0;
  private failed: string | null = null;
  private readonly name: string;

  constructor(file: File) {
    this.name = file.name;
    this.worker = new Worker(new URL('./file-reader-worker.ts', import.meta.url), { type: 'module', name: 'lifeline-file-reader' });
    this.worker.onmessage = (m: MessageEvent<FromFileReader>) => this.receive(m.data);
    // A worker that cannot start (or a message that cannot be cloned) fails every call, by name.
    this.worker.onerror = (e) => this.fail(`${file.name}: the file reader stopped: ${e.message || 'it could not start'}`);
    this.worker.onmessageerror = () => this.fail(`${file.name}: the file reader sent a message the page could not read`);
    this.post({ kind: 'file', file });
  }

  call<C extends FileReaderCall>(call: C, req: FileReaderCalls[C]['req'], part?: (p: FileReaderCalls[C]['part']) => void): Promise<FileReaderCalls[C]['res']> {
    if (this.failed) return Promise.reject(new Error(this.failed));
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(seq, { part: (part ?? (() => {})) as (p: never) => void, resolve: resolve as (v: never) => void, reject });
      this.post({ kind: 'call', seq, call, req } as ToFileReader);
    });
  }

  /** The file is closed: the worker stops, and a call still under way fails. */
  close(): void {
    this.fail(`${this.name}: closed`);
    this.worker.terminate();
  }

  private post(m: ToFileReader): void {
    this.worker.postMessage(m);
  }

  private receive(m: FromFileReader): void {
    const p = this.pending.get(m.seq);
    if (!p) return;
    if ('part' in m) return p.part(m.part as never);
    this.pending.delete(m.seq);
    if (m.ok) p.resolve(m.value as never);
    else p.reject(new Error(m.error));
  }

  private fail(why: string): void {
    this.failed ??= why;
    for (const p of this.pending.values()) p.reject(new Error(why));
    this.pending.clear();
  }
}
