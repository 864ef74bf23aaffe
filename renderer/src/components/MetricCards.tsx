// The numbers that matter, from summarize(): the same function the CLI's --json uses.
import { useView } from '../player/view-store.ts';
import { useCaptures } from '../player/capture-source.ts';
import { formatDuration } from '../../../shared/util/time-format.ts';

/**
 * What a capture can tell: traffic and gaps. Wakeups, terminations and pushes are the device
 * model's, and the radio's energy needs a network profile the capture does not say.
 */
const CAPTURE_CARDS = new Set(['disconnects', 'natExpiries', 'deadSec', 'connectedRatio', 'heartbeats']);

export function MetricCards() {
  const s = useView((st) => st.summary);
  const sourceId = useView((st) => st.player.sourceId);
  const capture = useCaptures((st) => st.captures.has(sourceId));
  if (!s) return null;
  const all: [string, string, number | string, string?][] = [
    ['disconnects', 'Disconnects', s.disconnects],
    ['natExpiries', 'NAT expiries', s.natExpiries],
    ['deadSec', 'Dead time', formatDuration(s.deadSec), 'believed connected while the path was dead'],
    ['connectedRatio', 'Connected', `${(s.connectedRatio * 100).toFixed(1)}%`, 'a push sent then would arrive'],
    ['wakeups', 'Wakeups', s.wakeups],
    ['terminations', 'Terminations', s.terminations],
    capture
      ? ['heartbeats', 'Payload packets', `${s.heartbeats.client} / ${s.heartbeats.server}`, 'up (client → server) / down (server → client)']
      : ['heartbeats', 'Heartbeats', `${s.heartbeats.server} / ${s.heartbeats.client} / ${s.heartbeats.keepaliveHandler}`, 'server / client / keep-alive handler'],
    ['pushesLost', 'Pushes lost', `${s.pushes.lost} of ${s.pushes.sent}`],
    ['energyPerDay', 'Radio energy', `${formatJoules(s.energy.joulesPerDay)}/day`, `${s.energy.profile}: radio on ${s.energy.radioOnSec} s; idle paging ${formatJoules(s.energy.idleJoules)} apart`],
  ];
  const cards = capture ? all.filter(([key]) => CAPTURE_CARDS.has(key)) : all;
  const raw: Record<string, unknown> = { ...s, pushesLost: s.pushes.lost, energyPerDay: s.energy.joulesPerDay };
  return (
    <section className="cards" aria-label="metrics">
      {cards.map(([key, label, value, hint]) => (
        <div className={`card ${key === 'deadSec' && s.deadSec > 0 ? 'bad' : ''}`} key={key} data-testid={`metric-${key}`} data-value={JSON.stringify(raw[key])} title={hint}>
          <div className="card-label">{label}</div>
          <div className="card-value">{value}</div>
          {hint && <div className="card-hint">{hint}</div>}
        </div>
      ))}
    </section>
  );
}

function formatJoules(j: number): string {
  return j >= 1000 ? `${(j / 1000).toFixed(1)} kJ` : `${j.toFixed(1)} J`;
}
