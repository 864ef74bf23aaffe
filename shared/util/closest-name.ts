// "Did you mean …": the known name closest to a mistyped one, as git and npm suggest a command.
// Pure: the CLI uses it for preset names; anything else typed against a fixed list can.

/** Edits (insert, delete, substitute, swap two neighbours) from a to b: the optimal string alignment distance. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Longest input compared: beyond it a typo is not the question (a path, a pasted line). */
const MAX_TYPED = 200;

/** More than this many near names is no suggestion, just a list (the user can ask for the list). */
const MAX_SUGGESTED = 3;

/**
 * The names `typed` most likely meant: those that start with it (a name cut short), else the
 * nearest within about a third of its length — those as near, when several are. None when nothing
 * is near, or more than a few are.
 */
export function closestNames(typed: string, names: readonly string[]): string[] {
  const t = typed.trim().toLowerCase();
  if (!t || t.length > MAX_TYPED) return [];
  const starting = names.filter((n) => n.toLowerCase().startsWith(t));
  if (starting.length > 0) return starting.length <= MAX_SUGGESTED ? starting : [];
  const most = Math.max(1, Math.floor(t.length / 3));
  const near = names.map((n) => ({ n, d: editDistance(t, n.toLowerCase()) })).filter((x) => x.d <= most);
  const best = Math.min(...near.map((x) => x.d));
  const out = near.filter((x) => x.d === best).map((x) => x.n);
  return out.length <= MAX_SUGGESTED ? out : [];
}

/** "a", "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
