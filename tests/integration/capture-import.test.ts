// Captures made here with tcpdump and dumpcap on loopback, in every format and link type the
// reader supports; `lifeline analyze` must find the heartbeat pattern the test produced.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { heartbeatPattern, missing, startCapture, stopCaptures, untilRecording, type Pattern } from '../helpers/capture-tools.ts';
import { rewritePcap } from '../helpers/pcap-rewrite.ts';
import { readCapture } from '../../electron/capture/capture-reader.ts';
import { LINKTYPE } from '../../shared/capture/packet-decode.ts';

const BIN = path.resolve('bin/lifeline.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-capture-'));
const f = (name: string) => path.join(dir, name);

const skip = missing('tcpdump', 'dumpcap', 'editcap', 'mergecap') || (process.getuid?.() !== 0 ? 'capturing on loopback needs root' : false);

/** One real heartbeat run, captured at once by five capture processes in five formats. */
let made: Promise<Pattern> | null = null;
function captures(): Promise<Pattern> {
  made ??= (async () => {
    const p = await heartbeatPattern({ everySec: 0.3, count: 5, pauseSec: 1.5 });
    const filter = `port ${p.port}`;
    const td = (out: string, ...a: string[]) => startCapture('tcpdump', ['-U', '--immediate-mode', '-w', f(out), ...a, filter]);
    const caps = await Promise.all([
      td('lo-us.pcap', '-i', 'lo'),
      td('lo-ns.pcap', '-i', 'lo', '--time-stamp-precision', 'nano'),
      td('any-sll.pcap', '-i', 'any', '-y', 'LINUX_SLL'),
      td('any-sll2.pcap', '-i', 'any', '-y', 'LINUX_SLL2'),
      startCapture('dumpcap', ['-q', '-i', 'lo', '-w', f('lo.pcapng'), '-f', filter]),
    ]);
    const files = ['lo-us.pcap', 'lo-ns.pcap', 'any-sll.pcap', 'any-sll2.pcap', 'lo.pcapng'].map(f);
    await untilRecording(files, p.port);
    await p.run();
    // Each capture reads one queue in order: once a datagram sent after the run is in every file,
    // so is every packet of the run, however slowly the capture processes were scheduled.
    await untilRecording(files, p.port);
    await stopCaptures(caps);
    const edit = (...a: string[]) => assert.equal(spawnSync('editcap', a).status, 0, `editcap ${a.join(' ')}`);
    edit('-F', 'pcap', '-C', '14', '-T', 'rawip', f('lo-us.pcap'), f('raw.pcap'));
    edit('-a', '2:first comment', '-a', '3:second comment', f('lo.pcapng'), f('commented.pcapng'));
    assert.equal(spawnSync('mergecap', ['-F', 'pcapng', '-w', f('two-ifaces.pcapng'), f('lo-us.pcap'), f('any-sll2.pcap')]).status, 0);
    const eth = fs.readFileSync(f('lo-us.pcap'));
    fs.writeFileSync(f('big-endian.pcap'), rewritePcap(eth, { bigEndian: true }));
    fs.writeFileSync(f('null.pcap'), rewritePcap(eth, { linkType: LINKTYPE.NULL, strip: 14, prefix: new Uint8Array([2, 0, 0, 0]) }));
    fs.writeFileSync(f('loop.pcap'), rewritePcap(eth, { linkType: LINKTYPE.LOOP, strip: 14, prefix: new Uint8Array([0, 0, 0, 2]) }));
    return p;
  })();
  return made;
}

const CASES: [file: string, format: string, copies: number][] = [
  ['lo-us.pcap', 'pcap', 1], // Ethernet, microseconds
  ['lo-ns.pcap', 'pcap', 1], // Ethernet, nanoseconds
  ['any-sll.pcap', 'pcap', 1], // Linux cooked v1
  ['any-sll2.pcap', 'pcap', 1], // Linux cooked v2
  ['lo.pcapng', 'pcapng', 1], // dumpcap, Ethernet
  ['commented.pcapng', 'pcapng', 1],
  ['raw.pcap', 'pcap', 1], // raw IP (editcap)
  ['big-endian.pcap', 'pcap', 1],
  ['null.pcap', 'pcap', 1], // BSD loopback, host byte order
  ['loop.pcap', 'pcap', 1], // OpenBSD loopback, network byte order
  ['two-ifaces.pcapng', 'pcapng', 2], // two interfaces: Ethernet µs + cooked v2 ns: every packet twice
];

