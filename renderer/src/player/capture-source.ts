// A packet capture as a player source (docs/design.md "The player"). Two passes read it, with the
// same shared code as `lifeline analyze` (shared/capture-passes.ts): a file the host knows
// (`serve x.pcapng`, the native dialog) is read on the host, which sends the connection table and
// then the shown connection's packets; a File picked or dropped in the page is read here, a chunk
// at a time. Either way only the connection on screen keeps its packets (four numbers each). The
// events (shared/capture-events.ts) feed a RecordedPlayer, so a capture seeks and plays like a
// session; choosing another connection or NAT timeout re-derives them and the statistics at once.
import { create } from 'zustand';
import { api } from '../bridge/index.ts';
import type { CaptureScan, Result } from '../../../shared/contract.ts';
import { captureFormatOf, type ByteSource, type CaptureFormat } from '../../../shared/capture-blocks.ts';
import { forEachPacketOf, scanConnections } from '../../../shared/capture-passes.ts';
import { DEFAULT_NAT_TIMEOUT_SEC, defaultConnection, IdleGapFold, type ConnectionInfo, type ConnPacket, type GapReport } from '../../../shared/capture-analysis.ts';
import { connectionEvents } from '../../../shared/capture-events.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';

/** What the capture panel shows for one capture view. */
export interface CaptureInfo {
  name: string;
  format: CaptureFormat;
  packets: number;
  connections: ConnectionInfo[];
  selected: number;
  natTimeoutSec: number;
  /** The same numbers as `lifeline analyze --json` (one IdleGapFold). */
  report: GapReport;
  /** The capture is damaged: where, and that what came before is shown. */
  warning: string | null;
}

/** The two passes, wherever the bytes are. */
export interface CaptureReader {
  scan(onProgress: (fraction: number) => void): Promise<CaptureScan>;
  packetsOf(conn: number, onProgress: (fraction: number) => void): Promise<ConnPacket[]>;
}

export const useCaptures = create<{ captures: Map<string, CaptureInfo> }>()(() => ({ captures: new Map() }));

/** Kept out of React state: the reader, and the packets and first timestamp of the capture. */
const loaded = new Map<string, { reader: CaptureReader; packets: ConnPacket[]; firstUs: number }>();

/** A File picked or dropped in the page, read here in chunks. */
export function fileCaptureReader(file: File): CaptureReader {
  const source: ByteSource = {
    name: file.name,
    size: file.size,
    read: async (into, at, length, position) => {
      const b = new Uint8Array(await file.slice(position, position + length).arrayBuffer());
      into.set(b, at);
      return b.length;
    },
  };
  let table: Awaited<ReturnType<typeof scanConnections>>['table'] | null = null;
  return {
    scan: async (onProgress) => {
      const s = await scanConnections(source, onProgress);
      table = s.table;
      return { name: file.name, format: s.format, packets: s.packets, connections: s.table.connections(), damage: s.damage?.message ?? null, firstUs: s.firstUs ?? 0 };
    },
    packetsOf: async (conn, onProgress) => {
      if (!table) throw new Error('Invariant: packets asked for before the scan');
      const out: ConnPacket[] = [];
      await forEachPacketOf(source, table, conn, (p) => out.push(p), onProgress);
      return out;
    },
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
        const out: ConnPacket[] = [];
        // Bounded: each answer moves the offset forward or the loop ends.
        for (let offset: number | null = 0; offset !== null; ) {
          const c: { packets: ConnPacket[]; next: number | null } = unwrap(await api.invoke('capture.packets', { id, conn, offset }));
          for (const p of c.packets) out.push(p);
          if (c.next !== null && c.next <= offset) throw new Error(`capture ${id}: the host sent no progress at packet ${offset}`);
          offset = c.next;
        }
        return out;
      } finally {
        off();
      }
    },
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
  try {
    const scan = await reader.scan((f) => onProgress?.(f / 2));
    const chosen = defaultConnection(scan.connections);
    const damaged = scan.damage ? `${scan.damage}; showing the ${scan.packets} packets before it` : null;
    if (!chosen) return { ok: false, error: damaged ?? `${scan.name}: no TCP connection in ${scan.packets} packets` };
    loaded.set(sourceId, { reader, packets: [], firstUs: scan.firstUs });
    const report = new IdleGapFold().report(DEFAULT_NAT_TIMEOUT_SEC);
    setInfo(sourceId, { name: scan.name, format: scan.format, packets: scan.packets, connections: scan.connections, selected: chosen.id, natTimeoutSec: DEFAULT_NAT_TIMEOUT_SEC, report, warning: damaged });
    return { ok: true, value: { source: await selectConnection(sourceId, chosen.id, (f) => onProgress?.(0.5 + f / 2)), warning: damaged } };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Reads another connection's packets (a second pass over the capture) and re-derives the view. */
export async function selectConnection(sourceId: string, id: number, onProgress: (fraction: number) => void = () => {}): Promise<RecordedSource> {
  const l = loaded.get(sourceId);
  if (!l) throw new Error(`Invariant: no capture ${sourceId}`);
  l.packets = await l.reader.packetsOf(id, onProgress);
  return derive(sourceId, { selected: id });
}

/** The NAT timeout changed: new expiry marks, shading and statistics from the same packets. */
export function setNatTimeout(sourceId: string, natTimeoutSec: number): RecordedSource {
  return derive(sourceId, { natTimeoutSec });
}

function setInfo(sourceId: string, info: CaptureInfo): void {
  const captures = new Map(useCaptures.getState().captures);
  captures.set(sourceId, info);
  useCaptures.setState({ captures });
}

function derive(sourceId: string, patch: Partial<CaptureInfo>): RecordedSource {
  const l = loaded.get(sourceId);
  const prev = useCaptures.getState().captures.get(sourceId);
  if (!l || !prev) throw new Error(`Invariant: no capture ${sourceId}`);
  const info = { ...prev, ...patch };
  const conn = info.connections.find((c) => c.id === info.selected)!;
  const fold = new IdleGapFold();
  for (const p of l.packets) fold.add(p.tSec, p.dir, p.payloadLen);
  info.report = fold.report(info.natTimeoutSec);
  setInfo(sourceId, info);
  const startedAt = new Date((l.firstUs + conn.startSec * 1e6) / 1000);
  const events = connectionEvents(l.packets, { label: `${info.name} #${conn.id}`, natTimeoutSec: info.natTimeoutSec, durationSec: conn.durationSec, startedAt });
  return { sourceId, name: info.name, scenario: null, events };
}
