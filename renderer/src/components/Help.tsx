import { useStore } from '../store.ts';
import { SHORTCUTS, TECHNIQUE_HELP } from '../../../shared/help.ts';

export function HelpPanel() {
  const open = useStore((s) => s.help);
  const setHelp = useStore((s) => s.setHelp);
  if (!open) return null;
  return (
    <div className="help-backdrop" onClick={() => setHelp(false)}>
      <article className="help" role="dialog" aria-label="How the technique works" onClick={(e) => e.stopPropagation()}>
        <button type="button" className="close" onClick={() => setHelp(false)} aria-label="close help">
          ×
        </button>
        <h2>How the technique works</h2>
        {TECHNIQUE_HELP.map((h) => (
          <section key={h.title}>
            <h3>{h.title}</h3>
            <p>{h.body}</p>
          </section>
        ))}
        <h3>Keyboard</h3>
        <ul className="shortcuts">
          {SHORTCUTS.map((s) => (
            <li key={s.key}>
              <kbd>{s.key}</kbd> {s.what}
            </li>
          ))}
        </ul>
      </article>
    </div>
  );
}

export function EmptyState() {
  const setHelp = useStore((s) => s.setHelp);
  return (
    <div className="empty" data-testid="empty-state">
      <h2>Watch a backgrounded iOS app keep — or lose — its connection</h2>
      <ol>
        <li>Pick a preset on the left: each one teaches one lesson of the VoIP keep-alive technique or one of its classic mistakes.</li>
        <li>
          Press <kbd>Run</kbd> (or <kbd>Space</kbd>). <em>fast</em> mode plays hours in a blink over real sockets; <em>realtime</em> lets you act live.
        </li>
        <li>Read the chart: the line is how long the NAT has not seen traffic; above the red dashed line the NAT has forgotten the connection.</li>
      </ol>
      <button type="button" onClick={() => setHelp(true)}>
        How the technique works (?)
      </button>
    </div>
  );
}
