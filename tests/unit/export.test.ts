// Exports are pure functions of the event log: CSV per RFC 4180, and the chart as SVG drawn from the
// same chart-view geometry the inspector uses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sessionCsv } from '../../shared/session/session-csv.ts';
import { renderChartSvg } from '../../shared/view/chart-svg.ts';
import { chartView, fullWindow, MARKERS } from '../../shared/view/chart-view.ts';
import { Folds } from '../../shared/player/folds.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';
import { svgLegend } from '../helpers/svg-legend.ts';
import { parseXmlStrict } from '../helpers/xml.ts';

const start: LifelineEvent = { t: 0, kind: 'run.start', scenario: 'a,"b"', mode: 'fast', seed: 1, natIdleTimeoutSec: 120, durationSec: 600, wallClock: 'w' };
const events: LifelineEvent[] = [
  start,
  { t: 0, kind: 'nat', op: 'created', mapping: 1 },
  { t: 1500, kind: 'frame', side: 'server', dir: 'send', verb: 'PUSH', line: 'PUSH 1 hi, "you"\nthere', bytes: 20 },
  { t: 30_000, kind: 'heartbeat', source: 'server', seq: 1 },
  { t: 30_000, kind: 'nat', op: 'forward', mapping: 1, dir: 'down', verb: 'PING', refreshed: true },
  { t: 150_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
  { t: 600_000, kind: 'run.end', wallMs: 3 },
];

test('CSV: header, t in seconds, hop, kind, then fields; quoted per RFC 4180 with CRLF', () => {
  const csv = sessionCsv(events);
  const rows = csv.split('\r\n');
  assert.equal(rows.at(-1), '');
  const header = rows[0]!.split(',');
  assert.deepEqual(header.slice(0, 4), ['t', 'hop', 'kind', 'scenario']);
  assert.ok(rows[1]!.startsWith('0,run,run.start,"a,""b""",fast,1,120,600,w,'));
  const frame = rows[3]!;
  assert.ok(frame.startsWith('1.5,server,frame,'));
  assert.ok(frame.includes('"PUSH 1 hi, ""you""\nthere"'));
  // Every row has as many cells as the header (counting only commas outside quotes).
  const cells = (r: string) => r.replace(/"([^"]|"")*"/g, 'q').split(',').length;
  for (const r of [rows[1]!, rows[2]!, rows[4]!, rows[5]!, rows[6]!]) assert.equal(cells(r), header.length);
});

