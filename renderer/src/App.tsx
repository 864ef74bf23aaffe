import { useEffect } from 'react';
import { useStore } from './store.ts';
import { api } from './bridge/index.ts';
import { Controls } from './components/Controls.tsx';
import { PolicyEditor } from './components/PolicyEditor.tsx';
import { LiveActions, useShortcuts } from './components/LiveActions.tsx';
import { HeartbeatChart } from './components/HeartbeatChart.tsx';
import { Lanes } from './components/Lanes.tsx';
import { MetricCards } from './components/MetricCards.tsx';
import { EventTable } from './components/EventTable.tsx';
import { EmptyState, HelpPanel } from './components/Help.tsx';

export function App() {
  const projector = useStore((s) => s.projector);
  const hasRun = useStore((s) => s.status !== 'idle' || s.data.events.length > 0);
  const notice = useStore((s) => s.notice);
  useShortcuts();
  useEffect(() => {
    void useStore.getState().init();
    return api.on('menu.command', (c) => {
      const s = useStore.getState();
      switch (c.kind) {
        case 'new-run':
          return s.newRun();
        case 'open-scenario':
          return s.loadScenario(c.scenario, c.path);
        case 'open-failed':
          return useStore.setState({ notice: c.error });
        case 'save-scenario-as':
          return void s.saveScenario();
        case 'save-summary':
          return void s.saveSummary();
        case 'projector':
          return s.setProjector(!s.projector);
        case 'help':
          return s.setHelp(true);
        case 'about':
          return useStore.setState({ notice: 'Lifeline 0.1.0 — simulator and inspector for iOS background keep-alive' });
      }
    });
  }, []);
  return (
    <div className={`app ${projector ? 'projector' : ''}`}>
      <aside className="sidebar">
        <h1>
          Lifeline <button type="button" className="help-button" onClick={() => useStore.getState().setHelp(true)} aria-label="help">?</button>
        </h1>
        <Controls />
        <PolicyEditor />
      </aside>
      <main className="main">
        <LiveActions />
        {notice && (
          <p className="notice" role="status" onClick={() => useStore.setState({ notice: null })}>
            {notice}
          </p>
        )}
        {hasRun ? (
          <>
            <MetricCards />
            <HeartbeatChart />
            <Lanes />
            <EventTable />
          </>
        ) : (
          <EmptyState />
        )}
      </main>
      <HelpPanel />
    </div>
  );
}
