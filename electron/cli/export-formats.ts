// What `lifeline export` writes: one row per format. Add a format by adding a row; its key is its
// flag (`--csv OUT`) and its help is listed by `lifeline export --help`. Each row writes OUT and
// says what it wrote.
import fs from 'node:fs';
import { renderChartSvg } from '../../shared/chart-svg.ts';
import { Folds } from '../../shared/player/folds.ts';
import { sessionCsv } from '../../shared/session-csv.ts';
import type { ParsedSession } from '../../shared/session-format.ts';
import { exportPcapng } from '../capture/export-pcapng.ts';

/** The exported chart's size: wide enough for slides, drawn without a browser. */
export const SVG_SIZE = { width: 1200, height: 480 };

type Exporter = (session: ParsedSession, out: string, createdBy: string) => string;

export const EXPORT_FORMATS: Record<string, { help: string; write: Exporter }> = {
  csv: {
    help: 'one row per event (RFC 4180): t in seconds, hop, kind, then the event fields',
    write: (s, out) => (fs.writeFileSync(out, sessionCsv(s.events)), `${out}: CSV, ${s.events.length} events`),
  },
  json: {
    help: 'the summary, as `run --json` prints it',
    write: (s, out) => (fs.writeFileSync(out, JSON.stringify(new Folds().pushAll(s.events).summary.result(), null, 2) + '\n'), `${out}: the summary`),
  },
  svg: {
    help: 'the chart "Heartbeat timing vs NAT timeout", drawn without a browser',
    write: (s, out) => (fs.writeFileSync(out, renderChartSvg(new Folds().pushAll(s.events).series, SVG_SIZE)), `${out}: the chart`),
  },
  pcapng: {
    help: 'each hop as TCP packets for Wireshark/tshark, events as packet comments',
    write: (s, out, createdBy) => {
      const r = exportPcapng(s.events, out, createdBy);
      return `${out}: pcapng, ${r.packets} packets, ${r.comments} event comments`;
    },
  },
};
