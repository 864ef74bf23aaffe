// Each kind's marks, as their positions in a series fold's `markers` (time order). A million-event
// session has hundreds of thousands of marks: the chart thins a crowded kind and the replay
// controls jump between one kind's marks by reading these lists, never every mark (reading every
// mark cost the page 60–130 ms tasks while a big session opened).

/** Every kind of mark the chart draws, in one list (the type is derived from it). */
export const MARKER_KINDS = ['server-heartbeat', 'client-heartbeat', 'keepalive', 'push', 'nat-expiry', 'disconnect', 'voip-push', 'callkit-report', 'push-blocked', 'server-gave-up'] as const;
export type MarkerKind = (typeof MARKER_KINDS)[number];

/**
 * One append-only array per kind, as the class's own fields: the player's checkpoints cut them like
 * the fold's other arrays (shared/player/checkpoint.ts), where a map or a plain object of arrays
 * would be copied whole at every checkpoint.
 */
export class MarksByKind {
  constructor() {
    for (const k of MARKER_KINDS) this.lists()[k] = [];
  }

  private lists(): Record<MarkerKind, number[]> {
    return this as unknown as Record<MarkerKind, number[]>;
  }

  /** The positions of `kind`'s marks in the fold's `markers`, ascending. */
  of(kind: MarkerKind): readonly number[] {
    return this.lists()[kind];
  }

  add(kind: MarkerKind, position: number): void {
    this.lists()[kind].push(position);
  }
}
