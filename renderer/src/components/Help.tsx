import { useEffect, useRef } from 'react';
import { useStore } from '../store.ts';
import { MODERN_PATH_HELP, SHORTCUTS, TECHNIQUE_HELP } from '../../../shared/view/help.ts';

/**
 * The help dialog: it takes focus when it opens, keeps Tab inside, closes with Escape, and
 * scrolls with the arrow and page keys; the page behind it hears no shortcut while it is open.
 */
export function HelpPanel() {
  const open = useStore((s) => s.help);
  const setHelp = useStore((s) => s.setHelp);
  const dialog = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    const before = document.activeElement as HTMLElement | null;
    dialog.current?.focus();
    return () => before?.focus();
  }, [open]);
  if (!open) return null;
  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      setHelp(false);
      return;
    }
    if (e.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>('button, [href], [tabindex]:not([tabindex="-1"])')];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    const active = document.activeElement;
    if (e.shiftKey && (active === first || active === dialog.current)) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };
  return (
    <div className="help-backdrop" onClick={() => setHelp(false)}>
      <article
        ref={dialog}
        className="help"
        role="dialog"
        aria-modal="true"
        aria-labelledby="help-title"
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onClick={(e) => e.stopPropagation()}
        data-testid="help-dialog"
      >
        <button type="button" className="close" onClick={() => setHelp(false)} aria-label="close help">
          ×
        </button>
        <h2 id="help-title">How the technique works</h2>
        {TECHNIQUE_HELP.map((h) => (
          <section key={h.title}>
            <h3>{h.title}</h3>
            <p>{h.body}</p>
          </section>
        ))}
        <h2>What replaced it</h2>
        {MODERN_PATH_HELP.map((h) => (
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
