// A packet capture as a player source (docs/design.md "The player"): the bytes come from a File
// the user picked or dropped, or from the host (`serve x.pcapng`) a chunk at a time; the page runs
// the same two passes as `lifeline analyze` (shared/capture-passes.ts). Only the connection on
// screen keeps its packets (four numbers each); a big capture is streamed, never held. The events
// (shared/capture-events.ts) feed a RecordedPlayer, so a capture seeks and plays like a session;
// choosing another connection or NAT timeout re-derives them and the statistics at once.
import { create } from 'zustand';
import { api } from '../bridge/index.ts';
import { CAPTURE_CHUNK, type Result } from '../../../shared/contract.ts';
import { captureFormatOf, type ByteSource, type CaptureFormat } from '../../../shared/capture-blocks.ts';
import { forEachPacketOf, scanConnections } from '../../../shared/capture-passes.ts';
import { DEFAULT_NAT_TIMEOUT_SEC, defaultConnection, IdleGapFold, type ConnectionInfo, type ConnectionTable, type ConnPacket, type GapReport } from '../../../shared/capture-analysis.ts';
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

export const useCaptures = create<{ captures: Map<string, CaptureInfo> }>()(() => ({ captures: new Map() }));

/** Kept out of React state: the byte source, the connection table and the packets on screen. */
const loaded = new Map<string, { source: ByteSource; table: ConnectionTable; packets: ConnPacket[]; firstUs: number }>();

/** A File as a ByteSource. */
export function fileByteSource(file: File): ByteSource {
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

/** A capture the host knows, read through capture.read. */
export async function hostByteSource(id: string, name: string): Promise<Result<ByteSource>> {
  const first = await api.invoke('capture.read', { id, offset: 0, length: 1 });
  if (!first.ok) return first;
  return {
    ok: true,
    value: {
      name,
      size: first.value.size,
      read: async (into, at, length, position) => {
        const r = await api.invoke('capture.read', { id, offset: position, length: Math.min(length, CAPTURE_CHUNK) });
        if (!r.ok) throw new Error(r.error);
        const bin = atob(r.value.data);
        for (let i = 0; i < bin.length; i++) into[at + i] = bin.charCodeAt(i);
        return bin.length;
      },
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
export async function openCapture(source: ByteSource, sourceId: string, onProgress?: (fraction: number) => void): Promise<Result<{ source: RecordedSource; warning: string | null }>> {
  try {
    const scan = await scanConnections(source, (f) => onProgress?.(f / 2));
    const connections = scan.table.connections();
    const chosen = defaultConnection(connections);
    const damaged = scan.damage ? `${scan.damage.message}; showing the ${scan.packets} packets before it` : null;
    if (!chosen) return { ok: false, error: damaged ?? `${source.name}: no TCP connection in ${scan.packets} packets` };
    loaded.set(sourceId, { source, table: scan.table, packets: [], firstUs: scan.firstUs ?? 0 });
    const info: CaptureInfo = { name: source.name, format: scan.format, packets: scan.packets, connections, selected: chosen.id, natTimeoutSec: DEFAULT_NAT_TIMEOUT_SEC, report: new IdleGapFold().report(DEFAULT_NAT_TIMEOUT_SEC), warning: damaged };
    setInfo(sourceId, info);
    return { ok: true, value: { source: await selectConnection(sourceId, chosen.id, (f) => onProgress?.(0.5 + f / 2)), warning: damaged } };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Reads another connection's packets (a second pass over the source) and re-derives the view. */
export async function selectConnection(sourceId: string, id: number, onProgress?: (fraction: number) => void): Promise<RecordedSource> {
  const l = loaded.get(sourceId);
  if (!l) throw new Error(`Invariant: no capture ${sourceId}`);
  const packets: ConnPacket[] = [];
  await forEachPacketOf(l.source, l.table, id, (p) => packets.push(p), onProgress);
  l.packets = packets;
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
