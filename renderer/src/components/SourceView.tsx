// One source on screen: its problems, replay controls (when it can seek), metric cards, the chart and
// lanes under one time cursor, the event table (folded away in projector mode), and its exports.
// Every part reads the view it is given.
import { selectIsCapture, useView, ViewContext, type ViewStore } from '../player/view-store.ts';
import { useStore as useZustand } from 'zustand';
import { exportView } from '../player/export-view.ts';
import { EXPORT_FORMATS } from '../../../shared/contract/contract.ts';
import { useStore } from '../store.ts';
import { ReplayControls } from './ReplayControls.tsx';
import { MetricCards } from './MetricCards.tsx';
import { HeartbeatChart } from './HeartbeatChart.tsx';
import { Lanes } from './Lanes.tsx';
import { EventTable } from './EventTable.tsx';
import { TimeCursorFrame } from './TimeCursor.tsx';
import { RangePanel } from './RangePanel.tsx';
import { Collapsible } from './Collapsible.tsx';
import type { ReactNode } from 'react';
import { CapturePanel } from './CapturePanel.tsx';
import { CaptureNatBounds } from './CaptureNatBounds.tsx';
import { CapturePacketPane } from './CapturePacketPane.tsx';
import { Notice } from './Notice.tsx';

export function SourceView({ view, cards, table = true }: { view: ViewStore; cards?: ReactNode; table?: boolean }) {
  const projector = useStore((s) => s.projector);
  return (
    <ViewContext.Provider value={view}>
      <SourceProblems />
      <ReplayControls />
      <CapturePanel />
      <CaptureNatBounds />
      {cards ?? <MetricCards />}
      <TimeCursorFrame>
        <HeartbeatChart />
        <Lanes />
      </TimeCursorFrame>
      <RangePanel />
      <CapturePacketPane />
      {table && (
        <Collapsible collapsed={projector} label="events" className="events-drawer">
          <EventTable />
        </Collapsible>
      )}
      <ExportBar view={view} />
    </ViewContext.Provider>
  );
}

const NO_PROBLEMS: readonly string[] = [];

/** What went wrong with this source (its player's problems: lines skipped, a damaged capture, a control refused); a click dismisses them. */
function SourceProblems() {
  const problems = useView((s) => s.playback?.problems ?? NO_PROBLEMS);
  const player = useView((s) => s.player);
  // A capture's panel lists every reader warning with its offset, the damage among them (CapturePanel).
  const capture = useView((s) => s.playback?.kind === 'capture');
  if (problems.length === 0 || capture) return null;
  return <Notice className="source-problems" testid="source-problems" text={problems.join(' ')} onDismiss={() => player.dismissProblems()} />;
}

function ExportBar({ view }: { view: ViewStore }) {
  // A capture is a capture already: its view exports the chart, events and summary, not pcapng.
  const isCapture = useZustand(view, selectIsCapture);
  return (
    <div className="export-bar" aria-label="export">
      <span className="hint">Export:</span>
      {EXPORT_FORMATS.filter((f) => f !== 'pcapng' || !isCapture).map((f) => (
        <button type="button" key={f} data-testid={`export-${f}`} onClick={() => void exportView(view, f).then((n) => n && useStore.setState({ notice: n }))}>
          {f === 'png' ? 'PNG (2×)' : f.toUpperCase()}
        </button>
      ))}
    </div>
  );
}
