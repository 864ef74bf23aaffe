// The session file (docs/design.md "Session format"): JSON Lines, a header line, then one event
// per line. Parsing is pure so the CLI, the main process and the renderer read sessions the same way.
import { EVENT_KINDS, type LifelineEvent } from './events.ts';
import { validateScenario, type Scenario, ScenarioError, stripBom } from './scenario.ts';

export const SESSION_FORMAT = 'lifeline-session';
export const SESSION_VERSION = 1;

export interface SessionHeader {
  format: typeof SESSION_FORMAT;
  version: number;
  scenario: Scenario;
  createdBy: string;
}

export interface ParsedSession {
  header: SessionHeader;
  events: LifelineEvent[];
  /** The file ended mid-line (the app was killed while writing); everything before it is kept. */
  truncated: boolean;
}

export function sessionHeader(scenario: Scenario, createdBy: string): SessionHeader {
  return { format: SESSION_FORMAT, version: SESSION_VERSION, scenario, createdBy };
}

const KINDS = new Set<string>(EVENT_KINDS);

export function parseSessionText(text: string, source: string): ParsedSession {
  const lines = stripBom(text).split('\n');
  const truncated = lines.length > 0 && lines[lines.length - 1] !== '';
  // A last line without '\n' is a write cut short: open up to the last whole line.
  lines.pop();
  if (lines.length === 0) throw new ScenarioError(source, ['line 1: empty file, expected a lifeline-session header']);
  const header = parseHeader(lines[0]!, source);
  const events: LifelineEvent[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '') continue;
    let e: unknown;
    try {
      e = JSON.parse(line);
    } catch {
      throw new ScenarioError(source, [`line ${i + 1}: not valid JSON`]);
    }
    const why = eventProblem(e);
    if (why) throw new ScenarioError(source, [`line ${i + 1}: ${why}`]);
    events.push(e as LifelineEvent);
  }
  return { header, events, truncated };
}

function parseHeader(line: string, source: string): SessionHeader {
  let h: Record<string, unknown>;
  try {
    h = JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new ScenarioError(source, ['line 1: header is not valid JSON']);
  }
  if (!h || typeof h !== 'object' || h.format !== SESSION_FORMAT) {
    throw new ScenarioError(source, [`line 1: format: expected "${SESSION_FORMAT}"`]);
  }
  if (typeof h.version !== 'number') throw new ScenarioError(source, [`line 1: version: expected a number, got ${h.version === null ? 'null' : typeof h.version}`]);
  if (h.version !== SESSION_VERSION) throw new ScenarioError(source, [`line 1: version: ${h.version} is not supported (expected ${SESSION_VERSION})`]);
  const scenario = validateScenario(h.scenario, `${source} line 1 scenario`);
  return { format: SESSION_FORMAT, version: SESSION_VERSION, scenario, createdBy: String(h.createdBy ?? '') };
}

function eventProblem(e: unknown): string | null {
  if (!e || typeof e !== 'object' || Array.isArray(e)) return 'expected an event object';
  const o = e as Record<string, unknown>;
  if (typeof o.t !== 'number' || !Number.isFinite(o.t) || o.t < 0) return 't: expected virtual time in ms (a number >= 0)';
  if (typeof o.kind !== 'string' || !KINDS.has(o.kind)) return `kind: unknown event kind ${JSON.stringify(o.kind)}`;
  return null;
}
