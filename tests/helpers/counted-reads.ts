/**
 * An array that counts how many of its elements are read: what a walk over it costs, measured
 * without a clock. The elements are the array's own (identity kept, as views' caches compare by it).
 */
export function countedReads<T>(items: T[]): { list: T[]; reads: () => number; reset: () => void } {
  let n = 0;
  const list = new Proxy(items, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key)) n++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { list, reads: () => n, reset: () => (n = 0) };
}
