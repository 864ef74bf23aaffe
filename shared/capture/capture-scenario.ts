// A capture → a scenario that reproduces it (`lifeline analyze --scenario`): each side's heartbeat
// cadence, the NAT timeout the capture proves, the pushes (server → client payload that is not a
// heartbeat) and the duration. The device model's parts a capture does not show are the base
// presets' (shared/scenario/presets.ts BASE): a correctly configured VoIP app that stays in the
// foreground, so its timers run as the captured client's did.
import { round6 } from './capture-analysis.ts';
import { oneLine } from '../util/one-line.ts';
import type { Cadence } from './cadence.ts';
import { forgottenAfter, type NatTimeoutBounds } from './nat-timeout.ts';
import { MAX_DURATION_SEC, MAX_NAME_CHARS, MIN_INTERVAL_SEC, MIN_NAT_IDLE_SEC, validateScenario, type Scenario } from '../scenario/scenario.ts';
import { ScenarioError } from '../scenario/scenario-error.ts';
import { formatSecMs, roundMs } from '../util/time-format.ts';

export interface ScenarioFromCapture {
  /** The capture file as the user named it: what a refusal names. */
  source: string;
  name: string;
  durationSec: number;
  cadence: Cadence;
  bounds: NatTimeoutBounds;
  largestGapSec: number | null;
  /** The NAT timeout the user gave (`--nat-timeout`, the inspector's field), if any. */
  userNatSec: number | null;
  defaultNatSec: number;
}

/**
 * The NAT idle timeout to simulate. With an upper bound, a second under it, so the gap that broke
 * the capture's connection breaks the run's too (a NAT counts whole seconds, FACTS: RFC idle timeouts). With only a lower bound, the user's value, else one just
 * above every gap seen, so no mapping the capture kept expires in the run.
 */
export function natForScenario(s: Pick<ScenarioFromCapture, 'bounds' | 'largestGapSec' | 'userNatSec' | 'defaultNatSec'>): number {
  const { low, high } = s.bounds;
  if (high !== null) return Math.max(MIN_NAT_IDLE_SEC, Math.floor(low) + 1, Math.ceil(high) - 1);
  if (s.userNatSec !== null) return Math.max(MIN_NAT_IDLE_SEC, s.userNatSec);
  return Math.max(s.defaultNatSec, Math.floor(s.largestGapSec ?? 0) + 1);
}

/** `a push every 900 s`, or `no push`: what the capture showed of one cadence, in words. */
const every = (what: string, sec: number | null) => (sec === null ? `no ${what}` : `a ${what} every ${round6(sec)} s`);

const cadenceSec = (x: number | null) => (x === null ? null : Math.max(MIN_INTERVAL_SEC, round6(x)));

export function scenarioFromCapture(s: ScenarioFromCapture): Scenario {
  // Said in the capture's terms: the user gave a capture, not a scenario's durationSec.
  if (roundMs(s.durationSec) > MAX_DURATION_SEC) {
    throw new ScenarioError(s.source, [`the capture spans ${formatSecMs(s.durationSec)}, more than a scenario may run (${MAX_DURATION_SEC} s, 30 days): cut it shorter to make a scenario of it`]);
  }
  const nat = natForScenario(s);
  return validateScenario({
    // Named for a file the user did not name for a scenario: its control characters escaped, cut to fit.
    name: oneLine(s.name).slice(0, MAX_NAME_CHARS),
    lesson: `Made from a capture: ${[every('client heartbeat', s.cadence.client), every('server heartbeat', s.cadence.server), every('push', s.cadence.push)].join(', ')}; NAT ${nat} s (${describeSource(s)}).`,
    // Whole seconds; a span that rounds to the limit runs to the limit.
    durationSec: Math.min(MAX_DURATION_SEC, Math.max(1, Math.ceil(s.durationSec))),
    seed: 1,
    ios: 9,
    app: {
      voipSocket: true,
      voipBackgroundMode: true,
      clientHeartbeatSec: cadenceSec(s.cadence.client),
      keepAliveTimeoutSec: null,
      backgroundTask: 'none',
      reconnect: { initialSec: 2, maxSec: 120 },
    },
    server: { heartbeatSec: cadenceSec(s.cadence.server), pushEverySec: cadenceSec(s.cadence.push) },
    nat: { idleTimeoutSec: nat, onExpiry: 'drop', refreshOn: 'both' },
    timeline: [],
  }, s.source);
}

function describeSource(s: ScenarioFromCapture): string {
  if (s.bounds.high !== null) return `the capture shows the path forgot the connection after ${forgottenAfter({ ...s.bounds, high: s.bounds.high })}`;
  return s.userNatSec !== null ? 'the value given; the capture shows no upper bound' : 'above every idle gap in the capture';
}
