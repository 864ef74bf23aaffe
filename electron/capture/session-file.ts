// Session files on disk: written as events happen so a killed run leaves a readable file.
import fs from 'node:fs';
import type { LifelineEvent } from '../../shared/log/events.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';

export class SessionWriter {
  private fd: number;
  private buf: string[] = [];
  private flushQueued = false;

  constructor(
    readonly path: string,
    scenario: Scenario,
    createdBy: string,
    /** Your own server's URL, already without its password. */
    server?: string,
  ) {
    this.fd = fs.openSync(path, 'w');
    fs.writeSync(this.fd, JSON.stringify(sessionHeader(scenario, createdBy, server)) + '\n');
  }

  /**
   * Appends an event. Lines are flushed with one write per turn of the event loop, i.e. after
   * every step of the clock: a kill loses at most the events of the current instant.
   */
  write(e: LifelineEvent): void {
    this.buf.push(JSON.stringify(e));
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(this.flush);
    }
  }

  flush = (): void => {
    this.flushQueued = false;
    if (this.buf.length === 0 || this.fd < 0) return;
    fs.writeSync(this.fd, this.buf.join('\n') + '\n');
    this.buf = [];
  };

  close(): void {
    this.flush();
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }
}
