// Sessions exported to pcapng: tshark opens them with the expected packets and comments, and
// `lifeline analyze` reads back the same idle gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missing } from '../helpers/capture-tools.ts';
import { heartbeatPackets, pcapBytes } from '../helpers/synth-capture.ts';
import { withSmallDisk } from '../helpers/small-disk.ts';
import { readSessionFile } from '../../electron/capture/session-reader.ts';
import { sessionPackets } from '../../shared/capture/session-packets.ts';
import { IdleGapFold, round6 } from '../../shared/capture/capture-analysis.ts';
import { TCP_ACK, TCP_RST } from '../../shared/capture/packet-decode.ts';

const BIN = path.resolve('bin/lifeline.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const tshark = (...args: string[]) => spawnSync('tshark', args, { encoding: 'utf8', timeout: 60_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-export-'));

function exported(preset: string) {
  const session = path.join(dir, `${preset}.jsonl`);
  const out = path.join(dir, `${preset}.pcapng`);
  assert.equal(cli('run', preset, '--out', session).status, 0);
  const r = cli('export', session, '--pcapng', out);
  assert.equal(r.status, 0, r.stderr);
  const events = readSessionFile(session).events;
  return { out, events, packets: sessionPackets(events), stderr: r.stderr };
}

for (const preset of ['server-heartbeat-over-nat', 'network-change', 'voip-no-heartbeat-short-nat']) {
  test(`export ${preset}: tshark sees every packet and every event comment`, { skip: missing('tshark') }, () => {
    const { out, events, packets, stderr } = exported(preset);
    const commented = events.filter((e) => e.kind !== 'frame' && !(e.kind === 'nat' && e.op === 'forward')).length;
    assert.match(stderr, new RegExp(`${packets.length} packets, ${commented} event comments`));
    const all = tshark('-r', out);
    assert.equal(all.status, 0, all.stderr);
    assert.equal(all.stdout.trim().split('\n').length, packets.length);
    const withComments = tshark('-r', out, '-Y', 'frame.comment', '-T', 'fields', '-e', 'frame.comment', '-E', 'aggregator=~');
    const lines = withComments.stdout.trim().split('\n');
    assert.equal(lines.length, packets.filter((p) => p.comments.length).length);
    assert.equal(lines.flatMap((l) => l.split('~')).length, commented, 'one comment per non-packet event');
    // Wireshark's TCP analysis finds nothing wrong with the synthesised sequence numbers.
    const bad = tshark('-r', out, '-Y', 'tcp.analysis.retransmission || tcp.analysis.lost_segment || tcp.analysis.out_of_order || tcp.analysis.ack_lost_segment');
    assert.equal(bad.stdout.trim(), '', bad.stdout);
    // Two interfaces, one per hop.
    const ifaces = tshark('-r', out, '-T', 'fields', '-e', 'frame.interface_name');
    assert.deepEqual([...new Set(ifaces.stdout.trim().split('\n'))].sort(), ['device-nat', 'nat-server']);
  });
}

test('export --pcapng -: the same bytes on standard output when it is a pipe; refused on a terminal (exit 2, one line)', () => {
  const { out } = exported('server-heartbeat-over-nat');
  const session = out.replace(/\.pcapng$/, '.jsonl');
  const cwd = fs.mkdtempSync(path.join(dir, 'stdout-'));
  const piped = spawnSync(process.execPath, [BIN, 'export', session, '--pcapng', '-'], { timeout: 60_000, cwd });
  assert.equal(piped.status, 0, String(piped.stderr));
  assert.ok(Buffer.compare(piped.stdout, fs.readFileSync(out)) === 0, 'the bytes of --pcapng FILE');
  assert.match(String(piped.stderr), /^stdout: pcapng, \d+ packets/);
  // A terminal as standard output: util-linux `script` runs the command on a pseudo-terminal.
  const q = (x: string) => `'${x.replaceAll("'", "'\\''")}'`;
  const tty = spawnSync('script', ['-qec', [process.execPath, BIN, 'export', session, '--pcapng', '-'].map(q).join(' '), '/dev/null'], { encoding: 'utf8', timeout: 60_000, cwd });
  assert.equal(tty.status, 2, tty.stdout);
  assert.equal(tty.stdout.trim(), 'lifeline: --pcapng -: pcapng is binary and standard output is a terminal; redirect it (> out.pcapng, | tshark -r -) or name a file');
  assert.deepEqual(fs.readdirSync(cwd), [], 'no file named -');
});

