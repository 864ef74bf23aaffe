// A refused scenario told at the field it concerns: validateScenario's issues ("path: message") split
// into the field's path and a sentence a person reads. The schema library's own wording ("Invalid
// input: expected number, received string") is put in words; the model's messages are kept as the
// CLI prints them.

export interface FieldIssue {
  /** The scenario path, as the form's inputs are named (`app.keepAliveTimeoutSec`, `timeline[1].to`). */
  path: string;
  message: string;
}

export function fieldIssue(issue: string): FieldIssue {
  const at = issue.indexOf(': ');
  return at < 0 ? { path: '', message: issue } : { path: issue.slice(0, at), message: readable(issue.slice(at + 2)) };
}

/** The issue is about the input named `name`, or an item or part inside it (`app.localPush.ssids[1]`). */
export const concerns = (issue: FieldIssue, name: string): boolean => issue.path === name || issue.path.startsWith(`${name}[`) || issue.path.startsWith(`${name}.`);

/** The first issue about the input named `name` or an item inside it. */
export function issueAt(issues: readonly FieldIssue[], name: string): FieldIssue | undefined {
  return issues.find((i) => concerns(i, name));
}

const ARTICLE: Record<string, string> = { number: 'a number', string: 'text', boolean: 'yes or no', array: 'a list', object: 'a group of fields' };

/** The schema library's terse messages as words; any other message as it is. */
export function readable(message: string): string {
  const type = /^Invalid input: expected (\w+), received (\w+)$/.exec(message);
  if (type) return `needs ${ARTICLE[type[1]!] ?? type[1]}${type[2] === 'undefined' ? ', and is empty' : ''}`;
  const bound = /^Too (small|big): expected \w+ to (?:be|have) ([<>]=?)(.+)$/.exec(message);
  if (bound) return `must be ${bound[2]!.startsWith('>') ? 'at least' : 'at most'} ${bound[3]}`;
  const option = /^Invalid option: expected one of (.+)$/.exec(message);
  if (option) return `must be one of ${option[1]!.replaceAll('|', ', ')}`;
  return message;
}

/** One sentence naming the field by its label: `“keep-alive timeout s” must be at least 600 s …`. */
export function issueSentence(label: string, message: string): string {
  return `“${label}” ${message}`;
}
