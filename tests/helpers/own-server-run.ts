// Runs a scenario against your own server (realtime at 1×, as it must be) and collects the event
// log, for comparing with the same scenario on the built-in server.
import { Simulation } from '../../electron/engine/simulation.ts';
import { checkOwnServer } from '../../shared/scenario/own-server.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { RunResult } from './run.ts';

export async function runOwn(s: Scenario, url: string, pushUrl?: string): Promise<RunResult> {
  const { spec } = checkOwnServer(s, 'test scenario', url, pushUrl);
  const events: LifelineEvent[] = [];
  const sim = new Simulation(s, { mode: 'realtime', speed: 1, server: spec, onEvent: (e) => events.push(e) });
  const summary = await sim.run();
  return { summary, events, scenario: s };
}

/**
 * The story a run tells, without the wire details: lifecycle states (with the wake's reason),
 * connections, the server's view, NAT mappings, pushes. Two runs of a scenario on different
 * servers tell the same story when these agree.
 */
export function story(events: readonly LifelineEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.kind === 'lifecycle') out.push(e.state === 'woken' ? `woken ${e.reason}` : e.state);
    else if (e.kind === 'conn') out.push(`conn ${e.op}${e.cause ? ` ${e.cause}` : ''}`);
    else if (e.kind === 'server' && e.op !== 'listening') out.push(`server ${e.op}`);
    else if (e.kind === 'nat' && (e.op === 'created' || e.op === 'expired' || e.op === 'rst')) out.push(`nat ${e.op}`);
    else if (e.kind === 'nat' && e.op === 'drop') out.push(`nat drop ${e.verb === 'PUSH' || e.verb === 'PUBLISH' || e.verb === 'TEXT' ? 'push' : e.verb === 'PING' ? 'ping' : 'other'}`);
    else if (e.kind === 'push') out.push(`push ${e.op}`);
  }
  return out;
}
