// While a big session or capture loads (read from the host and folded chunk by chunk, between
// frames), or a capture re-derives for another connection or NAT timeout, the main area says so
// with a bar named by what loads: the page stays usable, and a million events do not look like a
// hang. A load that reports no fraction shows the label alone.
import { useStore } from '../store.ts';

export function LoadProgress() {
  const loading = useStore((s) => s.loading);
  const done = useStore((s) => s.loadProgress);
  if (!loading) return null;
  const pct = Math.round((done ?? 0) * 100);
  return (
    <div className="progress load-progress" data-testid="load-progress">
      <span>{loading}</span>
      {done !== null && (
        <>
          <div className="progress-bar" role="progressbar" aria-label={loading} aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
            <div style={{ width: `${pct}%` }} />
          </div>
          <span>{pct}%</span>
        </>
      )}
    </div>
  );
}
