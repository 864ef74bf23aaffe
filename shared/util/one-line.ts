// Untrusted text in a message (a file name, a key, a value echoed back) must keep the message to one
// readable line: control characters would break a terminal or a log line, and a 50 MB value would
// bury the message. Pure: the CLI, the web server and the renderer all use it.

/** Longest echoed value, in characters, before it is cut with an ellipsis. */
export const MAX_ECHO_CHARS = 80;
/** Longest whole message. */
export const MAX_MESSAGE_CHARS = 1000;

// C0 controls, DEL, C1 controls, and the Unicode line and paragraph separators.
const CONTROL_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029';
const CONTROL = new RegExp(`[${CONTROL_CHARS}]`, 'g');
/** Text free of those characters: a name shown as it is, in a terminal, a log line or an XML document. */
export const NO_CONTROL = new RegExp(`^[^${CONTROL_CHARS}]*$`);

const escapeChar = (c: string): string => {
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
};

/** Escapes control characters and cuts to `max` characters (the cut is marked with "…"). */
export function oneLine(text: string, max = MAX_MESSAGE_CHARS): string {
  const cut = text.length > max ? text.slice(0, max) : text;
  const safe = cut.replace(CONTROL, escapeChar);
  return text.length > max ? `${safe}… (${text.length} characters)` : safe;
}

/** An echoed value: escaped, cut short. */
export function echo(value: string, max = MAX_ECHO_CHARS): string {
  return oneLine(value, max);
}
