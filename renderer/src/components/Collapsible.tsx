// A part of the page that projector mode folds away (the form, the event table): the room sees
// the chart, and the presenter still reaches the rest with one button.
import { useState, type ReactNode } from 'react';

export function Collapsible({ collapsed, label, className, children }: { collapsed: boolean; label: string; className: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  if (!collapsed) return children;
  return (
    <div className={`collapsible ${className} ${open ? 'open' : ''}`} data-testid={`collapsible-${className}`}>
      <button type="button" className="collapsible-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? `Hide ${label}` : `Show ${label}`}
      </button>
      {open && <div className="collapsible-body">{children}</div>}
    </div>
  );
}
