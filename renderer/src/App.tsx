import { useEffect, useState } from 'react';
import { useStore } from './store.ts';
import { api } from './bridge/index.ts';
import { Controls } from './components/Controls.tsx';
import { PolicyEditor } from './components/PolicyEditor.tsx';
import { LiveActions, useShortcuts } from './components/LiveActions.tsx';
import { EmptyState, HelpPanel } from './components/Help.tsx';
import { SourceView } from './components/SourceView.tsx';
import { CompareView } from './components/CompareView.tsx';
import { SessionsPanel } from './components/SessionsPanel.tsx';
import { LoadProgress } from './components/LoadProgress.tsx';
import { exportView } from './player/export-view.ts';
import { SweepView } from './components/SweepView.tsx';
import { Collapsible } from './components/Collapsible.tsx';
import { toggleLesson } from './lesson.ts';
import { Notice, TOASTS_ID } from './components/Notice.tsx';

export function App() {
  const projector = useStore((s) => s.projector);
  const notice = useStore((s) => s.notice);
  const views = useStore((s) => s.views);
  const active = useStore((s) => s.active);
  const compare = useStore((s) => s.compare);
  const tab = useStore((s) => s.view);
  const [dragging, setDragging] = useState(false);
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
        case 'open-session':
          return void s.openHostSession(c.id);
        case 'open-capture':
          return void s.openHostCapture(c.id, c.name);
        case 'export': {
          const v = s.active ? s.views.get(s.active) : undefined;
          if (!v) return useStore.setState({ notice: 'nothing to export yet: run a scenario or open a session' });
          return void exportView(v, c.format).then((n) => n && useStore.setState({ notice: n }));
        }
        case 'open-failed':
          return useStore.setState({ notice: c.error });
        case 'save-scenario-as':
          return void s.saveScenario();
        case 'save-summary':
          return void s.saveSummary();
        case 'projector':
          return s.setProjector(!s.projector);
        case 'lesson':
          return toggleLesson();
        case 'help':
          return s.setHelp(true);
        case 'about':
          return useStore.setState({ notice: `Lifeline ${__LIFELINE_VERSION__} — simulator and inspector for iOS background keep-alive` });
      }
    });
  }, []);
  const view = active ? views.get(active) : undefined;
  const pair = compare ? ([views.get(compare[0]), views.get(compare[1])] as const) : null;
  return (
    <div
      className={`app${projector ? ' projector' : ''}${tab === 'run' && pair ? ' comparing' : ''}`}
      // A session or scenario dropped anywhere on the window opens (recognised by content).
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        const f = e.dataTransfer.files[0];
        if (f) void useStore.getState().openFile(f);
      }}
    >
      <aside className="sidebar">
        <h1>
          Lifeline <button type="button" className="help-button" onClick={() => useStore.getState().setHelp(true)} aria-label="help">?</button>
        </h1>
        <Controls />
        <Collapsible collapsed={projector} label="scenario form and sessions" className="form-drawer">
          <PolicyEditor />
          <SessionsPanel />
        </Collapsible>
      </aside>
      <main className="main">
        <nav className="view-tabs" aria-label="views">
          {(['run', 'sweep'] as const).map((v) => (
            <button type="button" key={v} className={tab === v ? 'tab active' : 'tab'} aria-pressed={tab === v} onClick={() => useStore.getState().setView(v)} data-testid={`view-${v}`}>
              {v === 'run' ? 'Run' : 'Sweep'}
            </button>
          ))}
        </nav>
        {tab === 'run' && <LiveActions />}
        <LoadProgress />
        {notice && <Notice text={notice} onDismiss={() => useStore.setState({ notice: null })} />}
        {tab === 'sweep' ? <SweepView /> : pair && pair[0] && pair[1] ? <CompareView a={pair[0]} b={pair[1]} /> : view ? <SourceView key={active} view={view} /> : <EmptyState />}
      </main>
      <div id={TOASTS_ID} className="toasts" />
      {dragging && <div className="drop-hint">Drop a session (.jsonl), a scenario (.json) or a capture (.pcap, .pcapng)</div>}
      <HelpPanel />
    </div>
  );
}
