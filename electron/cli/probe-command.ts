// `lifeline probe <host:port>`: measures how long a real path keeps an idle TCP connection, against
// a `lifeline server` at the far end. Round 1 holds idle connections of growing length in
// parallel; later rounds bisect the interval in doubt, also in parallel. Wall time ≈ --max plus
// one (shorter) wait per bisection round.
import { performance } from 'node:perf_hooks';
import { firstRound, MAX_ROUNDS, narrow, narrowEnough, nextRound, recommendedHeartbeatSec, type Bounds, type ProbeOutcome } from '../../shared/model/probe-plan.ts';
import { graceSec, probeOnce, ProbeFailure, type ProbeTarget } from '../engine/net/idle-probe.ts';
import { num, parseArgs, UsageError } from './args.ts';
import { ProgressBar } from './progress.ts';
import { PROBE } from './command-specs.ts';
import { oneLine } from '../../shared/util/one-line.ts';

export const DEFAULT_MAX_SEC = 1800;

export interface ProbeReport {
  target: string;
  natTimeoutSec: Bounds;
  /** How the path ended connections it forgot; null if none was dropped. */
  expiry: 'silent' | 'reset' | null;
  recommendedHeartbeatSec: number | null;
  rounds: ProbeOutcome[][];
  wallSec: number;
}

export async function runProbe(argv: string[]): Promise<number> {
  const args = parseArgs(argv, PROBE);
  const where = args.positional[0];
  if (!where || args.positional.length > 1) throw new UsageError('probe needs exactly one HOST:PORT of a lifeline server');
  const m = /^(?:\[([^\]]+)\]|([^:]+)):(\d{1,5})$/.exec(where);
  if (!m || Number(m[3]) > 65535 || Number(m[3]) === 0) throw new UsageError(`probe: expected HOST:PORT, got "${where}"`);
  const target: ProbeTarget = { host: m[1] ?? m[2]!, port: Number(m[3]) };
  const maxSec = num(args, 'max', { min: 2, max: 86_400 }) ?? DEFAULT_MAX_SEC;
  let report: ProbeReport;
  try {
    report = await probePath(target, maxSec, new ProgressBar('probe'));
  } catch (e) {
    if (!(e instanceof ProbeFailure)) throw e;
    // One line whatever the peer sent: its bytes may reach the message (docs/cli.md: control characters escaped).
    console.error(oneLine(`lifeline: ${e.message}`));
    return 1;
  }
  console.log(args.flags.has('json') ? JSON.stringify(report) : formatProbe(report));
  return 0;
}

export async function probePath(target: ProbeTarget, maxSec: number, bar?: ProgressBar): Promise<ProbeReport> {
  const t0 = performance.now();
  const rounds: ProbeOutcome[][] = [];
  let bounds: Bounds = { low: 0, high: null };
  let idle = firstRound(maxSec);
  let roundStart = t0;
  // A round lasts at most its longest idle period plus the grace for a late PING.
  const tick = bar && setInterval(() => {
    const longest = Math.max(...idle);
    bar.update((performance.now() - roundStart) / 1000, longest + graceSec(longest), `round ${rounds.length + 1}, up to ${longest} s idle`);
  }, 500);
  try {
    for (let r = 0; r < MAX_ROUNDS && idle.length; r++) {
      roundStart = performance.now();
      const round = await Promise.all(idle.map((d) => probeOnce(target, d)));
      rounds.push(round);
      bounds = narrow(bounds, round);
      if (narrowEnough(bounds)) break;
      idle = nextRound(bounds);
    }
  } finally {
    if (tick) clearInterval(tick);
    bar?.done();
  }
  const dropped = rounds.flat().filter((o) => !o.survived);
  if (bounds.high === null) bounds = { low: maxSec, high: null };
  return {
    target: `${target.host}:${target.port}`,
    natTimeoutSec: bounds,
    expiry: dropped.length === 0 ? null : dropped.some((o) => o.how === 'reset') ? 'reset' : 'silent',
    recommendedHeartbeatSec: recommendedHeartbeatSec(bounds),
    rounds,
    wallSec: Math.round(performance.now() - t0) / 1000,
  };
}

function formatProbe(r: ProbeReport): string {
  const { low, high } = r.natTimeoutSec;
  const out = [`${r.target}: ${rounds(r)}, ${r.wallSec} s`];
  if (high === null) out.push(`idle connections survived up to ${low} s (--max): the NAT timeout is longer`);
  else if (low === 0) out.push(`even ${high} s of idleness was fatal: the NAT timeout is under ${high} s`);
  else out.push(`NAT timeout between ${low} s (survived) and ${high} s (dropped)`);
  if (r.expiry) out.push(`expiry: ${r.expiry === 'silent' ? 'silent (packets vanish; no RST)' : 'reset (a RST or FIN arrived)'}`);
  out.push(r.recommendedHeartbeatSec === null ? 'recommended server heartbeat: none possible (no idle period survived)' : `recommended server heartbeat: ${r.recommendedHeartbeatSec} s (80 % of ${low} s)`);
  return out.join('\n');
}

const rounds = (r: ProbeReport) => `${r.rounds.flat().length} probes in ${r.rounds.length} round${r.rounds.length === 1 ? '' : 's'}`;
