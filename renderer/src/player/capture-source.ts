// A packet capture as a player source (docs/design.md "The player"). Two passes read it, with the
// same shared code as `lifeline analyze` (shared/capture/capture-passes.ts): a file the host knows
// (`serve x.pcapng`, the native dialog) is read on the host, which sends the connection table and
// then the shown connection's packets; a File picked or dropped in the page is read by the page's
// file reader, a Web Worker (file-reader-worker.ts). Either way only the connection on screen keeps its packets (a few numbers and a payload head each). The
// events (shared/capture/capture-events.ts) feed a RecordedPlayer, so a capture seeks and plays like a
// session; choosing another connection or NAT timeout re-derives them and the statistics, a slice at
// a time (the page answers while a big connection folds), the newest request winning.
import { create } from 'zustand';
import { api } from '../bridge/index.ts';
import type { CapturePackets, CaptureScan, Result } from '../../../shared/contract/contract.ts';
import { captureFormatOf, type CaptureFormat } from '../../../shared/capture/capture-blocks.ts';
import type { NatAnalysis } from '../../../shared/capture/nat-timeout-pass.ts';
import { DEFAULT_NAT_TIMEOUT_SEC, defaultConnection, IdleGapFold, type ConnectionInfo, type ConnPacket, type GapReport } from '../../../shared/capture/capture-analysis.ts';
import { CaptureEventStream } from '../../../shared/capture/capture-events.ts';
import { RecordedFolds } from '../../../shared/player/recorded-folds.ts';
import { SLICE_MS, yieldToPage } from './page-yield.ts';
import { FileReaderClient } from './file-reader-client.ts';
import { unpackPackets } from './packet-columns.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';

/** What the capture panel shows for one capture view. */
export interface CaptureInfo {
  name: string;
  format: CaptureFormat;
  packets: number;
  connections: ConnectionInfo[];
  selected: number;
  assumedNatTimeoutSec: number;
  /** The same numbers as `lifeline analyze --json` (one IdleGapFold). */
  report: GapReport;
  /** What the reader tolerated and tells (unknown link types, fragments, timestamps), as `analyze` prints them. */
  warnings: string[];
  /** Packets of the shown connection too far out of time order to put back (lateWarning). */
  late: number;
  /** What the shown connection proves about the path's NAT timeout; null while it is read. */
  nat: NatAnalysis | null;
}

/** The two passes, wherever the bytes are. */
export interface CaptureReader {
  scan(onProgress: (fraction: number) => void): Promise<CaptureScan>;
  packetsOf(conn: number, onProgress: (fraction: number) => void): Promise<{ packets: ConnPacket[]; late: number }>;
  natOf(conn: number): Promise<NatAnalysis>;
  /** The capture is closed: what reads it (the page's worker) stops. */
  close(): void;
}

export const useCaptures = create<{ captures: Map<string, CaptureInfo> }>()(() => ({ captures: new Map() }));

/**
 * Kept out of React state: the reader, the loaded connection and its packets, the capture's first
 * timestamp, and the packets' gap statistics once folded (they do not depend on the NAT timeout).
 */
const loaded = new Map<string, { reader: CaptureReader; conn: number; packets: ConnPacket[]; firstUs: number; gaps: IdleGapFold | null }>();

/** Readers of captures still listing their connections: closing the source stops the reading under way. */
const opening = new Map<string, CaptureReader>();

/**
 * A File picked or dropped in the page, read by the page's file reader, a Web Worker
 * (file-reader-worker.ts): decoding never holds the thread that draws, and only the shown
 * connection's packets cross back, in batches.
 */
export function fileCaptureReader(file: File): CaptureReader {
  const worker = new FileReaderClient(file);
  return {
    scan: (onProgress) => worker.call('capture.scan', null, onProgress),
    packetsOf: async (conn, onProgress) => {
      const packets: ConnPacket[] = [];
      const { late } = await worker.call('capture.packets', { conn }, (part) => {
        unpackPackets(part.packets, packets);
        onProgress(part.fraction);
      });
      return { packets, late };
    },
    natOf: (conn) => worker.call('capture.nat', { conn }),
    close: () => worker.close(),
  };
}

