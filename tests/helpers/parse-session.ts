import { LineSplitter, SessionParser, type ParsedSession } from '../../shared/session/session-format.ts';

/** A whole session file's text parsed in one go, the way the product's readers parse it chunk by chunk. */
export function parseSessionText(text: string, source: string): ParsedSession {
  const p = new SessionParser(source);
  const lines = new LineSplitter(source, (l) => p.line(l));
  lines.push(text);
  return p.end(lines.end());
}
