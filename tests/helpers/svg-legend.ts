// Reading an exported chart SVG (shared/view/chart-svg.ts) the way a person reads it: the key's
// entries (id and words), the y axis's title, and which of the key's shapes the plot draws.
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

export interface SvgLegendEntry {
  id: string;
  label: string;
}

export const svgLegend = (svg: string): SvgLegendEntry[] =>
  [...svg.matchAll(/<g class="legend-entry" data-legend="([^"]+)"[^>]*>(?:(?!<\/g>).)*?<text[^>]*>([^<]*)<\/text><\/g>/g)].map((m) => ({ id: unescape(m[1]!), label: unescape(m[2]!) }));

export const svgYTitle = (svg: string): string | undefined => {
  const m = /<text class="y-title"[^>]*>([^<]*)<\/text>/.exec(svg);
  return m ? unescape(m[1]!) : undefined;
};

/** The key's entries whose shapes the plot draws, by the classes the export gives them. */
export function drawnEntries(svg: string): Set<string> {
  const ids = new Set<string>();
  const has = (cls: string) => svg.includes(`class="${cls}"`);
  if (has('sawtooth') || has('idle-envelope')) ids.add('idle');
  if (has('nat-timeout-line')) ids.add('nat-timeout');
  if (has('dead-stretch')) ids.add('dead');
  if (has('idle-envelope')) ids.add('envelope');
  for (const side of ['client', 'server']) if (has(`interval-${side}`)) ids.add(`${side}-interval`);
  for (const m of svg.matchAll(/class="marker marker-([\w-]+)" d="[^"]*" fill="([^"]+)"/g)) {
    ids.add(`marker-${m[1]}`);
    // A mark that never arrived is drawn hollow: filled with the background.
    if (m[2] === '#ffffff') ids.add('hollow');
  }
  if (has('no-mapping-band')) ids.add('no-mapping');
  return ids;
}
