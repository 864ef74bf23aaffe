// What a view's walk over a long series kept for one window of it (the lanes' columns, the idle
// envelope), for the last few windows of each series: a plot whose width alternates by a
// scrollbar's width draws two, a zoom a few more.

export class WindowMemos<M> {
  /** Keyed by an object of the series that lives as long as it: dropped with the series. */
  private readonly lists = new WeakMap<object, M[]>();

  constructor(private readonly kept: number) {}

  /** The memo of the window `same` picks (else a new one, `make()`), now the last drawn. */
  of(series: object, same: (m: M) => boolean, make: () => M): M {
    let list = this.lists.get(series);
    if (!list) this.lists.set(series, (list = []));
    const found = list.findIndex(same);
    const m = found >= 0 ? list.splice(found, 1)[0]! : make();
    list.push(m);
    if (list.length > this.kept) list.shift();
    return m;
  }

  /** The memo of the window last drawn (the one a loading session keeps up), if any. */
  last(series: object): M | undefined {
    return this.lists.get(series)?.at(-1);
  }
}
