// A session as CSV (RFC 4180): a header row, one row per event, CRLF line ends, fields quoted when
// they hold a comma, a quote or a line break. Columns: t in seconds, hop, kind, then every event
// field (empty where the kind has none), so one sheet holds all kinds.
import { hopOf, type LifelineEvent } from '../log/events.ts';
import { EVENT_FIELDS } from '../log/event-check.ts';

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function sessionCsv(events: readonly LifelineEvent[]): string {
  const rows = [['t', 'hop', 'kind', ...EVENT_FIELDS].join(',')];
  for (const e of events) {
    const o = e as unknown as Record<string, unknown>;
    rows.push([cell(e.t / 1000), hopOf(e), e.kind, ...EVENT_FIELDS.map((f) => cell(o[f]))].join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
