// A capture view's own controls: the TCP connections in the file (pick one), the NAT timeout it is
// compared with (a model setting: type it here, applied on Enter or leaving the field, or drag the
// line on the chart), and the cadence statistics `lifeline analyze` prints, from the same fold.
import { useRef, useState } from 'react';
import { useFrameEffect } from '../use-frame-effect.ts';
import { useView } from '../player/view-store.ts';
import { selectConnection, setNatTimeout, useCaptures, type CaptureInfo } from '../player/capture-source.ts';
import { showProgress, useStore } from '../store.ts';
import { MIN_NAT_TIMEOUT_SEC, type IntervalStats } from '../../../shared/capture/capture-analysis.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';
import { roundMs } from '../../../shared/util/time-format.ts';
import { lateWarning } from '../../../shared/capture/capture-passes.ts';

/** Shows re-derived events in the same view slot, keeping the zoom the user had. */
export function showCapture(src: RecordedSource): void {
  const s = useStore.getState();
  const w = s.views.get(src.sourceId)?.getState().window ?? null;
  s.openRecorded(src, undefined, 'finished');
  useStore.getState().views.get(src.sourceId)?.getState().setWindow(w);
}

/**
 * Runs a re-derive with the capture's load bar up, and shows its result (a new player: no bar)
 * unless a later request superseded it (that one shows its own, and takes the bar down).
 */
async function rederive(sourceId: string, label: string, run: (onProgress: (fraction: number) => void) => Promise<RecordedSource | null>): Promise<void> {
  showProgress(sourceId, { label, fraction: 0 });
  try {
    const src = await run((fraction) => showProgress(sourceId, { label, fraction }));
    if (src) showCapture(src);
  } catch (e) {
    showProgress(sourceId, null);
    useStore.getState().views.get(sourceId)?.getState().player.report(e instanceof Error ? e.message : String(e));
  }
}

/** Applies a NAT timeout typed or dragged (seconds, at least MIN_NAT_TIMEOUT_SEC, as `--nat-timeout`). */
export function applyNatTimeout(sourceId: string, sec: number): Promise<void> {
  return rederive(sourceId, `NAT timeout ${sec} s…`, (p) => setNatTimeout(sourceId, sec, p));
}

