// Checkpoints of the folds, so a seek rebuilds the folds in O(checkpoint interval) instead of
// refolding a million events. The folds only append: at any event index the arrays of a fold are
// prefixes of the fully folded arrays, and everything else is small. A checkpoint records the
// small state and the array lengths; restoring copies the full arrays' prefixes (no folding).
// It works on the folds' shape, not their names, so new fields of SummaryFold/SeriesFold need no
// change here: arrays (append-only; only their last element may still be mutated, as an open lane
// segment is closed later), Maps, plain objects, primitives, and nested folds (class instances such
// as the summary's RadioFold), which are checkpointed the same way, recursively.

type Snap =
  | { kind: 'array'; length: number; last: unknown }
  | { kind: 'map'; entries: [unknown, unknown][] }
  | { kind: 'fold'; cp: FoldCheckpoint }
  | { kind: 'value'; value: unknown };
export type FoldCheckpoint = { proto: object; fields: Record<string, Snap> };

const copyLast = (v: unknown) => (v && typeof v === 'object' ? { ...(v as object) } : v);

export function checkpoint(fold: object): FoldCheckpoint {
  const fields: Record<string, Snap> = {};
  for (const [k, v] of Object.entries(fold)) {
    if (Array.isArray(v)) fields[k] = { kind: 'array', length: v.length, last: copyLast(v[v.length - 1]) };
    else if (v instanceof Map) fields[k] = { kind: 'map', entries: [...v] };
    else if (isFold(v)) fields[k] = { kind: 'fold', cp: checkpoint(v) };
    else fields[k] = { kind: 'value', value: v && typeof v === 'object' ? structuredClone(v) : v };
  }
  return { proto: Object.getPrototypeOf(fold) as object, fields };
}

/**
 * A fold as it was at the checkpoint, its arrays cut from `full` (the same fold, further on). With
 * `into` (an earlier restore of the same fold, folded on from checkpoint `dirty`), its arrays are
 * cut or extended in place: a seek then allocates nothing, so a million-event session does not feed
 * the garbage collector.
 */
export function restore<T extends object>(cp: FoldCheckpoint, full: T, into?: T, dirty?: FoldCheckpoint): T {
  const out = (into ?? Object.create(cp.proto)) as Record<string, unknown>;
  const src = full as Record<string, unknown>;
  for (const [k, s] of Object.entries(cp.fields)) {
    if (s.kind === 'array') {
      const from = src[k] as unknown[];
      // A first restore copies the prefix; later ones reuse the arrays.
      const a = into ? (out[k] as unknown[]) : prefixOf(from, s.length);
      if (a.length > s.length) a.length = s.length;
      // Our last element may still be open (a lane segment not yet closed); the full fold's is final.
      // Elements before a fold's last one are never mutated again, so sharing them is safe.
      else if (a.length > 0 && a.length < s.length) a[a.length - 1] = from[a.length - 1];
      // `into` was folded on from checkpoint `dirty`: its elements from that point on are equal copies
      // of the full fold's. Take the full fold's own again, so views that remember elements by
      // identity (the lanes' snapshots) recognise the prefix.
      const d = dirty?.fields[k];
      if (d?.kind === 'array') for (let i = Math.max(0, d.length - 1); i < Math.min(a.length, s.length) - 1; i++) a[i] = from[i];
      growFrom(a, from, s.length);
      if (s.length > 0) a[s.length - 1] = copyLast(s.last);
      out[k] = a;
    } else if (s.kind === 'map') out[k] = new Map(s.entries);
    else if (s.kind === 'fold') {
      const d = dirty?.fields[k];
      out[k] = restore(s.cp, src[k] as object, into ? (out[k] as object) : undefined, d?.kind === 'fold' ? d.cp : undefined);
    }
    else out[k] = s.value && typeof s.value === 'object' ? structuredClone(s.value) : s.value;
  }
  return out as T;
}

/**
 * Appends growFrom leaves room for: a refold from a checkpoint pushes at most CHECKPOINT_EVERY
 * events (the default interval; with another, or an array that takes more than one element an
 * event, a refold may still regrow an array: slower, never wrong).
 */
const GROW_ROOM = 8192;

/**
 * Extends `a`, a prefix of `from`, to its first `length` elements: sized once, with room for the
 * refold that follows, then filled. Pushed one by one, a far seek in a million-event session
 * regrew its arrays on the way (events alone 56–60 ms to go from 60,000 to 940,000 in Node; sized
 * once, 23–32 ms). Sized to `length` exactly, the refold's first push copied the whole store again
 * (10–30 ms for a million elements in Node, once per array, in every far seek forward): V8 keeps
 * the room when the length is set back, since it only trims a store more than half unused.
 */
export function growFrom<T>(a: T[], from: readonly T[], length: number): void {
  const have = a.length;
  if (length <= have) return;
  a.length = length + GROW_ROOM;
  for (let i = have; i < length; i++) a[i] = from[i]!;
  a.length = length;
}

/** The first `length` elements of `from` in a new array, with growFrom's room. */
export function prefixOf<T>(from: readonly T[], length: number): T[] {
  const a: T[] = [];
  growFrom(a, from, length);
  return a;
}

/**
 * A class instance, or a plain object holding one (the summary's per-side heartbeat folds): a
 * clone would lose their prototypes and so their methods. Append-only arrays held together (the
 * series' intervals per side) are a class for this reason: cloned at every checkpoint, they made a
 * fold quadratic (a 300,000-packet capture spent 5 s of its 9 s in those clones). A plain object
 * of arrays is a value, cloned: its arrays need not be append-only (a radio profile's phases, a
 * shared constant that a restore in place would overwrite).
 */
function isFold(v: unknown): v is object {
  if (!v || typeof v !== 'object' || Array.isArray(v) || v instanceof Map) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto !== null && proto !== Object.prototype) return true;
  return Object.values(v).some(isFold);
}