test('SVG: the NAT line, the sawtooth and every visible marker of the shared chart view', () => {
  const f = new Folds().pushAll(events);
  const svg = renderChartSvg(f.series, { width: 800, height: 400 });
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="800" height="\d+"/);
  assert.match(svg, /class="nat-timeout-line"/);
  assert.match(svg, /NAT idle timeout 120 s/);
  assert.match(svg, /class="sawtooth" d="M[\d.]+,[\d.]+L/);
  const view = chartView(f.series, fullWindow(f.series.durationMs, f.series.lastT), f.series.lastT, 800 - 96 - 44);
  const drawn = [...svg.matchAll(/class="marker marker-([\w-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(drawn, view.markers.map((m) => m.kind));
  assert.deepEqual(drawn, ['server-heartbeat', 'nat-expiry']);
  assert.ok(svg.includes(MARKERS['nat-expiry'].label), 'the legend names every marker kind');
});

test('SVG: a day of heartbeats is drawn as the chart draws it zoomed out — the idle envelope, the interval line, one y axis', () => {
  const day: LifelineEvent[] = [{ ...start, natIdleTimeoutSec: 300, durationSec: 86_400 }, { t: 0, kind: 'nat', op: 'created', mapping: 1 }];
  for (let k = 1; k * 30 < 86_400; k++) {
    day.push({ t: k * 30_000, kind: 'heartbeat', source: 'server', seq: k, intervalSec: 30 });
    day.push({ t: k * 30_000, kind: 'nat', op: 'forward', mapping: 1, dir: 'down', verb: 'PING', refreshed: true });
  }
  day.push({ t: 86_400_000, kind: 'run.end', wallMs: 1 });
  const f = new Folds().pushAll(day);
  const svg = renderChartSvg(f.series, { width: 800, height: 400 });
  const view = chartView(f.series, fullWindow(f.series.durationMs, f.series.lastT), f.series.lastT, 800 - 96 - 44);
  // 2,880 cycles on 712 px: the chart on screen would draw the envelope, so must the export.
  assert.ok(view.envelope, 'the chart view switches to the envelope');
  assert.match(svg, /class="idle-envelope" d="M[\d.]+,[\d.]+V/);
  assert.doesNotMatch(svg, /class="sawtooth"/);
  assert.match(svg, /class="interval-server" d="M/);
  assert.doesNotMatch(svg, /class="interval-client"/);
  assert.ok(svg.includes('longest idle per bucket'), 'the legend explains the bars');
  // The heartbeats are thinned to the same marks the chart shows.
  assert.equal([...svg.matchAll(/class="marker marker-server-heartbeat"/g)].length, view.markers.length);
  assert.ok(view.markers.length < 2879 && view.markers.length > 0);
});

test('SVG of a PushKit run: the dead shading and its key follow the push path; a push that arrived is filled, though no NAT mapping existed', () => {
  const pk: LifelineEvent[] = [
    { ...start, scenario: 'pk', pushVia: 'pushkit' } as LifelineEvent,
    { t: 0, kind: 'push.service', op: 'listening' },
    { t: 0, kind: 'push.service', op: 'connected', who: 'device' },
    // The app's own socket is gone from 60 s on: not the push path, so no shading for it.
    { t: 0, kind: 'nat', op: 'created', mapping: 1 },
    { t: 0, kind: 'conn', op: 'open', conn: 1 },
    { t: 0, kind: 'server', op: 'hello', client: 1 },
    { t: 60_000, kind: 'socket.defunct', conn: 1 },
    { t: 60_000, kind: 'nat', op: 'closed', mapping: 1, side: 'device' },
    { t: 120_000, kind: 'push', op: 'sent', id: 1 },
    { t: 120_000, kind: 'push', op: 'delivered', id: 1 },
    // VoIP pushes blocked at 300 s: dead from then on.
    { t: 300_000, kind: 'push.system', op: 'unreported', type: 'voip', id: 2, reason: 'killed', blocks: true },
    { t: 600_000, kind: 'run.end', wallMs: 3 },
  ];
  const f = new Folds().pushAll(pk);
  const svg = renderChartSvg(f.series, { width: 800, height: 400 });
  const x = (t: number) => 96 + ((800 - 96 - 44) * t) / 600_000;
  const dead = [...svg.matchAll(/class="dead-stretch" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.equal(dead.length, 1);
  assert.ok(Math.abs(dead[0]![0]! - x(300_000)) < 1 && Math.abs(dead[0]![1]! - (x(600_000) - x(300_000))) < 1, JSON.stringify(dead));
  assert.ok(svg.includes('believed up, a push would not arrive (PushKit)'), 'the key names the path');
  // A capture's export keys the shading in the page's words for a capture: no belief, only idle gaps.
  const deadKey = (s: string) => svgLegend(s).find((e) => e.id === 'dead')?.label;
  assert.equal(deadKey(renderChartSvg(f.series, { width: 800, height: 400, capture: true })), 'idle past the NAT timeout, until the next packet');
  const push = /class="marker marker-push" d="[^"]+" fill="([^"]+)"/.exec(svg);
  assert.equal(push?.[1], MARKERS.push.color, 'delivered: filled');
  assert.equal(f.summary.result().deadSec, 300);
});

test('SVG a person can share: the scenario’s name, the whole time axis inside the picture, the lanes under the chart with their key', () => {
  const hour: LifelineEvent[] = [
    { ...start, scenario: 'over <nat> & co', natIdleTimeoutSec: 300, durationSec: 3600, radio: 'lte' } as LifelineEvent,
    { t: 0, kind: 'lifecycle', state: 'active', reason: 'launch' },
    { t: 0, kind: 'conn', op: 'connecting', conn: 1 },
    { t: 0, kind: 'nat', op: 'created', mapping: 1 },
    { t: 0, kind: 'conn', op: 'open', conn: 1 },
    { t: 60_000, kind: 'action', action: 'background', source: 'timeline' },
    { t: 60_000, kind: 'lifecycle', state: 'background', reason: 'home' },
    { t: 65_000, kind: 'lifecycle', state: 'suspended', reason: 'no background task' },
    { t: 300_000, kind: 'nat', op: 'expired', mapping: 1, reason: 'idle' },
    { t: 3_600_000, kind: 'run.end', wallMs: 1 },
  ];
  const f = new Folds().pushAll(hour);
  const width = 1200;
  const svg = renderChartSvg(f.series, { width, height: 480, radio: f.summary.radio });
  const [, w, h, vw, vh] = /<svg [^>]*width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
  assert.deepEqual([w, vw], [width, width]);
  assert.equal(h, vh);
  assert.ok(h! > 480, 'the lanes add to the chart’s height');
  assert.match(svg, /<text class="chart-title"[^>]*>over &lt;nat&gt; &amp; co<\/text>/);
  // Every tick label, centred on its tick, lies inside the picture: the last one, 1:00:00, too.
  const ticks = [...svg.matchAll(/<text class="tick" x="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), text: m[2]! }));
  assert.equal(ticks.at(-1)?.text, '1:00:00');
  for (const t of ticks) assert.ok(t.x - (t.text.length * 12 * 0.6) / 2 >= 0 && t.x + (t.text.length * 12 * 0.6) / 2 <= width, `${t.text} at ${t.x} is cut`);
  // The lanes, in the inspector's order, each below the chart and inside the picture.
  const lanes = [...svg.matchAll(/<g class="lane" data-lane="([^"]+)">\n(?:<text[^>]*>[^<]*<\/text>\n)+<rect x="[\d.]+" y="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])] as const);
  assert.deepEqual(lanes.map(([name]) => name), ['lifecycle', 'radio', 'connection', 'actions']);
  for (const [name, y] of lanes) assert.ok(y >= 480 && y + 18 <= h!, `${name} lane at ${y}`);
  assert.match(svg, /class="lane-bar" data-state="suspended"/);
  assert.match(svg, /class="lane-bar" data-state="dead"/);
  assert.match(svg, /class="action" x="[\d.]+"/);
  for (const words of ['suspended', 'dead but believed up', 'timeline action']) assert.ok(svg.includes(`>${words}</text>`), `the lanes' key names ${words}`);
  // A capture has no radio: no radio lane.
  assert.doesNotMatch(renderChartSvg(f.series, { width, height: 480 }), /data-lane="radio"/);
});

test('SVG is well-formed XML whatever text a session holds: characters XML forbids are dropped, the rest escaped', () => {
  // A session written before names were checked, or by hand: its name and frames reach the SVG.
  const hostile: LifelineEvent[] = [
    { ...start, scenario: 'a\x1b[31m\x00\tb\x07 <&> \'c\' \uFFFE\uD800' } as LifelineEvent,
    ...events.slice(1, 2),
    { t: 1500, kind: 'frame', side: 'server', dir: 'send', verb: 'PUSH', line: 'PUSH 1 \x1b]0;x\x07\x00', bytes: 12 },
    ...events.slice(3),
  ];
  const svg = renderChartSvg(new Folds().pushAll(hostile).series, { width: 800, height: 400 });
  const doc = parseXmlStrict(svg);
  const title = Array.from(doc.getElementsByTagName('text')).find((t) => t.getAttribute('class') === 'chart-title');
  assert.equal(title?.textContent, "a[31m\tb <&> 'c' ");
});

test('SVG of a run across networks with different NATs: each timeout over its stretch, none above the axis’s top', () => {
  const network = (t: number, label: string, sec: number): LifelineEvent => ({ t, kind: 'network', label, radio: 'wifi', natIdleTimeoutSec: sec });
  const moved = [start, network(0, 'carrier', 120), ...events.slice(1, -1), network(200_000, 'home', 3600), network(400_000, 'carrier', 120), events.at(-1)!];
  const f = new Folds().pushAll(moved);
  const svg = renderChartSvg(f.series, { width: 800, height: 400 });
  const lines = [...svg.matchAll(/class="nat-timeout-line" x1="(-?[\d.]+)" x2="(-?[\d.]+)" y1="(-?[\d.]+)"/g)].map((m) => ({ x1: Number(m[1]), x2: Number(m[2]), y: Number(m[3]) }));
  // The carrier's 120 s twice, at one height; home's 3600 s is above the axis's top (150 s), not drawn.
  assert.equal(lines.length, 2, svg);
  assert.equal(lines[0]!.y, lines[1]!.y);
  assert.ok(lines[0]!.x2 < lines[1]!.x1, 'the two stretches are apart: home’s lies between them');
  const top = Number(/<clipPath id="plot"><rect x="[\d.]+" y="([\d.]+)"/.exec(svg)![1]);
  assert.ok(lines.every((l) => l.y >= top), `every timeout drawn inside the plot (top ${top}): ${JSON.stringify(lines)}`);
});
