// Elements kept from one render to the next while what they draw is the same. React compares every
// prop of an element it is handed again (a new element, even one equal to the last), so a lane of a
// 15-day session, some 2,000 bars and their titles, cost a prop-by-prop compare of each bar at every
// frame of a scrub. Handed the very element it drew last time, React skips the bar altogether.
import { useState, type ReactElement } from 'react';

export class KeptElements {
  private last = new Map<string, { sig: string; el: ReactElement }>();
  private now = new Map<string, { sig: string; el: ReactElement }>();
  private scale = '';
  /** This render's scale is the last render's: elements may be keyed by their place on it. */
  sameScale = false;

  /**
   * A render starts: what the last one drew may be kept, the rest is let go. `scale`: what the
   * elements depend on besides their signature (a lane's time per column); a new one keeps nothing.
   */
  begin(scale: string): this {
    this.sameScale = scale === this.scale;
    this.last = this.sameScale ? this.now : new Map();
    this.now = new Map();
    this.scale = scale;
    return this;
  }

  /** The element for `key`: the last render's when it drew the same `sig`, else a new one. */
  keep(key: string, sig: string, make: () => ReactElement): ReactElement {
    const was = this.last.get(key);
    const el = was && was.sig === sig ? was.el : make();
    this.now.set(key, { sig, el });
    return el;
  }
}

/** This component's kept elements, for this render (see KeptElements.begin for `scale`). */
export const useKeptElements = (scale = ''): KeptElements => useState(() => new KeptElements())[0].begin(scale);