test('export then analyze gives the session\'s idle gaps on the server hop', () => {
  const { out, events, packets } = exported('server-heartbeat-over-nat');
  const a = cli('analyze', out, '--json');
  assert.equal(a.status, 0, a.stderr);
  const r = JSON.parse(a.stdout);
  const server = r.connections.find((c: { server: string }) => c.server === '203.0.113.5:4000');
  const again = JSON.parse(cli('analyze', out, '--json', '--conn', String(server.id)).stdout);
  const fold = new IdleGapFold();
  for (const p of packets.filter((p) => p.hop === 'server')) fold.add(p.t / 1000, 'up', 0);
  assert.deepEqual(again.largestGapsSec, fold.report(300).largestGapsSec);
  // Independently of the export: the longest silence between the server's frames.
  const times = events.filter((e) => e.kind === 'frame' && e.side === 'server').map((e) => e.t / 1000);
  const longest = Math.max(...times.slice(1).map((t, i) => t - times[i]!));
  assert.equal(again.largestGapsSec[0], round6(longest));
  assert.equal(again.gapsOverTimeout, 2, 'the 330 s heartbeat leaves two gaps over the 300 s NAT');
});

test('export then analyze: a path the NAT forgot shows no answer from across the box, so no connection seems to outlive the NAT timeout', () => {
  // A 600 s keep-alive behind a 300 s carrier NAT: the PING after 600 s idle is dropped and the
  // device's TCP gives up. Nothing may answer it in the export (an answer made it look as if the
  // path had kept the connection through 600 s idle).
  const { out, packets } = exported('keepalive-600-vs-carrier-300');
  // Where the device's TCP gave up (1111 s): its RST, and nothing from across the box.
  const atGiveUp = packets.filter((p) => p.hop === 'device' && p.t === 1_111_000);
  assert.deepEqual(atGiveUp.map((p) => [p.ip[15], p.ip[33]]), [[10, TCP_RST | TCP_ACK]], 'from 192.0.2.10, the device');
  const r = JSON.parse(cli('analyze', out, '--json').stdout);
  assert.ok(r.connections.length >= 4);
  for (const c of r.connections as { id: number }[]) {
    const a = cli('analyze', out, '--json', '--conn', String(c.id));
    assert.equal(a.status, 0, a.stderr);
    const low = JSON.parse(a.stdout).natTimeoutSec.low;
    assert.ok(low <= 300, `connection ${c.id} seems to have kept its mapping through ${low} s idle behind a 300 s NAT`);
  }
});

test('export: once the NAT mapping expired nothing comes from the NAT box\'s outside, even when the server closes', () => {
  // The server's 330 s heartbeat finds the 300 s mapping gone; at 990 s it declares the client
  // dead and closes: its FIN is on the wire, no answer to it.
  const { packets } = exported('server-heartbeat-over-nat');
  const fromBox = packets.filter((p) => p.hop === 'server' && p.t > 300_000 && p.ip[12] === 198 && p.ip[13] === 51 && p.ip[14] === 100);
  assert.deepEqual(fromBox.map((p) => p.t), []);
  assert.ok(packets.some((p) => p.hop === 'server' && p.t === 990_000 && p.ip[12] === 203), 'the server\'s FIN at 990 s');
});

test('analyze --scenario to a file it cannot write: exit 2 naming the option, the file and the cause', () => {
  const { out } = exported('server-heartbeat-over-nat');
  const r = cli('analyze', out, '--scenario', dir);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `lifeline: --scenario ${dir}: cannot write (EISDIR)\n`);
});

test('analyze --scenario of a capture longer than 30 days: exit 2 naming the capture, its span and the limit; no scenario written', () => {
  const long = path.join(dir, 'month-long.pcap');
  // Two heartbeats 15.5 days apart: the capture spans 31 days.
  fs.writeFileSync(long, pcapBytes(heartbeatPackets(2, 15.5 * 86400)));
  const out = path.join(dir, 'month-long.json');
  const r = cli('analyze', long, '--scenario', out);
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr, `lifeline: ${long}: the capture spans 2678400.001 s, more than a scenario may run (2592000 s, 30 days): cut it shorter to make a scenario of it\n`);
  assert.equal(fs.existsSync(out), false);
});

