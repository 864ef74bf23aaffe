// The Sweep view — "which interval?": one field over a range, every value a fast run, dead time
// and radio energy per day against the value in one chart, the NAT timeout marked. Clicking a
// point opens that run in the inspector.
import { useEffect, useMemo, useState } from 'react';
import { CartesianGrid, ComposedChart, Legend, Line, ReferenceLine, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { useStore } from '../store.ts';
import { api } from '../bridge/index.ts';
import { applyValues, type SweepResult } from '../../../shared/scenario/sweep.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';

/** Numeric settings of a scenario (null ones too: a heartbeat that is off can be swept on). */
function numericFields(s: Scenario): string[] {
  const out: string[] = [];
  const walk = (o: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(o)) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (k === 'timeline' || k === 'seed' || k === 'ios') continue;
      if (typeof v === 'number' || (v === null && !['reconnect', 'keepAliveTimeoutSec'].includes(k))) out.push(path);
      else if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, path);
    }
  };
  walk(s as unknown as Record<string, unknown>, '');
  return out;
}

/** A sweep that ran: its result, with the scenario and field it ran on (the form may have moved on since). */
interface Swept {
  result: SweepResult;
  scenario: Scenario;
  field: string;
}

type RangeKey = 'from' | 'to' | 'step';
const RANGE_KEYS: readonly RangeKey[] = ['from', 'to', 'step'];

/** Why no value is recommended, counted from the rows (the rule is `recommend`'s). */
function noRecommendation(rows: SweepResult['rows']): string {
  const dead = rows.filter((r) => r.summary.deadSec !== 0).length;
  const lost = rows.filter((r) => r.summary.pushes.lost !== 0).length;
  return `No value recommended: every one had dead time or lost a push (dead time in ${dead} of ${rows.length}, a push lost in ${lost}).`;
}

const DOT_R = 5;
/** The labels of the two marked values sit in rows above the plot, each its own row, so neither meets the other or a point. */
const LABEL_ROW_PX = 18;
const LABEL_GAP_PX = DOT_R + 4;