/** A capture the host knows: it reads the file and sends the table, then one connection in chunks. */
export function hostCaptureReader(id: string): CaptureReader {
  const progress = (onProgress: (fraction: number) => void) => api.on('capture.progress', (m) => m.id === id && onProgress(m.fraction));
  const unwrap = <T,>(r: Result<T>): T => {
    if (!r.ok) throw new Error(r.error);
    return r.value;
  };
  return {
    scan: async (onProgress) => {
      const off = progress(onProgress);
      try {
        return unwrap(await api.invoke('capture.scan', { id }));
      } finally {
        off();
      }
    },
    packetsOf: async (conn, onProgress) => {
      const off = progress(onProgress);
      try {
        const packets: ConnPacket[] = [];
        let late = 0;
        // Bounded: each answer moves the offset forward or the loop ends.
        for (let offset: number | null = 0; offset !== null; ) {
          const c: CapturePackets = unwrap(await api.invoke('capture.packets', { id, conn, offset }));
          for (const p of c.packets) packets.push(p);
          late = c.late;
          if (c.next !== null && c.next <= offset) throw new Error(`capture ${id}: the host sent no progress at packet ${offset}`);
          offset = c.next;
        }
        return { packets, late };
      } finally {
        off();
      }
    },
    natOf: async (conn) => unwrap(await api.invoke('capture.nat', { id, conn })),
    // The host keeps the file until the source list drops it.
    close: () => {},
  };
}

/** A pcap or pcapng by its magic bytes; a file named like one is read as one too, so a damaged
 * capture gets the reader's message (file and byte offset) rather than "not a scenario". */
export async function looksLikeCapture(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return captureFormatOf(head) !== null || /\.(pcap|pcapng|cap)$/i.test(file.name);
}

