// The NAT timeout a capture proves (`analyze` natTimeoutSec) and a capture turned back into a
// scenario (`analyze --scenario`). Captures are built here with Debian's scapy: a connection that
// survives one idle gap and is forgotten after a longer one (a RST, retransmissions never answered,
// or the client reconnecting). Every evidence frame is checked against tshark's own numbering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { missing } from '../helpers/capture-tools.ts';
import { RunHost } from '../../electron/host/run-host.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import type { CaptureScan, Result } from '../../shared/contract/contract.ts';
import type { NatAnalysis } from '../../shared/capture/nat-timeout-pass.ts';

const BIN = path.resolve('bin/lifeline.js');
const PY = '/usr/bin/python3';
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-nat-'));
const noScapy = spawnSync(PY, ['-c', 'import scapy.all'], { timeout: 60_000 }).status === 0 ? false : 'Debian python3-scapy is not installed';

/**
 * A client heartbeat (PING up, PONG down) over one connection, an unrelated UDP packet first (tshark
 * numbers every frame, TCP or not), a 200 s gap that the path survives and a 400 s gap after which
 * `ending` shows it forgot the connection.
 */
function capture(name: string, ending: 'reset' | 'unanswered' | 'reconnect'): string {
  const out = path.join(dir, `${name}.pcap`);
  const script = String.raw`
import sys
from scapy.all import IP, TCP, UDP, Raw, wrpcap
C, S = '10.0.0.2', '10.0.0.1'
pk = []
def at(t, p):
    p.time = 1000 + t
    pk.append(p)
cs, ss = 1000, 5000
def up(t, data=b'', flags='PA', sport=40000):
    global cs
    at(t, IP(src=C, dst=S)/TCP(sport=sport, dport=4000, flags=flags, seq=cs, ack=ss)/Raw(data) if data else IP(src=C, dst=S)/TCP(sport=sport, dport=4000, flags=flags, seq=cs, ack=ss))
    cs += len(data)
def down(t, data=b'', flags='PA'):
    global ss
    at(t, IP(src=S, dst=C)/TCP(sport=4000, dport=40000, flags=flags, seq=ss, ack=cs)/Raw(data) if data else IP(src=S, dst=C)/TCP(sport=4000, dport=40000, flags=flags, seq=ss, ack=cs))
    ss += len(data)
at(0, IP(src=C, dst='10.0.0.53')/UDP(sport=5353, dport=53)/Raw(b'x'))
at(0.1, IP(src=C, dst=S)/TCP(sport=40000, dport=4000, flags='S', seq=cs - 1))
at(0.2, IP(src=S, dst=C)/TCP(sport=4000, dport=40000, flags='SA', seq=ss - 1, ack=cs))
up(0.3, flags='A')
up(1, b'PING 1\n'); down(1.1, b'PONG 1\n')
up(201, b'PING 2\n'); down(201.1, b'PONG 2\n')
up(601, b'PING 3\n')
ending = sys.argv[2]
if ending == 'reset':
    down(601.2, flags='R')
elif ending == 'unanswered':
    for i, t in enumerate([602, 604, 608]):
        at(t, IP(src=C, dst=S)/TCP(sport=40000, dport=4000, flags='PA', seq=cs - 7, ack=ss)/Raw(b'PING 3\n'))
else:
    at(605, IP(src=C, dst=S)/TCP(sport=40001, dport=4000, flags='S', seq=7))
wrpcap(sys.argv[1], pk)
`;
  const r = spawnSync(PY, ['-c', script, out, ending], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return out;
}

/** tshark's frame numbers for a display filter. */
function frames(file: string, filter: string): number[] {
  const r = spawnSync('tshark', ['-r', file, '-Y', filter, '-T', 'fields', '-e', 'frame.number'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean).map(Number);
}

const analyze = (file: string) => {
  const r = cli('analyze', file, '--json');
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).natTimeoutSec as { low: number; high: number | null; evidence: { bound: string; gapSec: number; proof: string; beforeFrame: number; afterFrame: number; proofFrame: number }[] };
};

for (const ending of ['reset', 'unanswered', 'reconnect'] as const) {
  test(`NAT timeout from a capture: survived 200 s idle, forgotten after 400 s (${ending})`, { skip: noScapy || missing('tshark') }, () => {
    const file = capture(ending, ending);
    const b = analyze(file);
    assert.equal(b.low, 199.9, "PONG 1 at 1.1 s to PING 2 at 201 s");
    assert.equal(b.high, 399.9, "PONG 2 at 201.1 s to PING 3 at 601 s");
    const low = b.evidence.find((e) => e.bound === 'low')!;
    const high = b.evidence.find((e) => e.bound === 'high')!;
    // tshark's numbers: the UDP frame is 1, so the first PING after the 200 s gap is not the 4th TCP packet but frame 7.
    assert.deepEqual([low.proof, low.beforeFrame, low.afterFrame, low.proofFrame], ['answered', ...frames(file, 'tcp.payload == "PONG 1\\n"'), ...frames(file, 'tcp.payload == "PING 2\\n"'), ...frames(file, 'tcp.payload == "PONG 2\\n"')]);
    assert.deepEqual([high.beforeFrame, high.afterFrame], [...frames(file, 'tcp.payload == "PONG 2\\n"'), frames(file, 'tcp.payload == "PING 3\\n"')[0]]);
    const proof = ending === 'reset' ? frames(file, 'tcp.flags.reset == 1') : ending === 'unanswered' ? frames(file, 'tcp.analysis.retransmission').slice(1, 2) : frames(file, 'tcp.srcport == 40001');
    assert.deepEqual([high.proof, high.proofFrame], [ending, proof[0]]);
    const text = cli('analyze', file).stdout;
    assert.match(text, /this path forgot the connection after 199.9–399.9 s idle/);
  });
}

test('a capture of a Lifeline run turns back into a scenario whose run shows the same cadence and breaks', () => {
  const session = path.join(dir, 'run.jsonl');
  const pcapng = path.join(dir, 'run.pcapng');
  const out = path.join(dir, 'scenario.json');
  const run = cli('run', 'server-heartbeat-over-nat', '--out', session, '--json');
  assert.equal(run.status, 0, run.stderr);
  const original = JSON.parse(run.stdout);
  assert.equal(cli('export', session, '--pcapng', pcapng).status, 0);
  const conns = JSON.parse(cli('analyze', pcapng, '--json').stdout).connections as { id: number; server: string }[];
  // The server's hop carries the server's heartbeats and pushes (the NAT drops them before the device's hop).
  const serverHop = conns.find((c) => c.server === '203.0.113.5:4000')!;
  const a = cli('analyze', pcapng, '--conn', String(serverHop.id), '--json', '--scenario', out);
  assert.equal(a.status, 0, a.stderr);
  const bounds = JSON.parse(a.stdout).natTimeoutSec;
  assert.equal(bounds.high, 330, 'the first 330 s heartbeat went unanswered');
  const scenario = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.equal(scenario.server.heartbeatSec, 330);
  assert.equal(scenario.server.pushEverySec, 900);
  assert.ok(scenario.nat.idleTimeoutSec > bounds.low && scenario.nat.idleTimeoutSec < bounds.high);
  assert.match(scenario.lesson, /^Made from a capture: no client heartbeat, a server heartbeat every 330 s, a push every 900 s; NAT \d+ s/);
  const again = cli('run', out, '--json');
  assert.equal(again.status, 0, again.stderr);
  const copy = JSON.parse(again.stdout);
  assert.equal(copy.natExpiries, original.natExpiries);
  assert.equal(copy.disconnects, original.disconnects);
  assert.equal(copy.heartbeat.intervalSec.median ?? copy.heartbeat.intervalSec.first, original.heartbeat.intervalSec.first);
  // The capture ends at its last packet: compare dead time over the span it shows, within the band it leaves open.
  const shownDead = original.deadSec - (original.simulatedSec - copy.simulatedSec);
  assert.ok(Math.abs(copy.deadSec - shownDead) <= bounds.high - bounds.low, `dead ${copy.deadSec} s vs ${shownDead} s the capture shows`);
});

test('capture.nat: the host answers the same bounds as analyze --json; bad requests are refused with the field or the file', { skip: noScapy || missing('tshark') }, async () => {
  const file = capture('host', 'reset');
  const h = new RunHost(() => {}, new SessionStore({ files: [file] }));
  const refused = async (req: unknown) => {
    const r = (await h.handle('capture.nat', req)) as Result<NatAnalysis>;
    assert.equal(r.ok, false, JSON.stringify(req));
    return (r as { error: string }).error;
  };
  assert.match(await refused({ id: 'arg:0', conn: 1 }), /was not scanned/);
  assert.ok(((await h.handle('capture.scan', { id: 'arg:0' })) as Result<CaptureScan>).ok);
  assert.match(await refused({ id: 'arg:0', conn: 0 }), /capture.nat: conn/);
  assert.match(await refused({ id: 'arg:0', conn: 2 }), /host\.pcap: no connection 2/);
  const r = (await h.handle('capture.nat', { id: 'arg:0', conn: 1 })) as Result<NatAnalysis>;
  assert.ok(r.ok);
  assert.deepEqual(r.value.bounds, analyze(file));
  assert.deepEqual(r.value.cadence, { client: 300, server: null, push: null }, 'PINGs at 1, 201, 601 s: intervals 200 and 400, median 300; the PONGs are replies, not server heartbeats');
});
