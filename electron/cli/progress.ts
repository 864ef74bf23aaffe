// A progress bar for long runs, drawn on stderr only when it is a terminal.
import type { Simulation } from '../engine/simulation.ts';

export class ProgressBar {
  private last = '';
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(done: number, total: number, detail = ''): void {
    if (!this.tty) return;
    const width = 30;
    const f = total > 0 ? Math.min(1, done / total) : 0;
    const filled = Math.round(f * width);
    const line = `${this.label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${detail}`;
    if (line === this.last) return;
    this.last = line;
    this.stream.write(`\r${line}\x1b[K`);
  }

  done(): void {
    if (this.tty && this.last) this.stream.write('\r\x1b[K');
  }
}

/** The counts a realtime run's progress bar shows beside the time, from its live summary fold. */
export function runningCounts(sim: Simulation): string {
  const s = sim.summary.result();
  const t = Math.round(sim.clock.now() / 1000);
  return `${t}/${sim.scenario.durationSec} s · heartbeats ${s.heartbeats.client + s.heartbeats.server + s.heartbeats.keepaliveHandler} · disconnects ${s.disconnects} · dead ${Math.round(s.deadSec)} s`;
}
