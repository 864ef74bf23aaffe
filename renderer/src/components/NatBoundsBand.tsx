// The band a capture proves its path's NAT timeout lies in, drawn on the chart's idle axis between
// the longest gap the connection survived and the shortest it did not (`analyze`'s
// natTimeoutSec, shared/capture/nat-timeout.ts). Nothing when the capture shows no upper bound.
// Drawn under the marks (HeartbeatChart): its words, set off by a halo, never hide one.
import { useView } from '../player/view-store.ts';
import { usePlotScales } from './PlotScales.tsx';
import { useCaptures } from '../player/capture-source.ts';
import { describeBounds } from '../../../shared/capture/nat-timeout.ts';

export function NatBoundsBand({ top }: { top: number }) {
  const sourceId = useView((s) => s.player.sourceId);
  const bounds = useCaptures((s) => s.captures.get(sourceId)?.nat?.bounds);
  const scales = usePlotScales();
  if (!bounds || bounds.high === null || !scales) return null;
  const { y, area } = scales;
  const y1 = y(Math.min(bounds.high, top));
  const y0 = y(Math.min(bounds.low, top));
  return (
    <g className="nat-bounds-band" data-testid="nat-bounds-band" data-low={bounds.low} data-high={bounds.high}>
      <rect x={area.x} width={area.width} y={y1} height={Math.max(2, y0 - y1)} fill="#f59e0b" fillOpacity={0.18} stroke="#d97706" strokeOpacity={0.6} strokeDasharray="4 3" />
      <text className="nat-bounds-label" x={area.x + 8} y={y1 + 14} fill="#b45309" fontSize={12} stroke="var(--panel)" strokeWidth={3} paintOrder="stroke">
        {describeBounds(bounds)}
      </text>
    </g>
  );
}
