// `lifeline analyze <capture>`: the TCP connections of a pcap/pcapng file and, for one of them,
// the idle gaps a NAT would see. A damaged file is analysed up to the damage, then exit 2.
import fs from 'node:fs';
import { analyzeCapture, NoSuchConnection, type AnalyzeResult } from '../capture/analyze-capture.ts';
import { CaptureDamage } from '../capture/capture-reader.ts';
import { DEFAULT_NAT_TIMEOUT_SEC, MIN_NAT_TIMEOUT_SEC, type IntervalStats } from '../../shared/capture/capture-analysis.ts';
import { lateWarning } from '../../shared/capture/capture-passes.ts';
import { num, parseArgs, str, UsageError } from './args.ts';
import { writeOutputFile } from './cannot-write.ts';
import { ProgressBar } from './progress.ts';
import { formatSecMs, roundMs } from '../../shared/util/time-format.ts';
import { ANALYZE } from './command-specs.ts';
import { refuseClobbering } from './refuse-clobbering.ts';
import { describeBounds } from '../../shared/capture/nat-timeout.ts';
import path from 'node:path';

export async function runAnalyze(argv: string[]): Promise<number> {
  const args = parseArgs(argv, ANALYZE);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('analyze needs exactly one capture file (pcap or pcapng)');
  const userNatSec = num(args, 'nat-timeout', { min: MIN_NAT_TIMEOUT_SEC });
  const assumedNatTimeoutSec = userNatSec ?? DEFAULT_NAT_TIMEOUT_SEC;
  const scenarioOut = str(args, 'scenario');
  const connId = num(args, 'conn', { min: 1, integer: true });
  if (!fs.existsSync(file)) throw new UsageError(`${file}: no such file`);
  refuseClobbering('the capture file', [file], [['scenario', scenarioOut]]);
  const bar = new ProgressBar('analyze');
  let r: AnalyzeResult;
  try {
    r = await analyzeCapture(file, { assumedNatTimeoutSec, connId, onProgress: (f) => bar.update(f, 1) });
  } catch (e) {
    if (e instanceof CaptureDamage || e instanceof NoSuchConnection) throw new UsageError(e.message);
    throw e;
  } finally {
    bar.done();
  }
  console.log(args.flags.has('json') ? JSON.stringify(r.analysis) : formatAnalysis(file, r));
  if (scenarioOut !== undefined) {
    if (r.analysis.selected === null) throw new UsageError(`${file}: no TCP connection to make a scenario from`);
    // Loaded only here: the scenario's schema (zod) is not on analyze's start-up path (cli-start.test.ts).
    const { scenarioFromCapture } = await import('../../shared/capture/capture-scenario.ts');
    const scenario = scenarioFromCapture({
      source: file, name: `capture ${path.basename(file)}`, durationSec: r.spanSec, cadence: r.cadence, bounds: r.analysis.natTimeoutSec,
      largestGapSec: r.analysis.largestGapsSec[0] ?? null, userNatSec: userNatSec ?? null, defaultNatSec: DEFAULT_NAT_TIMEOUT_SEC,
    });
    writeOutputFile('scenario', scenarioOut, JSON.stringify(scenario, null, 2) + '\n');
    console.error(`${scenarioOut}: scenario written (NAT ${scenario.nat.idleTimeoutSec} s, ${scenario.durationSec} s)`);
  }
  for (const w of r.warnings) console.error(`lifeline: ${w}`);
  if (r.late) console.error(`lifeline: ${lateWarning(file, r.late)}`);
  if (r.damage) {
    console.error(`lifeline: ${r.damage.message}; analysed the ${r.packets} packets before it`);
    return 2;
  }
  return 0;
}

function formatAnalysis(file: string, r: AnalyzeResult): string {
  const a = r.analysis;
  const out = [`${file}: ${r.format}, ${r.packets} packets, ${a.connections.length} TCP connection${a.connections.length === 1 ? '' : 's'}`];
  if (a.connections.length) {
    // The tunnel column shows only when a connection was tunnelled.
    const tunnels = a.connections.some((c) => c.tunnel);
    const rows = a.connections.map((c) => [c.id === a.selected ? `*${c.id}` : `${c.id}`, c.client, c.server, `${c.packets}`, `${c.bytes}`, `${roundMs(c.startSec)}`, `${roundMs(c.durationSec)}`, ...(tunnels ? [c.tunnel ?? '—'] : [])]);
    const head = ['id', 'client', 'server', 'packets', 'bytes', 'start s', 'duration s', ...(tunnels ? ['tunnel'] : [])];
    // A fold, not Math.max(...spread): one argument per row overflows the stack past ~120,000 connections.
    const w = head.map((h, i) => rows.reduce((m, row) => Math.max(m, row[i]!.length), h.length));
    const left = (i: number) => i === 1 || i === 2 || i === 7;
    for (const row of [head, ...rows]) out.push('  ' + row.map((x, i) => (left(i) ? x.padEnd(w[i]!) : x.padStart(w[i]!))).join('  ').trimEnd());
  }
  if (a.selected !== null) {
    const c = a.connections[a.selected - 1]!;
    out.push('', `connection ${c.id}: ${c.client} → ${c.server}`);
    out.push(`  NAT timeout      ${formatSecMs(a.assumedNatTimeoutSec)}`);
    out.push(`  up cadence       ${cadence(a.intervals.up)}`);
    out.push(`  down cadence     ${cadence(a.intervals.down)}`);
    out.push(`  largest gaps     ${a.largestGapsSec.length ? a.largestGapsSec.map(formatSecMs).join(', ') : '—'}`);
    out.push(`  gaps over NAT    ${a.gapsOverTimeout}`);
    const b = a.natTimeoutSec;
    out.push(`  path NAT timeout ${describeBounds(b)}`);
    for (const e of b.evidence) out.push(`    ${e.bound} ${roundMs(e.gapSec)} s: idle from frame ${e.beforeFrame} to ${e.afterFrame}, ${e.proof} at frame ${e.proofFrame}`);
  }
  out.push('', a.verdict);
  return out.join('\n');
}

const cadence = (s: IntervalStats | null) => (s ? `min ${formatSecMs(s.min)} · median ${formatSecMs(s.median)} · max ${formatSecMs(s.max)}` : '— (fewer than two packets with payload)');
