// What `lifeline export` writes: one row per format. Add a format by adding a row; its key is its
// flag (`--csv OUT`) and its help is listed by `lifeline export --help`. Each row writes OUT (`-`:
// standard output, as is conventional) and says what it wrote. Each writer is imported when it
// writes: `lifeline --help` lists the rows without loading them.
import fs from 'node:fs';
import type { ParsedSession } from '../../shared/session/session-format.ts';
import type { BlockSink } from '../capture/pcapng-writer.ts';

/** The exported chart's size: wide enough for slides, drawn without a browser. */
export const SVG_SIZE = { width: 1200, height: 480 };

/** The output name that means standard output. */
export const STDOUT = '-';

type Exporter = (session: ParsedSession, out: string, createdBy: string) => Promise<string>;

/** Writes a text export to OUT or standard output; the name to report it by. */
function writeText(out: string, text: string): string {
  if (out !== STDOUT) return (fs.writeFileSync(out, text), out);
  process.stdout.write(text);
  return 'stdout';
}

/** pcapng blocks onto standard output (the process exits once they are flushed: exitCode, not exit()). */
const stdoutBlocks: BlockSink = { write: (b) => void process.stdout.write(b), close: () => {} };

/** `binary`: `-` is refused while standard output is a terminal (bytes, not text, would land there). */
export const EXPORT_FORMATS: Record<string, { help: string; binary?: true; write: Exporter }> = {
  csv: {
    help: 'one row per event (RFC 4180): t in seconds, hop, kind, then the event fields',
    write: async (s, out) => {
      const { sessionCsv } = await import('../../shared/session/session-csv.ts');
      return `${writeText(out, sessionCsv(s.events))}: CSV, ${s.events.length} events`;
    },
  },
  json: {
    help: 'the summary, as `run --json` prints it',
    write: async (s, out) => {
      const { Folds } = await import('../../shared/player/folds.ts');
      return `${writeText(out, JSON.stringify(new Folds().pushAll(s.events).summary.result(), null, 2) + '\n')}: the summary`;
    },
  },
  svg: {
    help: 'the chart "Heartbeat timing vs NAT timeout" with the scenario\'s name and the lanes, drawn without a browser (the inspector\'s SVG export of the whole run)',
    write: async (s, out) => {
      const [{ Folds }, { renderChartSvg }] = await Promise.all([import('../../shared/player/folds.ts'), import('../../shared/view/chart-svg.ts')]);
      const f = new Folds().pushAll(s.events);
      return `${writeText(out, renderChartSvg(f.series, { ...SVG_SIZE, radio: f.summary.radio }))}: the chart`;
    },
  },
  pcapng: {
    help: 'each hop as TCP packets for Wireshark/tshark, events as packet comments',
    binary: true,
    write: async (s, out, createdBy) => {
      const { exportPcapng } = await import('../capture/export-pcapng.ts');
      const r = exportPcapng(s.events, out === STDOUT ? stdoutBlocks : out, createdBy);
      return `${out === STDOUT ? 'stdout' : out}: pcapng, ${r.packets} packets, ${r.comments} event comments`;
    },
  },
};