/** Opens a capture: lists its connections and derives the default one (the longest-lived). */
export async function openCapture(reader: CaptureReader, sourceId: string, onProgress?: (fraction: number) => void): Promise<Result<{ source: RecordedSource; warning: string | null }>> {
  // Listed as opening, so closing the source (forgetCapture, which opening it again does first) stops this reading.
  opening.set(sourceId, reader);
  try {
    const scan = await reader.scan((f) => onProgress?.(f / 3));
    if (opening.get(sourceId) !== reader) {
      reader.close();
      return { ok: false, error: `${scan.name}: opening superseded` };
    }
    opening.delete(sourceId);
    const chosen = defaultConnection(scan.connections);
    const damaged = scan.damage ? `${scan.damage}; showing the ${scan.packets} packets before it` : null;
    if (!chosen) {
      reader.close();
      return { ok: false, error: scan.damage ? `${scan.damage}; no TCP connection in the ${scan.packets} packets before it` : `${scan.name}: no TCP connection in ${scan.packets} packets` };
    }
    loaded.set(sourceId, { reader, conn: chosen.id, packets: [], firstUs: scan.firstUs, gaps: null });
    const report = new IdleGapFold().report(DEFAULT_NAT_TIMEOUT_SEC);
    setInfo(sourceId, { name: scan.name, format: scan.format, packets: scan.packets, connections: scan.connections, selected: chosen.id, assumedNatTimeoutSec: DEFAULT_NAT_TIMEOUT_SEC, report, warnings: scan.warnings, late: 0, nat: null });
    const source = await selectConnection(sourceId, chosen.id, (f) => onProgress?.(1 / 3 + (2 * f) / 3));
    // Another connection or NAT timeout asked for while this one opened: that request shows its own.
    if (!source) return { ok: false, error: `${scan.name}: opening superseded` };
    return { ok: true, value: { source, warning: damaged } };
  } catch (e) {
    if (opening.get(sourceId) === reader) opening.delete(sourceId);
    reader.close();
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** The newest request per capture; an older one still under way drops its result (the last click wins). */
const latest = { select: new Map<string, number>(), derive: new Map<string, number>() };
function ask(kind: keyof typeof latest, sourceId: string): () => boolean {
  const token = (latest[kind].get(sourceId) ?? 0) + 1;
  latest[kind].set(sourceId, token);
  return () => latest[kind].get(sourceId) === token;
}

/**
 * Reads another connection's packets (a second pass over the capture) and re-derives the view:
 * reading is the first half of `onProgress`, deriving the second. Null when a later choice of
 * connection or NAT timeout superseded this one before it was shown.
 */
export async function selectConnection(sourceId: string, id: number, onProgress: (fraction: number) => void = () => {}): Promise<RecordedSource | null> {
  const l = loaded.get(sourceId);
  if (!l) throw new Error(`Invariant: no capture ${sourceId}`);
  const current = ask('select', sourceId);
  // Shown as chosen at once, so the panel reads this choice while its packets load.
  patchInfo(sourceId, { selected: id, nat: null });
  const { packets, late } = await l.reader.packetsOf(id, (f) => current() && onProgress(f / 2));
  if (!current()) return null;
  const nat = await l.reader.natOf(id);
  if (!current()) return null;
  patchInfo(sourceId, { nat, late });
  l.conn = id;
  l.packets = packets;
  l.gaps = null;
  return derive(sourceId, (f) => onProgress(0.5 + f / 2));
}

/** The NAT timeout changed: new expiry marks, shading and statistics from the same packets. */
export function setNatTimeout(sourceId: string, assumedNatTimeoutSec: number, onProgress: (fraction: number) => void = () => {}): Promise<RecordedSource | null> {
  // Kept at once: a connection that finishes loading meanwhile is derived with it too.
  patchInfo(sourceId, { assumedNatTimeoutSec });
  return derive(sourceId, onProgress);
}

function setInfo(sourceId: string, info: CaptureInfo): void {
  const captures = new Map(useCaptures.getState().captures);
  captures.set(sourceId, info);
  useCaptures.setState({ captures });
}

function patchInfo(sourceId: string, patch: Partial<CaptureInfo>): CaptureInfo {
  const prev = useCaptures.getState().captures.get(sourceId);
  if (!prev) throw new Error(`Invariant: no capture ${sourceId}`);
  const info = { ...prev, ...patch };
  setInfo(sourceId, info);
  return info;
}

/**
 * The events and statistics of the loaded connection at the current NAT timeout, folded (with the
 * player's checkpoints, shared/player/recorded-folds.ts) a slice at a time between yields to the
 * page, so a connection of a million packets leaves the page answering. Null when superseded.
 */
async function derive(sourceId: string, onProgress: (fraction: number) => void): Promise<RecordedSource | null> {
  const current = ask('derive', sourceId);
  const l = loaded.get(sourceId);
  const info = useCaptures.getState().captures.get(sourceId);
  if (!l || !info) throw new Error(`Invariant: no capture ${sourceId}`);
  const { packets, firstUs } = l;
  const conn = info.connections.find((c) => c.id === l.conn)!;
  const assumedNatTimeoutSec = info.assumedNatTimeoutSec;
  // Folded by the first derive of these packets; a new NAT timeout only counts the gaps over it.
  const known = l.gaps;
  const fold = known ?? new IdleGapFold();
  const startedAt = new Date((firstUs + conn.startSec * 1e6) / 1000);
  const stream = new CaptureEventStream({ label: `${info.name} #${conn.id}`, assumedNatTimeoutSec, durationSec: conn.durationSec, startedAt });
  const folded = new RecordedFolds();
  for (const e of stream.start()) folded.push(e);
  let since = performance.now();
  for (let i = 0; i < packets.length; i++) {
    const p = packets[i]!;
    if (!known) fold.add(p.tSec, p.dir, p.payloadLen);
    for (const e of stream.packet(p)) folded.push(e);
    if ((i & 1023) === 1023 && performance.now() - since > SLICE_MS) {
      await yieldToPage();
      if (!current()) return null;
      onProgress(i / packets.length);
      since = performance.now();
    }
  }
  for (const e of stream.end()) folded.push(e);
  if (l.packets === packets) l.gaps = fold;
  // The statistics (a sort of every gap, the first time) and then the view (the caller draws it)
  // each in a task of their own.
  await yieldToPage();
  if (!current()) return null;
  patchInfo(sourceId, { report: fold.report(assumedNatTimeoutSec) });
  onProgress(1);
  await yieldToPage();
  if (!current()) return null;
  return { sourceId, name: info.name, scenario: null, events: folded.full.events, folded };
}

/**
 * The shown connection and its packets, in time order (the events' order): the packet pane and
 * Follow stream read them; null for a source that is not a capture.
 */
export function shownPackets(sourceId: string): { conn: number; packets: readonly ConnPacket[] } | null {
  const l = loaded.get(sourceId);
  return l ? { conn: l.conn, packets: l.packets } : null;
}

/** A closed capture view: its reader, packets and panel entry go, so their memory can be freed. */
export function forgetCapture(sourceId: string): void {
  opening.get(sourceId)?.close();
  opening.delete(sourceId);
  loaded.get(sourceId)?.reader.close();
  loaded.delete(sourceId);
  latest.select.delete(sourceId);
  latest.derive.delete(sourceId);
  const { captures } = useCaptures.getState();
  if (!captures.has(sourceId)) return;
  const next = new Map(captures);
  next.delete(sourceId);
  useCaptures.setState({ captures: next });
}
