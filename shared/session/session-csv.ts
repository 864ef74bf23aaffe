// A session as CSV (RFC 4180): a header row, one row per event, CRLF line ends, fields quoted when
// they hold a comma, a quote or a line break. Columns: t in seconds, hop, kind, then every event
// field (empty where the kind has none), so one sheet holds all kinds. Text from a session is
// untrusted (a scenario name, a reason, a wire line): a cell a spreadsheet would run as a formula
// is neutralised as OWASP advises for CSV injection.
import { hopOf, type LifelineEvent } from '../log/events.ts';
import { EVENT_FIELDS } from '../log/event-check.ts';

/** What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A text cell that would start a formula gets a leading apostrophe, which spreadsheets show as
 * text, and is quoted. Numbers are written as numbers: -3 is a value, not a formula.
 */
export function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  const quoted = (x: string) => `"${x.replace(/"/g, '""')}"`;
  if (typeof v === 'string' && FORMULA_START.test(s)) return quoted(`'${s}`);
  return /[",\r\n]/.test(s) ? quoted(s) : s;
}

export function sessionCsv(events: readonly LifelineEvent[]): string {
  const rows = [['t', 'hop', 'kind', ...EVENT_FIELDS].join(',')];
  for (const e of events) {
    const o = e as unknown as Record<string, unknown>;
    rows.push([csvCell(e.t / 1000), hopOf(e), e.kind, ...EVENT_FIELDS.map((f) => csvCell(o[f]))].join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
