// The heartbeat chart's scales for the layers Lifeline draws itself on it (the marks, interval
// lines, sawtooth, envelope, dead stretches, NAT lines and band, the compare's overlay).
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { usePlotArea, useXAxisScale, useYAxisScale } from 'recharts';

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

/** The domains HeartbeatChart gives its axes: time [t0, t1] in ms, seconds [0, top]. The axes and the scales take the same object. */
export interface PlotDomains {
  x: readonly [number, number];
  y: readonly [number, number];
}

/**
 * Made from the domains HeartbeatChart gives its axes, on recharts' plot area: linear, as recharts'
 * own scales are for a number axis with a fixed domain, no padding and allowDataOverflow (the pan
 * test checks the axes' ticks and the NAT lines against these, to the pixel). Read from recharts'
 * store instead (useXAxisScale), every layer was drawn twice at each seek and at each frame of a
 * pan: once when its data or window changed, on the scales before, and again when the store took
 * the axes' new domains. recharts' own scales are still waited for: until the axes have taken their
 * room, the plot area is the whole chart, and every layer would be drawn once there for nothing.
 */
export function PlotScalesProvider({ domains, children }: { domains: PlotDomains; children: ReactNode }) {
  const area = usePlotArea();
  // Both hooks at every render (not `&&`): React counts them.
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  const ready = xScale !== undefined && yScale !== undefined;
  const [t0, t1] = domains.x;
  const [s0, s1] = domains.y;
  const ax = area?.x;
  const ay = area?.y;
  const width = area?.width;
  const height = area?.height;
  const scales = useMemo((): PlotScales | null => {
    if (!ready || ax === undefined || ay === undefined || width === undefined || height === undefined) return null;
    return { area: { x: ax, y: ay, width, height }, x: linear(t0, t1, ax, ax + width), y: linear(s0, s1, ay + height, ay) };
  }, [ready, ax, ay, width, height, t0, t1, s0, s1]);
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
