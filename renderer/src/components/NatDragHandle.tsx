// The NAT timeout line of a capture view, draggable: a grip along the line (inside the chart, on
// its scales) that follows the pointer while held and sets the timeout on release. Re-deriving on
// release, not per move, keeps the y axis (which scales with the timeout) still while dragging.
import { useState, type MouseEvent } from 'react';
import { selectIsCapture, useView } from '../player/view-store.ts';
import { applyNatTimeout } from './CapturePanel.tsx';
import { usePlotScales } from './PlotScales.tsx';
import { NAT_LINE } from '../../../shared/view/chart-view.ts';

export function NatDragHandle({ sec, top }: { sec: number; top: number }) {
  const sourceId = useView((s) => s.player.sourceId);
  const isCapture = useView(selectIsCapture);
  const scales = usePlotScales();
  const [held, setHeld] = useState<number | null>(null);
  if (!isCapture || !scales) return null;
  const { y, area } = scales;
  const start = (e: MouseEvent<SVGRectElement>) => {
    // The chart pans on a drag; this drag is the line's.
    e.stopPropagation();
    e.preventDefault();
    const svg = e.currentTarget.ownerSVGElement!.getBoundingClientRect();
    const at = (clientY: number) => Math.max(1, Math.round((top * (area.y + area.height - (clientY - svg.top))) / area.height));
    const move = (m: globalThis.MouseEvent) => setHeld(at(m.clientY));
    const up = (m: globalThis.MouseEvent) => {
      window.removeEventListener('mousemove', move);
      window.removeEventListener('mouseup', up);
      setHeld(null);
      void applyNatTimeout(sourceId, at(m.clientY));
    };
    window.addEventListener('mousemove', move);
    window.addEventListener('mouseup', up);
    setHeld(sec);
  };
  const py = y(Math.min(held ?? sec, top));
  return (
    <g className="nat-drag" data-testid="nat-drag">
      {held !== null && (
        <>
          <line x1={area.x} x2={area.x + area.width} y1={py} y2={py} stroke={NAT_LINE.color} strokeDasharray="2 3" strokeWidth={2} />
          <text x={area.x + 6} y={py - 6} fill={NAT_LINE.color} fontSize={13} data-testid="nat-drag-value">
            {held} s
          </text>
        </>
      )}
      <rect x={area.x} y={py - 6} width={area.width} height={12} fill="transparent" style={{ cursor: 'ns-resize' }} onMouseDown={start}>
        <title>drag to change the NAT timeout (a model setting)</title>
      </rect>
    </g>
  );
}
