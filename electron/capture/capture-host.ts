// Captures the host knows (named on the command line or picked in the native dialog), read on the
// host with the same shared passes as `lifeline analyze`: the page gets the connection table and
// then only the connection it shows, never the file. Memory: one record per connection of the
// last captures scanned, and the packets (four numbers each) of the connection last asked for.
import path from 'node:path';
import { CAPTURE_PACKETS_CHUNK, type CapturePackets, type CaptureScan, type Result } from '../../shared/contract/contract.ts';
import { forEachPacketOf, NoSuchConnection, scanConnections } from '../../shared/capture/capture-passes.ts';
import type { ConnectionTable, ConnPacket } from '../../shared/capture/capture-analysis.ts';
import { withFileSource } from './capture-reader.ts';
import { natAnalysisOf, type NatAnalysis } from '../../shared/capture/nat-timeout-pass.ts';

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (error: string): Result<never> => ({ ok: false, error });

export class CaptureHost {
  private readonly tables = new Map<string, ConnectionTable>();
  private last: { id: string; conn: number; packets: ConnPacket[]; late: number } | null = null;

  /** `fileOf`: the capture file behind an id the host handed out, or null. */
  constructor(
    private readonly fileOf: (id: string) => string | null,
    private readonly onProgress: (id: string, fraction: number) => void = () => {},
  ) {}

  async scan(id: string): Promise<Result<CaptureScan>> {
    const file = this.fileOf(id);
    if (!file) return fail(`no capture ${JSON.stringify(id)}`);
    try {
      // Messages name the file as the user knows it, not the path.
      const name = path.basename(file);
      const s = await withFileSource(file, (src) => scanConnections({ ...src, name }, (f) => this.onProgress(id, f)));
      this.tables.set(id, s.table);
      return ok({ name, format: s.format, packets: s.packets, connections: s.table.connections(), damage: s.damage?.message ?? null, warnings: s.warnings, firstUs: s.firstUs ?? 0 });
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  async packets(id: string, conn: number, offset: number): Promise<Result<CapturePackets>> {
    const file = this.fileOf(id);
    const table = this.tables.get(id);
    if (!file || !table) return fail(`capture ${JSON.stringify(id)} was not scanned`);
    try {
      if (offset === 0 || this.last?.id !== id || this.last.conn !== conn) {
        const packets: ConnPacket[] = [];
        const { late } = await withFileSource(file, (src) => forEachPacketOf(src, table, conn, (p) => packets.push(p), (f) => this.onProgress(id, f)));
        this.last = { id, conn, packets, late };
      }
      const all = this.last.packets;
      const end = Math.min(all.length, offset + CAPTURE_PACKETS_CHUNK);
      return ok({ packets: all.slice(offset, end), next: end < all.length ? end : null, late: this.last.late });
    } catch (e) {
      if (e instanceof NoSuchConnection) return fail(`${path.basename(file)}: ${e.message}`);
      return fail(e instanceof Error ? e.message : String(e));
    }
  }

  async nat(id: string, conn: number): Promise<Result<NatAnalysis>> {
    const file = this.fileOf(id);
    const table = this.tables.get(id);
    if (!file || !table) return fail(`capture ${JSON.stringify(id)} was not scanned`);
    if (!table.keyOf(conn)) return fail(`${path.basename(file)}: no connection ${conn}`);
    try {
      return ok(await withFileSource(file, (src) => natAnalysisOf(src, table, conn)));
    } catch (e) {
      return fail(e instanceof Error ? e.message : String(e));
    }
  }
}
