// A progress bar for long runs, drawn on stderr only when it is a terminal.
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
