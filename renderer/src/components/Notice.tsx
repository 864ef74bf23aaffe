// A notice ("saved …-chart.svg", "opened …", what went wrong); a click dismisses it. On the page it
// sits in the flow above the view. In projector mode it floats in the screen's top right corner and
// leaves by itself: in the flow it pushed the chart's bottom off a 720 px projector (issue 17 §5),
// and a presenter does not want a note parked over the chart. Either way it is a status a screen
// reader reads out.
import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useStore } from '../store.ts';

/** Where projector mode's notices float, one above another (App renders it; styles.css places it). */
export const TOASTS_ID = 'toasts';

/** Long enough to read at a glance, longer for a longer sentence. */
export const toastMs = (text: string): number => 5000 + 60 * text.length;

export function Notice({ text, onDismiss, className, testid }: { text: string; onDismiss: () => void; className?: string; testid?: string }) {
  const projector = useStore((s) => s.projector);
  const dismiss = useRef(onDismiss);
  dismiss.current = onDismiss;
  useEffect(() => {
    if (!projector) return;
    const timer = setTimeout(() => dismiss.current(), toastMs(text));
    return () => clearTimeout(timer);
  }, [projector, text]);
  const p = (
    <p className={['notice', className].filter(Boolean).join(' ')} role="status" data-testid={testid} onClick={onDismiss}>
      {text}
    </p>
  );
  const host = projector ? document.getElementById(TOASTS_ID) : null;
  return host ? createPortal(p, host) : p;
}