/** A NAT timeout typed in the field: seconds, at least MIN_NAT_TIMEOUT_SEC; null if not one. */
export function parseNatTimeout(text: string): number | null {
  const v = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(v) && v >= MIN_NAT_TIMEOUT_SEC ? v : null;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function CapturePanel() {
  const sourceId = useView((s) => s.player.sourceId);
  const info = useCaptures((s) => s.captures.get(sourceId));
  const list = useRef<HTMLDivElement>(null);
  const selected = info?.selected;
  // The chosen connection is in sight in the list, however it was chosen (the default pick may be row 900).
  useFrameEffect(() => {
    list.current?.querySelector(`tr[data-conn="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  if (!info) return null;
  // The choice as of this click (the store, not this render): a click right after another counts.
  const selectedNow = () => useCaptures.getState().captures.get(sourceId)?.selected;
  const choose = (id: number) => rederive(sourceId, `reading connection #${id}…`, (p) => selectConnection(sourceId, id, p));
  return (
    <section className="capture-panel" aria-label="capture" data-testid="capture-panel">
      <header className="panel-head">
        <h2>
          Capture {info.name} <span className="hint">({info.format}, {plural(info.packets, 'packet')}, {plural(info.connections.length, 'TCP connection')})</span>
        </h2>
        <NatTimeoutField sourceId={sourceId} sec={info.assumedNatTimeoutSec} />
      </header>
      <CaptureWarnings info={info} />
      <div className="capture-body">
        {/* A capture may hold thousands of connections: the list scrolls, the chart stays in view. */}
        <div className="capture-conns-scroll" tabIndex={0} aria-label="connections" ref={list}>
          <table className="capture-conns" data-testid="capture-connections">
            <thead>
              <tr>
                <th>#</th>
                <th>client</th>
                <th>server</th>
                <th>packets</th>
                <th>bytes</th>
                <th>start, s</th>
                <th>duration, s</th>
              </tr>
            </thead>
            <tbody>
              {info.connections.map((c) => (
                <tr key={c.id} data-conn={c.id} aria-selected={c.id === info.selected} className={c.id === info.selected ? 'selected' : undefined} onClick={() => c.id !== selectedNow() && void choose(c.id)}>
                  <td>
                    <label>
                      <input type="radio" name={`conn-${sourceId}`} checked={c.id === info.selected} onChange={() => void choose(c.id)} /> {c.id}
                    </label>
                  </td>
                  <td>{c.client}</td>
                  <td>{c.server}</td>
                  <td>{c.packets}</td>
                  <td>{c.bytes}</td>
                  <td>{roundMs(c.startSec)}</td>
                  <td>{roundMs(c.durationSec)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <CadenceStats info={info} />
      </div>
    </section>
  );
}

/**
 * The NAT timeout as text of its own: it can be cleared and typed from scratch, says when it is not
 * a timeout, and applies on Enter or when left (one re-derive, not one per keystroke). A timeout set
 * elsewhere (dragging the line) replaces the text.
 */
function NatTimeoutField({ sourceId, sec }: { sourceId: string; sec: number }) {
  const [text, setText] = useState(String(sec));
  const [shown, setShown] = useState(sec);
  if (shown !== sec) {
    setShown(sec);
    setText(String(sec));
  }
  const value = parseNatTimeout(text);
  const commit = () => {
    if (value !== null && value !== sec) void applyNatTimeout(sourceId, value);
  };
  return (
    <label className="capture-nat" title="a model setting: the NAT idle timeout the capture is compared with; drag the red line on the chart too">
      NAT idle timeout (model), s{' '}
      <input
        type="number"
        min={MIN_NAT_TIMEOUT_SEC}
        step="any"
        data-testid="capture-nat"
        value={text}
        aria-invalid={value === null}
        aria-describedby={value === null ? 'capture-nat-error' : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {value === null && (
        <span className="capture-nat-error" id="capture-nat-error" role="alert" data-testid="capture-nat-error">
          {' '}
          a number of seconds, at least {MIN_NAT_TIMEOUT_SEC}
        </span>
      )}
    </label>
  );
}

/**
 * Everything the reader tells about the file, each line naming file and offset, in the order
 * `lifeline analyze` prints them on stderr: what it tolerated, packets it could not put back in
 * order, and last the damage that stopped it (the player's problem: the capture's state keeps it).
 */
function CaptureWarnings({ info }: { info: CaptureInfo }) {
  const problems = useView((s) => s.playback?.problems ?? NO_PROBLEMS);
  const lines = [...info.warnings, ...(info.late ? [lateWarning(info.name, info.late)] : []), ...problems];
  if (lines.length === 0) return null;
  return (
    <ul className="capture-warnings" role="alert" aria-label={plural(lines.length, 'capture warning')} data-testid="capture-warnings">
      {lines.map((w) => (
        <li key={w} className="capture-warning" data-testid="capture-warning">
          ⚠ {w}
        </li>
      ))}
    </ul>
  );
}

const NO_PROBLEMS: readonly string[] = [];

// To the millisecond, as `lifeline analyze` prints them (a reader needs 1.029, not 1.028693).
const fmt = (s: IntervalStats | null) => (s ? `${roundMs(s.min)} / ${roundMs(s.median)} / ${roundMs(s.max)}` : '—');

function CadenceStats({ info }: { info: CaptureInfo }) {
  const r = info.report;
  return (
    <dl className="capture-stats" data-testid="capture-stats">
      <dt>intervals up (client → server), min / median / max s</dt>
      <dd data-stat="up">{fmt(r.intervals.up)}</dd>
      <dt>intervals down (server → client), min / median / max s</dt>
      <dd data-stat="down">{fmt(r.intervals.down)}</dd>
      <dt>idle gaps over {r.assumedNatTimeoutSec} s</dt>
      <dd data-stat="over">{r.gapsOverTimeout}</dd>
      <dt>largest idle gaps, s</dt>
      <dd data-stat="largest">{r.largestGapsSec.map(roundMs).join(', ') || '—'}</dd>
      <dt>verdict</dt>
      <dd data-stat="verdict">{r.verdict}</dd>
    </dl>
  );
}
