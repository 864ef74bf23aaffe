// Captures the host knows (`serve x.pcapng`, `npm start -- x.pcap`, the native dialog) cross the
// contract as a connection table and one connection's packets, read with the same passes as
// `lifeline analyze`: the page sees the same connections and computes the same report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { RunHost } from '../../electron/host/run-host.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { analyzeCapture } from '../../electron/capture/analyze-capture.ts';
import { CAPTURE_PACKETS_CHUNK, type CaptureScan, type PushChannels, type Result } from '../../shared/contract/contract.ts';
import { IdleGapFold, type ConnPacket } from '../../shared/capture/capture-analysis.ts';
import { heartbeatPackets, writePcap } from '../helpers/synth-capture.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { findPreset } from '../../shared/scenario/presets.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-capture-host-'));

function setup(files: string[]) {
  const progress: PushChannels['capture.progress'][] = [];
  const h = new RunHost((channel, m) => channel === 'capture.progress' && progress.push(m as PushChannels['capture.progress']), new SessionStore({ files }));
  return { h, progress };
}

async function allPackets(h: RunHost, id: string, conn: number): Promise<{ packets: ConnPacket[]; answers: number }> {
  const packets: ConnPacket[] = [];
  let answers = 0;
  for (let offset: number | null = 0; offset !== null && answers < 100; answers++) {
    const r = (await h.handle('capture.packets', { id, conn, offset })) as Result<{ packets: ConnPacket[]; next: number | null }>;
    assert.ok(r.ok, !r.ok ? r.error : '');
    packets.push(...r.value.packets);
    offset = r.value.next;
  }
  return { packets, answers };
}

test('capture.scan and capture.packets: the connections and report of analyze, in chunks, with progress', async () => {
  const cap = path.join(dir, 'beats.pcap');
  // More packets than one answer holds: the page reads the connection in two chunks.
  writePcap(cap, heartbeatPackets(Math.ceil(CAPTURE_PACKETS_CHUNK / 2) + 10, 30));
  const session = path.join(dir, 's.jsonl');
  fs.writeFileSync(session, [JSON.stringify(sessionHeader(findPreset('server-heartbeat-under-nat')!, 'test')), ...syntheticSession(3).map((e) => JSON.stringify(e))].join('\n') + '\n');
  const { h, progress } = setup([cap, session]);
  assert.deepEqual((await h.handle('session.startup', null)) as unknown, { sessions: [{ id: 'arg:0', name: 'beats.pcap', kind: 'capture' }, { id: 'arg:1', name: 's.jsonl' }] });

  const scan = (await h.handle('capture.scan', { id: 'arg:0' })) as Result<CaptureScan>;
  assert.ok(scan.ok);
  const cli = await analyzeCapture(cap, { assumedNatTimeoutSec: 45 });
  assert.deepEqual(scan.value.connections, cli.analysis.connections);
  assert.equal(scan.value.packets, cli.packets);
  assert.equal(scan.value.damage, null);
  assert.ok(progress.some((p) => p.id === 'arg:0' && p.fraction === 1));

  const { packets, answers } = await allPackets(h, 'arg:0', cli.analysis.selected!);
  assert.equal(answers, 2);
  const fold = new IdleGapFold();
  for (const p of packets) fold.add(p.tSec, p.dir, p.payloadLen);
  const { connections: _c, selected: _s, natTimeoutSec: _n, ...report } = cli.analysis;
  assert.deepEqual(fold.report(45), report);
});

test('capture channels refuse what is not a scanned capture the host handed out, with a message', async () => {
  const cut = path.join(dir, 'cut.pcap');
  const whole = path.join(dir, 'whole.pcap');
  writePcap(whole, heartbeatPackets(20, 30));
  fs.writeFileSync(cut, fs.readFileSync(whole).subarray(0, 900));
  const session = path.join(dir, 'plain.jsonl');
  fs.writeFileSync(session, 'not a capture\n');
  const { h } = setup([cut, session]);
  const err = async (channel: string, req: unknown) => {
    const r = (await h.handle(channel, req)) as Result<unknown>;
    assert.equal(r.ok, false, `${channel} ${JSON.stringify(req)} was accepted`);
    return (r as { error: string }).error;
  };
  assert.match(await err('capture.scan', { id: 'arg:1' }), /no capture "arg:1"/);
  assert.match(await err('capture.scan', { id: 'arg:7' }), /no capture/);
  assert.match(await err('capture.scan', { id: 'lib:x.jsonl' }), /no capture/);
  assert.match(await err('capture.packets', { id: 'arg:0', conn: 1, offset: 0 }), /was not scanned/);
  assert.match(await err('capture.scan', { id: '../../etc/passwd' }), /capture.scan: id/);
  assert.match(await err('capture.packets', { id: 'arg:0', conn: 0, offset: 0 }), /capture.packets: conn/);
  // Damaged: the table up to the damage, and where it is.
  const scan = (await h.handle('capture.scan', { id: 'arg:0' })) as Result<CaptureScan>;
  assert.ok(scan.ok);
  assert.match(scan.value.damage!, /^cut\.pcap: byte \d+: /);
  assert.ok(scan.value.packets > 0);
  assert.match(await err('capture.packets', { id: 'arg:0', conn: 9, offset: 0 }), /cut\.pcap: no connection 9/);
});

test('serve and npm start: a missing file, a ".pcap" that is not one, a capture with a second file, three files are refused in one line', () => {
  const cap = path.join(dir, 'alone.pcap');
  writePcap(cap, heartbeatPackets(3, 30));
  const fake = path.join(dir, 'fake.pcap');
  fs.writeFileSync(fake, '{"not":"a capture"}\n');
  const session = path.join(dir, 'with-capture.jsonl');
  const run = spawnSync(process.execPath, ['bin/lifeline.js', 'run', 'seed-snippet', '--out', session], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  for (const [files, msg] of [
    [[path.join(dir, 'gone.jsonl')], /gone\.jsonl: no such file/],
    [[fake], /fake\.pcap: byte 0: not a pcap or pcapng file/],
    [[session, cap], /a capture opens alone/],
    [[cap, session], /a capture opens alone/],
    [[session, session, session], /at most two sessions/],
  ] as const) {
    const r = spawnSync(process.execPath, ['bin/lifeline.js', 'serve', ...files, '--port', '0'], { encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, `${files.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('analyze: a capture without TCP says so in its verdict', () => {
  const empty = path.join(dir, 'no-tcp.pcap');
  writePcap(empty, []);
  const r = spawnSync(process.execPath, ['bin/lifeline.js', 'analyze', empty, '--json'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.deepEqual([a.connections, a.selected], [[], null]);
  assert.match(a.verdict, /^no TCP connection in the capture/);
});
