// The page's file reader hands a connection's packets over as columns (renderer/src/player/packet-columns.ts):
// read from a real capture, packed, moved across as a worker's message moves them, and unpacked,
// they are the packets the shared pass read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachPacketOf, scanConnections } from '../../shared/capture/capture-passes.ts';
import { defaultConnection, type ConnPacket } from '../../shared/capture/capture-analysis.ts';
import type { ByteSource } from '../../shared/capture/capture-blocks.ts';
import { packPackets, transferOf, unpackPackets } from '../../renderer/src/player/packet-columns.ts';
import { bigCapture, pcapBytes } from '../helpers/synth-capture.ts';

const bytesSource = (b: Uint8Array): ByteSource => ({
  name: 'big.pcap',
  size: b.length,
  read: async (into, at, length, position) => {
    const part = b.subarray(position, position + length);
    into.set(part, at);
    return part.length;
  },
});

test('packets packed into columns, moved and unpacked are the packets read, heads and all', async () => {
  const source = bytesSource(pcapBytes(bigCapture(3000)));
  const scan = await scanConnections(source);
  const conn = defaultConnection(scan.table.connections())!;
  const read: ConnPacket[] = [];
  await forEachPacketOf(source, scan.table, conn.id, (p) => read.push(p));
  assert.ok(read.some((p) => p.head !== undefined) && read.some((p) => p.head === undefined), 'with and without payload');
  assert.ok(read.some((p) => p.dir === 'up') && read.some((p) => p.dir === 'down'));

  // Beside them, what the capture's numbers can hold: the largest sequence numbers, latin1 heads.
  const edge: ConnPacket[] = [
    { frame: 1, tSec: 0, dir: 'up', flags: 0x18, seq: 2 ** 32 - 1, ack: 2 ** 32 - 2, payloadLen: 65_535, head: 'PING \u00e9\u00ff\u0080' },
    { frame: 2, tSec: 1e-6, dir: 'down', flags: 0x10, seq: 0, ack: 0, payloadLen: 0 },
  ];
  for (const packets of [read, edge, []]) {
    const columns = packPackets(packets);
    const moved = structuredClone(columns, { transfer: transferOf(columns) });
    assert.equal(columns.numbers.byteLength, 0, 'moved, not copied');
    const out: ConnPacket[] = [];
    unpackPackets(moved, out);
    assert.deepEqual(out, packets);
  }
});
