// While a big session or capture loads (read from the host and folded chunk by chunk, between
// frames), a capture re-derives for another connection or NAT timeout, or a compare's runs are
// made, the main area says so with a bar named by what loads: the page stays usable, and a million
// events do not look like a hang. The progress is the shown source's own (its player's state); a
// load that reports no fraction shows the label alone.
import { useShown } from '../store.ts';

export function LoadProgress() {
  const progress = useShown((v) => v?.playback?.progress ?? null);
  if (!progress) return null;
  const { label, fraction } = progress;
  const pct = Math.round((fraction ?? 0) * 100);
  return (
    <div className="progress load-progress" data-testid="load-progress">
      <span>{label}</span>
      {fraction !== null && (
        <>
          <div className="progress-bar" role="progressbar" aria-label={label} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div style={{ width: `${pct}%` }} />
          </div>
          <span>{pct}%</span>
        </>
      )}
    </div>
  );
}
