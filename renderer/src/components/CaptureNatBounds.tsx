// What the shown connection proves about its path's NAT timeout, in the capture panel: the band in
// words, the frames that prove each bound (numbered as tshark numbers them), a button that sets the
// NAT timeout field from the band, and "Make scenario", which puts a scenario reproducing the
// capture into the scenario form (the same shared fold as `lifeline analyze --scenario`).
import { useView } from '../player/view-store.ts';
import { useCaptures, type CaptureInfo } from '../player/capture-source.ts';
import { applyNatTimeout } from './CapturePanel.tsx';
import { useStore } from '../store.ts';
import { describeBounds } from '../../../shared/capture/nat-timeout.ts';
import { formatSecMs } from '../../../shared/util/time-format.ts';
import { natForScenario, scenarioFromCapture } from '../../../shared/capture/capture-scenario.ts';
import { DEFAULT_NAT_TIMEOUT_SEC } from '../../../shared/capture/capture-analysis.ts';

function scenarioInputs(info: CaptureInfo) {
  const nat = info.nat!;
  return {
    source: info.name,
    name: `capture ${info.name}`,
    // A fold, not Math.max(...spread): one argument per connection overflows the stack past ~120,000.
    durationSec: info.connections.reduce((m, c) => Math.max(m, c.startSec + c.durationSec), 0),
    cadence: nat.cadence,
    bounds: nat.bounds,
    largestGapSec: info.report.largestGapsSec[0] ?? null,
    userNatSec: info.assumedNatTimeoutSec === DEFAULT_NAT_TIMEOUT_SEC ? null : info.assumedNatTimeoutSec,
    defaultNatSec: DEFAULT_NAT_TIMEOUT_SEC,
  };
}

function makeScenario(info: CaptureInfo): void {
  try {
    useStore.getState().loadScenario(scenarioFromCapture(scenarioInputs(info)), `a scenario made from ${info.name}`);
  } catch (e) {
    useStore.setState({ notice: e instanceof Error ? e.message : String(e) });
  }
}

export function CaptureNatBounds() {
  const sourceId = useView((s) => s.player.sourceId);
  const info = useCaptures((s) => s.captures.get(sourceId));
  if (!info) return null;
  const nat = info.nat;
  if (!nat) return <p className="capture-nat-bounds hint" data-testid="capture-nat-bounds">reading the path's NAT timeout…</p>;
  const b = nat.bounds;
  const suggested = natForScenario(scenarioInputs(info));
  return (
    <div className="capture-nat-bounds" data-testid="capture-nat-bounds">
      <p data-testid="capture-nat-bounds-text">{describeBounds(b)}</p>
      {b.evidence.length > 0 && (
        <ul className="capture-nat-evidence">
          {b.evidence.map((e) => (
            <li key={e.bound} data-bound={e.bound}>
              {e.bound === 'low' ? 'survived' : 'forgot'} {formatSecMs(e.gapSec)} idle: frames {e.beforeFrame} → {e.afterFrame}, {e.proof} at frame {e.proofFrame}
            </li>
          ))}
        </ul>
      )}
      <div className="capture-nat-actions">
        {b.high !== null && (
          <button type="button" data-testid="capture-nat-from-capture" disabled={suggested === info.assumedNatTimeoutSec} onClick={() => void applyNatTimeout(sourceId, suggested)}>
            Set NAT timeout to {suggested} s
          </button>
        )}
        <button type="button" data-testid="capture-make-scenario" onClick={() => makeScenario(info)}>
          Make scenario
        </button>
      </div>
    </div>
  );
}
