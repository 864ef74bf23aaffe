// The numbers that matter, from summarize(): the same function the CLI's --json uses.
import { useView } from '../player/view-store.ts';
import { formatDuration } from '../../../shared/time-format.ts';

export function MetricCards() {
  const s = useView((st) => st.summary);
  if (!s) return null;
  const cards: [string, string, number | string, string?][] = [
    ['disconnects', 'Disconnects', s.disconnects],
    ['natExpiries', 'NAT expiries', s.natExpiries],
    ['deadSec', 'Dead time', formatDuration(s.deadSec), 'believed connected while the path was dead'],
    ['connectedRatio', 'Connected', `${(s.connectedRatio * 100).toFixed(1)}%`, 'a push sent then would arrive'],
    ['wakeups', 'Wakeups', s.wakeups],
    ['terminations', 'Terminations', s.terminations],
    ['heartbeats', 'Heartbeats', `${s.heartbeats.server} / ${s.heartbeats.client} / ${s.heartbeats.keepaliveHandler}`, 'server / client / keep-alive handler'],
    ['pushesLost', 'Pushes lost', `${s.pushes.lost} of ${s.pushes.sent}`],
    ['energyPerDay', 'Radio energy', `${formatJoules(s.energy.joulesPerDay)}/day`, `${s.energy.profile}: radio on ${s.energy.radioOnSec} s; idle paging ${formatJoules(s.energy.idleJoules)} apart`],
  ];
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
