// How a recorded session's file is named, and how a person is shown that name. The file name leads
// with the moment the run was recorded (so a folder listing sorts by time and two runs of one
// preset never clash); the lists show that moment once, in their own words, so the title drops it.

const STAMP = /^(\d{4})-(\d\d)-(\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z /;
const EXT = /\.jsonl$/;

/** `<ISO time, ':' and '.' as '-'> <scenario name as a file name>.jsonl` — no hyphen left at either end of the name. */
export function sessionFileName(scenarioName: string, at: Date): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  // "x (edited)" is "x-edited", not "x-edited-".
  const safe = scenarioName.replace(/[^\w.-]+/g, '-').slice(0, 60).replace(/^-+|-+$/g, '') || 'run';
  return `${stamp} ${safe}.jsonl`;
}

export interface SessionTitle {
  /** What the list calls it: the name without its recording stamp or extension (a renamed session keeps its new name). */
  title: string;
  /** When it was recorded, read from the stamp; null for a name without one (renamed, or brought from elsewhere). */
  recordedAt: Date | null;
}

/** The name the lists show: a recorded session's title, any other name (renamed, brought from elsewhere) as it is. */
export function shownSessionName(fileName: string): string {
  const t = sessionTitle(fileName);
  return t.recordedAt ? t.title : fileName;
}

export function sessionTitle(fileName: string): SessionTitle {
  const bare = fileName.replace(EXT, '');
  const m = STAMP.exec(bare);
  if (!m) return { title: bare, recordedAt: null };
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as [number, number, number, number, number, number, number, number];
  return { title: bare.slice(m[0].length) || bare, recordedAt: new Date(Date.UTC(y, mo - 1, d, h, mi, s, ms)) };
}