export function SweepView() {
  const scenario = useStore((s) => s.scenario);
  const fields = useMemo(() => (scenario ? numericFields(scenario) : []), [scenario]);
  const [field, setField] = useState('server.heartbeatSec');
  // As typed: an emptied box is empty, not 0.
  const [range, setRange] = useState<Record<RangeKey, string>>({ from: '30', to: '600', step: '30' });
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [swept, setSwept] = useState<Swept | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => api.on('sweep.progress', (m) => setBusy(m)), []);
  if (!scenario) return <p className="notice">Fix the scenario first: the sweep starts from it.</p>;

  const run = async () => {
    // A new sweep replaces the last one's answer, refused or not: no old chart under a new error.
    setSwept(null);
    const blank = RANGE_KEYS.find((k) => range[k].trim() === '' || !Number.isFinite(Number(range[k])));
    if (blank) return setError(`${blank}: enter a number`);
    setError(null);
    const [from, to, step] = RANGE_KEYS.map((k) => Number(range[k])) as [number, number, number];
    setBusy({ done: 0, total: step > 0 && to >= from ? Math.floor((to - from) / step) + 1 : 0 });
    const ran = { scenario, field };
    const r = await api.invoke('sweep.run', { ...ran, from, to, step });
    setBusy(null);
    if (r.ok) setSwept({ result: r.value, ...ran });
    else setError(r.error);
  };
  const open = async (i: number) => {
    if (!swept) return;
    const { result, field: f } = swept;
    const st = useStore.getState();
    const s = applyValues(swept.scenario, result.rows[i]!.values);
    st.loadScenario({ ...s, name: `${s.name} (${f}=${result.rows[i]!.values[f]})` }, `sweep point ${f}=${result.rows[i]!.values[f]}`);
    st.setView('run');
    await useStore.getState().start();
  };
  const result = swept?.result;
  const sweptField = swept?.field ?? field;
  const nat = swept?.scenario.nat.idleTimeoutSec;
  const data = (result?.rows ?? []).map((r, i) => ({ i, v: r.values[sweptField]!, dead: r.summary.deadSec, energy: r.summary.energy.joulesPerDay / 1000 }));
  const rec = result?.recommended;
  return (
    <section className="sweep" aria-label="sweep" data-testid="sweep-view">
      <header className="panel-head">
        <h2>Sweep: which value?</h2>
        <span className="hint">every value a fast run of “{scenario.name}”; click a point to open that run</span>
      </header>
      <div className="sweep-form">
        <label className="field">
          <span className="field-label">Field</span>
          <select name="sweep-field" value={field} onChange={(e) => setField(e.target.value)} data-testid="sweep-field">
            {fields.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        {RANGE_KEYS.map((k) => (
          <label className="field" key={k}>
            <span className="field-label">{k}</span>
            <input name={`sweep-${k}`} type="number" value={range[k]} onChange={(e) => setRange({ ...range, [k]: e.target.value })} />
          </label>
        ))}
        <button type="button" className="primary" disabled={busy !== null} onClick={() => void run()} data-testid="sweep-run">
          {busy ? 'Running…' : 'Run sweep'}
        </button>
        {busy && (
          <>
            <progress max={busy.total} value={busy.done} aria-label="sweep progress" data-testid="sweep-progress">
              {busy.done}/{busy.total}
            </progress>
            <button type="button" onClick={() => void api.invoke('sweep.cancel', null)} data-testid="sweep-cancel">
              Cancel
            </button>
          </>
        )}
      </div>
      {error && <p className="notice" role="alert">{error}</p>}
      {swept && result && (
        <>
          {(swept.scenario !== scenario || swept.field !== field) && (
            <p className="hint" data-testid="sweep-of">
              The sweep below ran {swept.field} over “{swept.scenario.name}” as it was then; Run sweep again for the form as it is now.
            </p>
          )}
          <p className="sweep-answer" data-testid="sweep-recommended">
            {rec
              ? `Recommended: ${sweptField} = ${rec.values[sweptField]} — the lowest radio energy per day (${(result.rows[rec.index]!.summary.energy.joulesPerDay / 1000).toFixed(1)} kJ) with no dead time and no push lost.`
              : noRecommendation(result.rows)}
          </p>
          <div className="sweep-chart" data-testid="sweep-chart">
            <ResponsiveContainer width="100%" height={400}>
              <ComposedChart data={data} margin={{ top: LABEL_GAP_PX + 2 * LABEL_ROW_PX, right: 20, left: 10, bottom: 10 }}>
                <CartesianGrid stroke="var(--grid)" strokeDasharray="3 3" />
                <XAxis dataKey="v" type="number" domain={['dataMin', 'dataMax']} stroke="var(--muted)" label={{ value: sweptField, position: 'insideBottom', offset: -10, fill: 'var(--muted)' }} />
                <YAxis yAxisId="dead" stroke="#dc2626" label={{ value: 'dead (s)', angle: -90, position: 'insideLeft', fill: '#dc2626' }} />
                <YAxis yAxisId="energy" orientation="right" stroke="#d97706" label={{ value: 'radio energy (kJ/day)', angle: 90, position: 'insideRight', fill: '#d97706' }} />
                {nat !== undefined && sweptField.endsWith('Sec') && nat >= data[0]!.v && nat <= data[data.length - 1]!.v && (
                  <ReferenceLine yAxisId="dead" x={nat} stroke="#dc2626" strokeDasharray="6 4" strokeWidth={2} label={(p: { viewBox?: unknown }) => <LineLabel viewBox={p.viewBox} row={0} fill="#dc2626" testId="sweep-nat-label" text={`NAT timeout ${nat} s`} />} />
                )}
                {rec && <ReferenceLine yAxisId="dead" x={rec.values[sweptField]} stroke="#16a34a" strokeWidth={2} label={(p: { viewBox?: unknown }) => <LineLabel viewBox={p.viewBox} row={1} fill="#16a34a" testId="sweep-recommended-label" text="recommended" />} />}
                <Legend verticalAlign="bottom" wrapperStyle={{ paddingTop: 16 }} />
                <Line yAxisId="dead" name="dead but believed up (s)" dataKey="dead" stroke="#dc2626" strokeWidth={2} isAnimationActive={false} activeDot={false} dot={(p) => <Dot key={p.index} {...p} kind="dead" onOpen={open} />} />
                <Line yAxisId="energy" name="radio energy (kJ/day)" dataKey="energy" stroke="#d97706" strokeWidth={2} isAnimationActive={false} activeDot={false} dot={(p) => <Dot key={p.index} {...p} kind="energy" onOpen={open} />} />
              </ComposedChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </section>
  );
}

function Dot({ cx, cy, index, stroke, kind, onOpen }: { cx?: number; cy?: number; index?: number; stroke?: string; kind: string; onOpen: (i: number) => void }) {
  if (cx === undefined || cy === undefined || index === undefined) return null;
  return <circle className="sweep-point" data-testid={`sweep-point-${kind}-${index}`} cx={cx} cy={cy} r={DOT_R} fill={stroke} stroke="white" style={{ cursor: 'pointer' }} onClick={() => void onOpen(index)}><title>open this run</title></circle>;
}

/**
 * A marked value's label, centred over its line in its own row above the plot: row 0 just above
 * the points (a point at the top of the axis reaches DOT_R above it), row 1 above that.
 */
function LineLabel({ viewBox, row, fill, testId, text }: { viewBox: unknown; row: 0 | 1; fill: string; testId: string; text: string }) {
  const box = viewBox as { x?: number; y?: number } | undefined;
  if (box?.x === undefined || box.y === undefined) return null;
  return (
    <text x={box.x} y={box.y - LABEL_GAP_PX - row * LABEL_ROW_PX} textAnchor="middle" fontSize={12} fill={fill} data-testid={testId}>
      {text}
    </text>
  );
}
