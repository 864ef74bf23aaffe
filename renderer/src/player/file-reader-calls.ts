// What the page's file reader (a Web Worker, file-reader-worker.ts) answers: the passes over a capture,
// or a session's chunks, from a file the user picked or dropped, read off the thread that draws
// (issue 16). One map types both ends.
import type { CaptureScan, SessionChunk } from '../../../shared/contract/contract.ts';
import type { NatAnalysis } from '../../../shared/capture/nat-timeout-pass.ts';
import type { PacketColumns } from './packet-columns.ts';

/** Each call: its request, the parts it sends while it runs (progress, a batch), and its answer. */
export interface FileReaderCalls {
  /** Pass one over a capture: its connections. Parts: the fraction read. */
  'capture.scan': { req: null; part: number; res: CaptureScan };
  /** Pass two: one connection's packets, in batches as they are read (as columns, moved rather than copied). */
  'capture.packets': { req: { conn: number }; part: { fraction: number; packets: PacketColumns }; res: { late: number } };
  /** What that connection proves about the path's NAT timeout. */
  'capture.nat': { req: { conn: number }; part: never; res: NatAnalysis };
  /** A session's event lines from `offset`, checked, as the host answers `session.read`. */
  'session.read': { req: { offset: number }; part: never; res: SessionChunk };
}

export type FileReaderCall = keyof FileReaderCalls;

/** The page to the worker: the file first, then calls, each with its own number. */
export type ToFileReader =
  | { kind: 'file'; file: File }
  | { [C in FileReaderCall]: { kind: 'call'; seq: number; call: C; req: FileReaderCalls[C]['req'] } }[FileReaderCall];

/** What the worker sends about call `seq` (a `C`): a part, the answer, or the reader's error (naming the file). */
export type FileReaderReply<C extends FileReaderCall> =
  | { seq: number; call: C; part: FileReaderCalls[C]['part'] }
  | { seq: number; call: C; ok: true; value: FileReaderCalls[C]['res'] }
  | { seq: number; call: C; ok: false; error: string };

/** The worker to the page: the replies of every call. */
export type FromFileReader = { [C in FileReaderCall]: FileReaderReply<C> }[FileReaderCall];

/** Packets a batch carries: each is unpacked in the page in a task of its own, so it stays short. */
export const PACKETS_PER_PART = 10_000;
