// The page's file reader: a Web Worker that reads a File the user picked or dropped, so reading and
// decoding hundreds of megabytes never holds the thread that draws (issue 16). A capture: the same
// passes as `lifeline analyze` and the host, and only the shown connection's packets cross back, in
// batches. A session: its lines in checked chunks, as the host hands out a session it knows. The
// page asks through file-reader-client.ts.
import type { ByteSource } from '../../../shared/capture/capture-blocks.ts';
import { forEachPacketOf, scanConnections } from '../../../shared/capture/capture-passes.ts';
import { natAnalysisOf } from '../../../shared/capture/nat-timeout-pass.ts';
import type { ConnPacket } from '../../../shared/capture/capture-analysis.ts';
import { BlobSessionChunks } from './blob-session-chunks.ts';
import { packPackets, transferOf } from './packet-columns.ts';
import { PACKETS_PER_PART, type FileReaderCall, type FileReaderCalls, type FileReaderReply, type FromFileReader, type ToFileReader } from './file-reader-calls.ts';

type Table = Awaited<ReturnType<typeof scanConnections>>['table'];

const scope = self as unknown as { onmessage: ((m: MessageEvent<ToFileReader>) => void) | null; postMessage(m: FromFileReader, transfer?: Transferable[]): void };

/** The file this worker reads, and its bytes as the capture passes read them. */
interface Opened {
  file: File;
  source: ByteSource;
}

let opened: Opened | null = null;
let table: Table | null = null;
let session: BlobSessionChunks | null = null;

function byteSource(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    read: async (into, at, length, position) => {
      const b = new Uint8Array(await file.slice(position, position + length).arrayBuffer());
      into.set(b, at);
      return b.length;
    },
  };
}

const scanned = (): Table => {
  if (!table) throw new Error('Invariant: a capture pass asked for before the scan');
  return table;
};

/** A call's work; `part` sends a part at once, moving the buffers named in `transfer`. */
type Handler<C extends FileReaderCall> = (req: FileReaderCalls[C]['req'], from: Opened, part: (p: FileReaderCalls[C]['part'], transfer?: Transferable[]) => void) => Promise<FileReaderCalls[C]['res']>;

const handlers: { [C in FileReaderCall]: Handler<C> } = {
  'capture.scan': async (_req, { source }, part) => {
    const s = await scanConnections(source, part);
    table = s.table;
    return { name: source.name, format: s.format, packets: s.packets, connections: s.table.connections(), damage: s.damage?.message ?? null, warnings: s.warnings, firstUs: s.firstUs ?? 0 };
  },
  'capture.packets': async ({ conn }, { source }, part) => {
    // A batch goes when it is full or the reading moved on (the page's progress bar), whichever first.
    let batch: ConnPacket[] = [];
    let fraction = 0;
    const flush = () => {
      const packets = packPackets(batch);
      part({ fraction, packets }, transferOf(packets));
      batch = [];
    };
    const { late } = await forEachPacketOf(source, scanned(), conn, (p) => {
      if (batch.push(p) >= PACKETS_PER_PART) flush();
    }, (f) => {
      fraction = f;
      flush();
    });
    fraction = 1;
    flush();
    return { late };
  },
  'capture.nat': ({ conn }, { source }) => natAnalysisOf(source, scanned(), conn),
  'session.read': ({ offset }, { file }) => {
    session ??= new BlobSessionChunks({ blob: file, name: file.name });
    return session.chunk(offset);
  },
};

/** Every error names the file: the readers' own do (and a line or byte offset); a browser's read error does not. */
const named = (file: File, e: unknown): string => {
  const message = e instanceof Error ? e.message : String(e);
  // "name: …", or "name line 1 scenario: …" (a header's scenario, as the CLI says it).
  return message.startsWith(`${file.name}:`) || message.startsWith(`${file.name} `) ? message : `${file.name}: ${message}`;
};

async function answer<C extends FileReaderCall>(seq: number, call: C, req: FileReaderCalls[C]['req']): Promise<void> {
  const reply = (r: FileReaderReply<C>, transfer?: Transferable[]) => scope.postMessage(r as FromFileReader, transfer);
  const from = opened;
  if (!from) return reply({ seq, call, ok: false, error: 'Invariant: the file reader was asked before it had its file' });
  const run: Handler<C> = handlers[call];
  try {
    reply({ seq, call, ok: true, value: await run(req, from, (part, transfer) => reply({ seq, call, part }, transfer)) });
  } catch (e) {
    reply({ seq, call, ok: false, error: named(from.file, e) });
  }
}

scope.onmessage = (m) => {
  const msg = m.data;
  if (msg.kind === 'file') opened = { file: msg.file, source: byteSource(msg.file) };
  else void answer(msg.seq, msg.call, msg.req);
};