for (const [file, format, copies] of CASES) {
  test(`analyze finds the heartbeat pattern in ${file}`, { skip }, async () => {
    const p = await captures();
    const regular = p.pingGapsSec.slice(0, -1);
    const pause = p.pingGapsSec.at(-1)!;
    // A NAT timeout between the regular beats and the pause, by the app's own clock: exactly
    // one gap must exceed it, however slow the machine was.
    const nat = (Math.max(...regular) + pause) / 2;
    const r = cli('analyze', f(file), '--json', '--nat-timeout', String(nat));
    assert.equal(r.status, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.connections.length, 1, r.stdout);
    const c = a.connections[0];
    assert.equal(c.server, `127.0.0.1:${p.port}`);
    assert.match(c.client, /^127\.0\.0\.1:\d+$/);
    assert.equal(c.bytes, copies * 2 * p.pings * 'PING 1\n'.length, 'every PING and PONG payload byte');
    assert.equal(a.selected, 1);
    assert.equal(a.gapsOverTimeout, 1, r.stdout);
    assert.ok(Math.abs(a.largestGapsSec[0] - pause) < 0.25, `largest gap ${a.largestGapsSec[0]} vs the app's pause ${pause}`);
    const median = regular.sort((x, y) => x - y)[regular.length >> 1]!;
    if (copies === 1) assert.ok(Math.abs(a.intervals.up.median - median) < 0.1, `up median ${a.intervals.up.median} vs ${median}`);
    assert.ok(Math.abs(a.intervals.up.max - pause) < 0.25);
    assert.match(a.verdict, /^1 idle gap exceeds a [\d.]+ s NAT: the mapping would have been dropped$/);
    const human = cli('analyze', f(file), '--nat-timeout', String(nat));
    assert.match(human.stdout, new RegExp(`${format}, \\d+ packets, 1 TCP connection`));
    assert.match(human.stdout, /gaps over NAT\s+1/);
    // Times to the millisecond a reader needs, not the capture's microseconds.
    assert.doesNotMatch(human.stdout, /\d\.\d{4,}/, human.stdout);
  });
}

test('pcapng packet comments reach the reader', { skip }, async () => {
  await captures();
  const comments: string[] = [];
  const r = await readCapture(f('commented.pcapng'), (p) => comments.push(...p.comments));
  assert.equal(r.damage, null);
  assert.deepEqual(comments, ['first comment', 'second comment']);
});

test('IPv6 loopback: analyze finds the pattern over ::1', { skip }, async () => {
  const p = await heartbeatPattern({ everySec: 0.3, count: 3, pauseSec: 1.5, host: '::1' });
  const out = f('v6.pcap');
  const cap = await startCapture('tcpdump', ['-U', '--immediate-mode', '-w', out, '-i', 'lo', `port ${p.port}`]);
  await untilRecording([out], p.port, '::1');
  await p.run();
  await untilRecording([out], p.port, '::1');
  await stopCaptures([cap]);
  const pause = p.pingGapsSec.at(-1)!;
  const r = cli('analyze', out, '--json', '--nat-timeout', String((Math.max(...p.pingGapsSec.slice(0, -1)) + pause) / 2));
  assert.equal(r.status, 0, r.stderr);
  const a = JSON.parse(r.stdout);
  assert.equal(a.connections.length, 1);
  assert.equal(a.connections[0].server, `[::1]:${p.port}`);
  assert.equal(a.connections[0].bytes, 2 * p.pings * 'PING 1\n'.length);
  assert.equal(a.gapsOverTimeout, 1);
  assert.ok(Math.abs(a.largestGapsSec[0] - pause) < 0.25);
});
