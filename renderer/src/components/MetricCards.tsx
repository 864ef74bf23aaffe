// The numbers that matter, from summarize(): the same function the CLI's --json uses.
import { selectFlowFigures, selectIsCapture, selectSummary, useView } from '../player/view-store.ts';
import type { FlowFigures } from '../../../shared/folds/flow-figures.ts';
import { formatDuration } from '../../../shared/util/time-format.ts';
import { PUSH_PATHS } from '../../../shared/folds/reachability.ts';
import { formatJoules, formatJoulesPerDay, formatPercent, valuePieces } from '../../../shared/view/metric-format.ts';
import type { AppSocketStats, Summary } from '../../../shared/folds/summary.ts';

/**
 * What a capture can tell, in a capture's words: idle gaps against the NAT timeout, ends, and
 * traffic. Wakeups, terminations and pushes are the device model's, and the radio's energy needs a
 * network profile the capture does not say. The same summary figures as a run's cards.
 */
function captureCards(s: Summary, f: FlowFigures): Card[] {
  return [
    ['disconnects', 'Breaks', f.breaks, 'gaps over the NAT timeout, and the FIN or RST that ended it'],
    ['natExpiries', 'Gaps over the NAT timeout', s.natExpiries, 'idle gaps a NAT with this timeout would not have survived'],
    ['deadSec', 'Idle past the timeout', formatDuration(f.overTimeoutSec), 'from each such timeout to the next packet'],
    ['connectedRatio', 'Within the timeout', formatPercent(f.withinRatio), 'of the capture, no longer idle than the NAT timeout'],
    ['heartbeats', 'Payload packets', `${s.heartbeats.client} / ${s.heartbeats.server}`, 'up (client → server) / down (server → client)'],
  ];
}

export function MetricCards() {
  const s = useView(selectSummary);
  const capture = useView(selectIsCapture);
  const flow = useView(selectFlowFigures);
  if (!s) return null;
  // The headline figures are the push path's (shared/folds/reachability.ts); the app's own socket has a card of its own.
  const path = PUSH_PATHS[s.pushVia].label;
  const onSocket = s.pushVia === 'socket';
  const cards: Card[] = capture ? captureCards(s, flow) : [
    ['disconnects', 'Disconnects', s.disconnects, onSocket ? undefined : `breaks of the ${path} path`],
    ['natExpiries', 'NAT expiries', s.natExpiries],
    ['deadSec', 'Dead time', formatDuration(s.deadSec), onSocket ? 'believed connected while the path was dead' : `the server believed a push would arrive (${path}); it would not`],
    ['connectedRatio', 'Connected', formatPercent(s.connectedRatio), onSocket ? 'a push sent then would arrive' : `a push sent then would arrive (${path})`],
    onSocket ? learnCard(s.appSocket) : appSocketCard(s.appSocket),
    ['wakeups', 'Wakeups', s.wakeups],
    ['terminations', 'Terminations', s.terminations],
    ['heartbeats', 'Heartbeats', `${s.heartbeats.server} / ${s.heartbeats.client} / ${s.heartbeats.keepaliveHandler}`, 'server / client / keep-alive handler'],
    ['pushesLost', 'Pushes lost', `${s.pushes.lost} of ${s.pushes.sent}`],
    ['energyPerDay', 'Radio energy', formatJoulesPerDay(s.energy.joulesPerDay), `${s.energy.profile}: radio on ${s.energy.radioOnSec} s; idle paging ${formatJoules(s.energy.idleJoules)} apart`],
  ];
  const raw: Record<string, unknown> = capture
    ? { ...s, disconnects: flow.breaks, deadSec: flow.overTimeoutSec, connectedRatio: flow.withinRatio }
    : { ...s, pushesLost: s.pushes.lost, energyPerDay: s.energy.joulesPerDay };
  return (
    <section className="cards one-row" aria-label="metrics">
      {cards.map(([key, label, value, hint]) => (
        <div className={`card ${key === 'deadSec' && (raw.deadSec as number) > 0 ? 'bad' : ''}`} key={key} data-testid={`metric-${key}`} data-value={JSON.stringify(raw[key])} title={hint}>
          <div className="card-label">{label}</div>
          <div className="card-value">
            <CardValue value={String(value)} />
          </div>
          {hint && <div className="card-hint">{hint}</div>}
        </div>
      ))}
    </section>
  );
}

type Card = [key: string, label: string, value: number | string, hint?: string];

/** A value whose pieces stay whole (styles.css): at 1024 px "58 min 46 s / 1 h 3 min" goes on two lines, not its card to a second row. */
function CardValue({ value }: { value: string }) {
  return valuePieces(value).flatMap((piece, i) => [...(i ? [' '] : []), <span key={i}>{piece}</span>]);
}


/** Pushes take the app's socket: its figures are the headline, and how late the app learned of each break has a card. */
function learnCard(a: AppSocketStats): Card {
  const l = a.learnSec;
  const unseen = l.pending ? `; ${l.pending} not noticed by the end` : '';
  if (!l.count) return ['appSocket', 'App notices a break', l.pending ? 'never' : '—', l.pending ? 'the app never learned that its path broke' : 'its path never broke under it'];
  return ['appSocket', 'App notices a break', `${formatDuration(l.median)} / ${formatDuration(l.max)}`, `after, median / longest, over ${l.count} break${l.count === 1 ? '' : 's'}${unseen}`];
}

/** Pushes take another path: the app's own socket is shown as such, not as the headline. */
function appSocketCard(a: AppSocketStats): Card {
  const l = a.learnSec;
  const notices = l.count ? `notices a break after ${formatDuration(l.median)} (median)` : l.pending ? 'never notices its break' : 'never broke';
  return ['appSocket', "App's own socket", formatPercent(a.connectedRatio), `not the push path: dead ${formatDuration(a.deadSec)}, ${a.disconnects} disconnects; ${notices}`];
}
