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
import { PACKETS_PER_PART, type FileReaderCalls, type FromFileReader, type ToFileReader } from './file-reader-calls.ts';

type Table = Awaited<ReturnType<typeof scanConnections>>['table'];

const scope = self as unknown as { onmessage: ((m: MessageEvent<ToFileReader>) => void) | null; postMessage(m: FromFileReader, transfer?: Transferable[]): void };

let file: File | null = null;
let source: ByteSource | null = null;
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

/** Each call's work; `part` sends a part at once, moving the buffers named in `transfer`. */
type Handlers = { [C in keyof FileReaderCalls]: (req: FileReaderCalls[C]['req'], from: ByteSource, part: (p: FileReaderCalls[C]['part'], transfer?: Transferable[]) => void) => Promise<FileReaderCalls[C]['res']> };

const handlers: Handlers = {
  'capture.scan': async (_req, from, part) => {
    const s = await scanConnections(from, part);
    table = s.table;
    return { name: from.name, format: s.format, packets: s.packets, connections: s.table.connections(), damage: s.damage?.message ?? null, warnings: s.warnings, firstUs: s.firstUs ?? 0 };
  },
  'capture.packets': async ({ conn }, from, part) => {
    // A batch goes when it is full or the reading moved on (the page's progress bar), whichever first.
    let batch: ConnPacket[] = [];
    let fraction = 0;
    const flush = () => {
      const packets = packPackets(batch);
      part({ fraction, packets }, transferOf(packets));
      batch = [];
    };
    const { late } = await forEachPacketOf(from, scanned(), conn, (p) => {
      if (batch.push(p) >= PACKETS_PER_PART) flush();
    }, (f) => {
      fraction = f;
      flush();
    });
    fraction = 1;
    flush();
    return { late };
  },
  'capture.nat': ({ conn }, from) => natAnalysisOf(from, scanned(), conn),
  'session.read': ({ offset }) => {
    if (!file) throw new Error('Invariant: a call before the file');
    session ??= new BlobSessionChunks({ blob: file, name: file.name });
    return session.chunk(offset);
  },
};

scope.onmessage = (m) => {
  const msg = m.data;
  if (msg.kind === 'file') {
    file = msg.file;
    source = byteSource(msg.file);
    return;
  }
  const { seq } = msg;
  const run = handlers[msg.call] as (req: unknown, from: ByteSource, part: (p: unknown, transfer?: Transferable[]) => void) => Promise<unknown>;
  const answer = async (): Promise<FromFileReader> => {
    if (!source) throw new Error('Invariant: a call before the file');
    return { seq, ok: true, value: (await run(msg.req, source, (part, transfer) => scope.postMessage({ seq, part } as FromFileReader, transfer))) as FileReaderCalls[typeof msg.call]['res'] };
  };
  answer().then(
    (reply) => scope.postMessage(reply),
    (e: unknown) => scope.postMessage({ seq, ok: false, error: e instanceof Error ? e.message : String(e) }),
  );
};
