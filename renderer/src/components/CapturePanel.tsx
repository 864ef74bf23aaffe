// A capture view's own controls: the TCP connections in the file (pick one), the NAT timeout it is
// compared with (a model setting: type it here or drag the line on the chart), and the cadence
// statistics `lifeline analyze` prints, from the same fold.
import { useView } from '../player/view-store.ts';
import { selectConnection, setNatTimeout, useCaptures, type CaptureInfo } from '../player/capture-source.ts';
import { useStore } from '../store.ts';
import type { IntervalStats } from '../../../shared/capture-analysis.ts';
import type { RecordedSource } from '../../../shared/player/recorded-player.ts';

/** Shows re-derived events in the same view slot, keeping the zoom the user had. */
export function showCapture(src: RecordedSource): void {
  const s = useStore.getState();
  const w = s.views.get(src.sourceId)?.getState().window ?? null;
  s.openRecorded(src);
  useStore.getState().views.get(src.sourceId)?.getState().setWindow(w);
}

/** Applies a NAT timeout typed or dragged (seconds, > 0). */
export function applyNatTimeout(sourceId: string, sec: number): void {
  if (Number.isFinite(sec) && sec > 0) showCapture(setNatTimeout(sourceId, sec));
}

export function CapturePanel() {
  const sourceId = useView((s) => s.player.sourceId);
  const info = useCaptures((s) => s.captures.get(sourceId));
  if (!info) return null;
  const choose = async (id: number) => {
    useStore.setState({ loading: `reading connection #${id}…` });
    try {
      showCapture(await selectConnection(sourceId, id, (f) => useStore.setState({ loading: `reading connection #${id}… ${Math.floor(100 * f)}%` })));
    } catch (e) {
      useStore.setState({ notice: e instanceof Error ? e.message : String(e) });
    } finally {
      useStore.setState({ loading: null });
    }
  };
  return (
    <section className="capture-panel" aria-label="capture" data-testid="capture-panel">
      <header className="panel-head">
        <h2>
          Capture {info.name} <span className="hint">({info.format}, {info.packets} packets, {info.connections.length} TCP connections)</span>
        </h2>
        <label className="capture-nat" title="a model setting: the NAT idle timeout the capture is compared with; drag the red line on the chart too">
          NAT idle timeout (model), s{' '}
          <input type="number" min={1} step={1} data-testid="capture-nat" value={info.natTimeoutSec} onChange={(e) => applyNatTimeout(sourceId, e.target.valueAsNumber)} />
        </label>
      </header>
      {info.warning && (
        <p className="capture-warning" role="alert" data-testid="capture-warning">
          ⚠ {info.warning}
        </p>
      )}
      <div className="capture-body">
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
              <tr key={c.id} data-conn={c.id} aria-selected={c.id === info.selected} className={c.id === info.selected ? 'selected' : undefined} onClick={() => c.id !== info.selected && void choose(c.id)}>
                <td>
                  <label>
                    <input type="radio" name={`conn-${sourceId}`} checked={c.id === info.selected} onChange={() => void choose(c.id)} /> {c.id}
                  </label>
                </td>
                <td>{c.client}</td>
                <td>{c.server}</td>
                <td>{c.packets}</td>
                <td>{c.bytes}</td>
                <td>{c.startSec}</td>
                <td>{c.durationSec}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <CadenceStats info={info} />
      </div>
    </section>
  );
}

const fmt = (s: IntervalStats | null) => (s ? `${s.min} / ${s.median} / ${s.max}` : '—');

function CadenceStats({ info }: { info: CaptureInfo }) {
  const r = info.report;
  return (
    <dl className="capture-stats" data-testid="capture-stats">
      <dt>intervals up (client → server), min / median / max s</dt>
      <dd data-stat="up">{fmt(r.intervals.up)}</dd>
      <dt>intervals down (server → client), min / median / max s</dt>
      <dd data-stat="down">{fmt(r.intervals.down)}</dd>
      <dt>idle gaps over {r.natTimeoutSec} s</dt>
      <dd data-stat="over">{r.gapsOverTimeout}</dd>
      <dt>largest idle gaps, s</dt>
      <dd data-stat="largest">{r.largestGapsSec.join(', ') || '—'}</dd>
      <dt>verdict</dt>
      <dd data-stat="verdict">{r.verdict}</dd>
    </dl>
  );
}
