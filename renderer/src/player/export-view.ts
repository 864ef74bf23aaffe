// Export → PNG of the chart at 2× (for slides), SVG, CSV, JSON, pcapng, from the view on screen: the same
// pure functions as `lifeline export`, so the app and the CLI give the same files.
import { api } from '../bridge/index.ts';
import type { ExportFormat } from '../../../shared/contract/contract.ts';
import { renderChartSvg } from '../../../shared/view/chart-svg.ts';
import { sessionCsv } from '../../../shared/session/session-csv.ts';
import { selectIsCapture, selectNow, selectSummary, type ViewStore } from './view-store.ts';
import { sessionPcapngBlocks } from '../../../shared/capture/pcapng-blocks.ts';
import { useCaptures } from './capture-source.ts';
import { captureSummary } from '../../../shared/capture/capture-summary.ts';

const SIZE = { width: 1200, height: 480 };

/** Rasterises an SVG document at `scale` × its size (the chart and the lanes under it); resolves to base64 PNG. */
function svgToPng(svg: string, scale: number): Promise<string> {
  const size = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg);
  if (!size) return Promise.reject(new Error('Invariant: the chart SVG names its size'));
  const [width, height] = [Number(size[1]), Number(size[2])];
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = width * scale;
      c.height = height * scale;
      const g = c.getContext('2d')!;
      g.scale(scale, scale);
      g.drawImage(img, 0, 0, width, height);
      URL.revokeObjectURL(url);
      resolve(c.toDataURL('image/png').split(',')[1]!);
    };
    img.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('the chart could not be drawn as PNG'));
    };
    img.src = url;
  });
}

/** Binary as base64 for api.saveFile (a data: URL read of the blob: no per-byte string building). */
function toBase64(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const fr = new FileReader();
    fr.onload = () => resolve(String(fr.result).split(',')[1] ?? '');
    fr.onerror = () => reject(fr.error);
    fr.readAsDataURL(blob);
  });
}

/** Saves one export of the view; the notice to show. */
export async function exportView(view: ViewStore, format: ExportFormat): Promise<string | null> {
  const s = view.getState();
  const base = (s.playback?.name ?? 'lifeline').replace(/\.jsonl$/, '').replace(/[^\w .()-]+/g, '-');
  // A capture has no modelled radio: no radio lane (as on screen); its idle gaps are real, and its key says so.
  const capture = selectIsCapture(s);
  const radio = capture ? {} : { radio: s.data.summary.radio, reach: s.data.summary.reach };
  const chart = () => renderChartSvg(s.data.series, { ...SIZE, ...(s.window ? { window: s.window } : {}), now: selectNow(s), ...radio, capture });
  let r;
  switch (format) {
    case 'png':
      r = await api.saveFile(`${base}-chart.png`, await svgToPng(chart(), 2), true);
      break;
    case 'svg':
      r = await api.saveFile(`${base}-chart.svg`, chart());
      break;
    case 'csv':
      r = await api.saveFile(`${base}-events.csv`, sessionCsv(s.data.events));
      break;
    case 'json': {
      // The summary on the cards: the folds' at the player's clock.
      const summary = selectSummary(s);
      if (!summary) return 'nothing to export yet: the source has not drawn';
      const c = useCaptures.getState().captures.get(s.player.sourceId);
      // A capture's own summary: the device model's parts (energy, wakeups, pushes) are not in it.
      const conn = c?.connections.find((x) => x.id === c.selected);
      const out = c && conn ? captureSummary(summary, { name: c.name, format: c.format, connection: conn, report: c.report }) : summary;
      r = await api.saveFile(`${base}-summary.json`, JSON.stringify(out, null, 2) + '\n');
      break;
    }
    case 'pcapng':
      if (selectIsCapture(s)) return 'a capture view exports no pcapng: it is a capture already';
      // The same blocks as `lifeline export --pcapng` (shared/capture/pcapng-blocks.ts), built in the page:
      // the events are here, and a big session would not fit one message to the host.
      r = await api.saveFile(`${base}.pcapng`, await toBase64(new Blob([...sessionPcapngBlocks(s.data.events, 'lifeline inspector')] as BlobPart[])), true);
      break;
  }
  return r ? (r.ok ? `saved ${r.value}` : r.error) : null;
}
