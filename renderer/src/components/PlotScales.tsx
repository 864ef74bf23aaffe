// The heartbeat chart's scales for the layers Lifeline draws itself on it (the marks, interval
// lines, sawtooth, envelope, dead stretches, NAT lines and band, the compare's overlay).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { usePlotArea } from 'recharts';
import type { TimeWindow } from '../../../shared/view/chart-view.ts';

export interface PlotArea {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlotScales {
  area: PlotArea;
  /** A virtual instant (ms) to its x pixel. */
  x(t: number): number;
  /** Seconds on the idle axis to their y pixel. */
  y(sec: number): number;
}

const Scales = createContext<PlotScales | null>(null);

/**
 * Made from the domains HeartbeatChart gives its axes, time [w.t0, w.t1] and seconds [0, top], on
 * recharts' plot area: linear, as recharts' own scales are for a number axis with a fixed domain
 * (the pan test checks the NAT lines drawn on these against recharts' ReferenceLine). Read from
 * recharts' store instead (useXAxisScale), every layer was drawn twice at each seek and at each frame
 * of a pan: once when its data or window changed, on the scales before, and again when the store
 * took the axes' new domains.
 */
export function PlotScalesProvider({ w, top, children }: { w: TimeWindow; top: number; children: ReactNode }) {
  const area = usePlotArea();
  const { t0, t1 } = w;
  const ax = area?.x;
  const ay = area?.y;
  const width = area?.width;
  const height = area?.height;
  const scales = useMemo((): PlotScales | null => {
    if (ax === undefined || ay === undefined || width === undefined || height === undefined) return null;
    return { area: { x: ax, y: ay, width, height }, x: linear(t0, t1, ax, ax + width), y: linear(0, top, ay + height, ay) };
  }, [ax, ay, width, height, t0, t1, top]);
  return <Scales.Provider value={scales}>{children}</Scales.Provider>;
}

/** d3's linear scale (recharts' own), to the same floating point: a domain of no width maps to the range's middle. */
function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const span = d1 - d0;
  return (v) => {
    const u = span ? (v - d0) / span : 0.5;
    return r0 * (1 - u) + r1 * u;
  };
}

/** The chart's scales; null until recharts has laid out its plot. */
export const usePlotScales = (): PlotScales | null => useContext(Scales);