test('export: bad input exits 2 with one line', () => {
  const bad = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(bad, '{"format":"nope"}\n');
  for (const [args, msg] of [
    [['export', bad, '--pcapng', path.join(dir, 'x.pcapng')], /bad\.jsonl: line 1: format/],
    [['export', bad], /export needs an output: .*--pcapng OUT/],
    [['export', path.join(dir, 'none.jsonl'), '--pcapng', 'x'], /none\.jsonl: no such file/],
  ] as const) {
    const r = cli(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});

test('export never writes over its own session file, nor two formats into one file', () => {
  const session = path.join(dir, 'keep-me.jsonl');
  assert.equal(cli('run', 'server-heartbeat-over-nat', '--out', session).status, 0);
  const before = fs.readFileSync(session);
  const other = path.join(dir, 'both.out');
  for (const [args, msg] of [
    [['export', session, '--csv', session], /--csv .*keep-me\.jsonl: that is the session file/],
    [['export', session, '--pcapng', path.join(dir, 'sub', '..', 'keep-me.jsonl')], /--pcapng .*: that is the session file/],
    [['export', session, '--csv', other, '--json', other], /--json .*both\.out: that is the output of --csv/],
  ] as const) {
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    const r = cli(...args);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, msg);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
  assert.deepEqual(fs.readFileSync(session), before, 'the session is untouched');
  assert.equal(fs.existsSync(other), false, 'nothing half-written');
});

test('export to a disk that fills up: exit 2 naming the file and ENOSPC, pcapng as CSV', async (t) => {
  const session = path.join(dir, 'big.jsonl');
  assert.equal(cli('run', 'carrier-and-home-wifi', '--out', session).status, 0);
  await withSmallDisk(t, (small) => {
    // Each export is more than the disk's 16 KB: the last write is cut short, then fails.
    for (const format of ['csv', 'pcapng']) {
      const out = path.join(small, `o.${format}`);
      const r = cli('export', session, `--${format}`, out);
      assert.equal(r.status, 2, `${format}: ${r.stderr}`);
      assert.equal(r.stderr, `lifeline: --${format} ${out}: cannot write (ENOSPC)\n`);
      fs.rmSync(out);
    }
  });
});

test('export --pcapng puts each comment on the packet it describes, as tshark reads it', { skip: missing('tshark') }, () => {
  for (const preset of ['server-heartbeat-over-nat', 'network-change']) {
    const { out } = exported(preset);
    const r = tshark('-r', out, '-T', 'fields', '-e', 'frame.time_relative', '-e', 'frame.comment', '-E', 'aggregator=~');
    assert.equal(r.status, 0, r.stderr);
    const frames = r.stdout.trimEnd().split('\n').map((l) => {
      const [t, c] = l.split('\t');
      return { t: Number(t), comments: c ? c.split('~') : [] };
    });
    const times = new Set(frames.map((f) => f.t));
    const last = frames.at(-1)!.t;
    for (const f of frames)
      for (const c of f.comments) {
        const at = Number(/^\S+ @([\d.]+)s/.exec(c)![1]);
        // On a packet at its time when there is one; else on the next (or the last packet, for the end).
        if (times.has(at)) assert.equal(f.t, at, `${preset}: "${c}" sits on the frame at ${f.t} s`);
        else assert.ok(f.t > at || f.t === last, `${preset}: "${c}" sits before its time, on the frame at ${f.t} s`);
      }
  }
  // The case the issue names: the NAT's drop of the PING sent at 330 s is on that PING's frame.
  const { out } = exported('server-heartbeat-over-nat');
  const drop = tshark('-r', out, '-Y', 'frame.comment contains "nat @330s op=drop"', '-T', 'fields', '-e', 'frame.time_relative', '-e', 'tcp.payload');
  assert.equal(drop.stdout.trim().split('\t')[0], '330.000000000');
  assert.ok(Buffer.from(drop.stdout.trim().split('\t')[1]!, 'hex').toString().startsWith('PING 1'));
});
