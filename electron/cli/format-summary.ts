import type { AppSocketStats, Summary } from '../../shared/folds/summary.ts';
import { PUSH_PATHS } from '../../shared/folds/reachability.ts';
import { formatDuration } from '../../shared/util/time-format.ts';

/** The summary for a person: one fact a line, the numbers that matter first. */
export function formatSummary(s: Summary): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const a = s.appSocket;
  const rows: [string, string][] = [
    ['scenario', `${s.scenario} (${s.mode})`],
    ...(s.server !== undefined ? [['server', `${s.server} (your own, realtime at 1×)`] as [string, string]] : []),
    ['simulated', `${s.simulatedSec} s in ${s.wallMs} ms wall`],
    ['push path', PUSH_PATHS[s.pushVia].words],
    ['connected', `${pct(s.connectedRatio)} (a push sent then would arrive)`],
    ['dead but believed up', roundedWithExact(s.deadSec)],
    ['disconnects', String(s.disconnects)],
    ...(s.pushVia === 'socket' ? [] : [['app socket', `connected ${pct(a.connectedRatio)}, dead ${roundedWithExact(a.deadSec)}, ${a.disconnects} disconnects`] as [string, string]]),
    ['app learns of a break', learned(a.learnSec)],
    ['NAT expiries', String(s.natExpiries)],
    ['wakeups', String(s.wakeups)],
    ['terminations', String(s.terminations)],
    ['heartbeats', `client ${s.heartbeats.client}, server ${s.heartbeats.server}, keep-alive handler ${s.heartbeats.keepaliveHandler}`],
    ['pushes', `sent ${s.pushes.sent}, delivered ${s.pushes.delivered}, lost ${s.pushes.lost}${s.pushes.blocked ? `, ${s.pushes.blocked} blocked` : ''}${s.pushes.delayed ? `, ${s.pushes.delayed} delayed` : ''}`],
    ['bytes', `up ${s.bytes.up}, down ${s.bytes.down}`],
    ['radio energy', `${s.energy.joules} J (${s.energy.joulesPerDay} J/day, ${s.energy.profile}), radio on ${s.energy.radioOnSec} s, idle ${s.energy.idleJoules} J`],
  ];
  const w = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}

/** "54 min 14 s (3254.2 s)": rounded to read, exact beside it when rounding changed it. */
function roundedWithExact(sec: number): string {
  const rounded = formatDuration(sec);
  return rounded === `${sec} s` ? rounded : `${rounded} (${sec} s)`;
}

/** How late the app learned that its socket's path had broken. */
function learned(l: AppSocketStats['learnSec']): string {
  const pending = l.pending ? `; ${l.pending} not noticed by the end` : '';
  if (!l.count) return l.pending ? 'never (not noticed by the end)' : 'its socket never broke under it';
  return `after ${formatDuration(l.median)} median, ${formatDuration(l.max)} at most (${l.count} break${l.count === 1 ? '' : 's'})${pending}`;
}
