// The chart's marks as a user reads them, in Debian's Chromium: filled when a push or a PING
// arrived and hollow when it did not, none hidden under another at one instant, the band above the
// plot for marks with no NAT mapping, each connection's line labelled, the server giving up marked,
// a hover card styled by the page; and an export a person can share, the same as the CLI's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from '../helpers/browser.ts';
import { inspectorFixture, openInspector, runFastPreset } from '../helpers/inspector-page.ts';
import { LIVE_ACTIONS } from '../../shared/view/live-actions.ts';
import { svgLegend, svgYTitle } from '../helpers/svg-legend.ts';

const { open } = inspectorFixture();

interface DrawnMark {
  kind: string;
  t: number;
  delivered: string | null;
  noMapping: boolean;
  fill: string;
  stroke: string;
  box: { x: number; y: number; w: number; h: number };
  /** The element the page finds at the mark's centre is the mark itself: nothing covers it. */
  onTop: boolean;
}

/** Every mark as drawn: kind, instant, computed paint, bounding box, and whether it is on top at its centre (the chart scrolled into sight). */
const drawnMarks = async (page: Page): Promise<DrawnMark[]> => {
  await page.locator('[data-testid=heartbeat-chart]').scrollIntoViewIfNeeded();
  return page.$$eval('[data-marker]', (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      return {
        kind: el.getAttribute('data-marker')!,
        t: Number(el.getAttribute('data-t')),
        delivered: el.getAttribute('data-delivered'),
        noMapping: el.hasAttribute('data-no-mapping'),
        fill: cs.fill,
        stroke: cs.stroke,
        box: { x: r.x, y: r.y, w: r.width, h: r.height },
        onTop: document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === el,
      };
    }),
  );
};

const PANEL = 'rgb(255, 255, 255)';
const filled = (m: DrawnMark) => m.fill !== PANEL && m.fill !== 'none';
const overlap = (a: DrawnMark['box'], b: DrawnMark['box']) => Math.max(0, Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x)) * Math.max(0, Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y));

/** Marks at one instant: none covers another, and each is what the page finds at its centre. */
function assertNoneHidden(marks: DrawnMark[], label: string): number {
  const byT = new Map<number, DrawnMark[]>();
  for (const m of marks) byT.set(m.t, [...(byT.get(m.t) ?? []), m]);
  let shared = 0;
  for (const [t, at] of byT) {
    if (at.length < 2) continue;
    shared++;
    for (let i = 0; i < at.length; i++) {
      assert.ok(at[i]!.onTop, `${label}: the ${at[i]!.kind} at ${t} ms is covered`);
      for (let j = i + 1; j < at.length; j++) assert.ok(overlap(at[i]!.box, at[j]!.box) < 1, `${label}: ${at[i]!.kind} and ${at[j]!.kind} at ${t} ms coincide`);
    }
  }
  return shared;
}

const bandBox = async (page: Page) => (await page.locator('[data-testid=heartbeat-chart] .no-mapping-band').boundingBox())!;

test('ios13-forgets-callkit: delivered pushes are filled, blocked ones hollow, PushKit pushes filled; the two look different', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'ios13-forgets-callkit');
  await page.waitForSelector('[data-marker=push-blocked]');
  const marks = await drawnMarks(page);
  const pushes = marks.filter((m) => m.kind === 'push');
  assert.equal(pushes.length, 12);
  for (const p of pushes) assert.equal(filled(p), p.delivered === 'true', `push at ${p.t}: delivered ${p.delivered}, fill ${p.fill}`);
  assert.equal(pushes.filter(filled).length, 4);
  const voip = marks.filter((m) => m.kind === 'voip-push');
  assert.equal(voip.length, 4);
  for (const v of voip) assert.equal(v.fill, v.stroke, 'a VoIP push handed to the app is filled, though the app had no NAT mapping');
  // What a user sees at a delivered instant and at a blocked one differs in shape and fill.
  const look = (t: number) => marks.filter((m) => m.t === t).map((m) => `${m.kind}:${filled(m) ? 'filled' : 'hollow'}`).sort().join(' ');
  assert.equal(look(300_000), 'push:filled voip-push:filled');
  assert.equal(look(1_500_000), 'push-blocked:filled push:hollow');
  assertNoneHidden(marks, 'ios13-forgets-callkit');
  await page.screenshot({ path: path.join(ARTIFACTS, 'marks-ios13-forgets-callkit.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('marks at one instant never cover one another, at three window sizes', async () => {
  // Presets where several marks fall at one instant (how many depends on the engine's rules, not
  // on what this test guards: that each such instant keeps every mark in sight).
  const cases = ['pushkit-with-callkit', 'server-heartbeat-over-nat', 'voip-no-heartbeat-short-nat', 'mars-carrier-nat-300'];
  for (const viewport of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
    const { page, errors } = await open(viewport);
    for (const preset of cases) {
      await runFastPreset(page, preset);
      await page.waitForSelector('[data-marker]');
      const marks = await drawnMarks(page);
      assert.ok(assertNoneHidden(marks, `${preset} at ${viewport.width}`) >= 1, `${preset}: no instant with several marks, so nothing was checked`);
      // The NAT expiry's cross, today hidden under the disconnect square, is in sight.
      for (const x of marks.filter((m) => m.kind === 'nat-expiry')) assert.ok(x.onTop, `${preset}: the NAT expiry at ${x.t} is covered`);
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test('network-change: the PINGs into the wiped mapping are dropped, in the band, apart from the new connection’s line; the server giving up is marked; each line is labelled', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'network-change');
  await page.waitForSelector('[data-marker=server-gave-up]');
  const marks = await drawnMarks(page);
  const band = await bandBox(page);
  const inBand = (m: DrawnMark) => m.box.y + m.box.h / 2 > band.y && m.box.y + m.box.h / 2 < band.y + band.height;
  const beats = marks.filter((m) => m.kind === 'server-heartbeat');
  const dropped = beats.filter((m) => m.delivered === 'false');
  assert.deepEqual(dropped.map((m) => m.t), [960_000, 1_080_000], 'the two PINGs the server sent into the old mapping');
  for (const m of dropped) {
    assert.ok(!filled(m), 'a dropped PING is hollow');
    assert.ok(m.noMapping && inBand(m), 'in the band, not on the new connection’s line');
  }
  for (const m of beats.filter((b) => b.delivered === 'true')) assert.ok(filled(m) && !inBand(m) && m.box.y > band.y + band.height, `the PING at ${m.t} is on a line`);
  const [gaveUp] = marks.filter((m) => m.kind === 'server-gave-up');
  assert.ok(gaveUp && gaveUp.t === 1_200_000 && inBand(gaveUp), 'the server gives up on the old connection at 20:00');
  assert.deepEqual(await page.$$eval('[data-testid=heartbeat-chart] .line-label', (l) => l.map((x) => x.textContent)), ['conn 1', 'conn 2']);
  // Hover the old connection's PING: the card names it.
  await page.locator(`[data-marker=server-heartbeat][data-t="960000"]`).hover();
  const tip = (await page.textContent('[data-testid=chart-tooltip]')) ?? '';
  assert.match(tip, /0:16:00\.000 server heartbeat #8/);
  assert.match(tip, /connection #1 · its NAT mapping is gone · dropped at the NAT: never arrived/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'marks-network-change.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('server-heartbeat-over-nat: the picture and the words agree — after expiry above the red line, no mapping in the band; hover shows a card styled by the page', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'server-heartbeat-over-nat');
  await page.waitForSelector('[data-marker=server-gave-up]');
  const marks = await drawnMarks(page);
  const nat = (await page.locator('[data-testid=heartbeat-chart] .nat-timeout-line line').boundingBox())!;
  const [late] = marks.filter((m) => m.kind === 'server-heartbeat' && m.t === 330_000);
  assert.ok(late && late.box.y + late.box.h / 2 < nat.y, 'the PING after the expiry sits above the red line');
  assert.ok(!filled(late) && late.delivered === 'false', 'and is hollow: the NAT dropped it');
  assert.equal(marks.filter((m) => m.noMapping).length, 0, 'a mapping existed throughout (expired, not absent): nothing in the band');
  const legend = (await page.textContent('[aria-label="chart legend"]')) ?? '';
  assert.match(legend, /hollow: never arrived/);
  assert.match(legend, /above the red line: after its mapping expired/);
  // The legend names only what this run draws (issue 17 §1): nothing in the band, no band entry.
  assert.doesNotMatch(legend, /top band: no NAT mapping/);
  const doc = fs.readFileSync('docs/inspector.md', 'utf8').split('## Reading the chart')[1]!.split('\n## ')[0]!;
  assert.doesNotMatch(doc, /top edge/, 'the words no longer promise what the picture does not draw');
  for (const words of ['above the red line it came after', '**no mapping** band', 'hollow means it never arrived']) assert.ok(doc.includes(words), words);

  // No SVG <title> (headless Chromium shows none): the page's own card, with every mark at 5:00.
  assert.equal(await page.locator('[data-marker] title').count(), 0);
  assert.equal(await page.locator('[data-testid=chart-tooltip]').count(), 0);
  await page.locator("[data-marker=nat-expiry]").hover();
  const tip = page.locator('[data-testid=chart-tooltip]');
  await tip.waitFor();
  assert.equal(await tip.evaluate((el) => el.tagName), 'DIV');
  const rows = await tip.locator('.tip-row').allTextContents();
  assert.match(rows[0]!, /^0:05:00\.000 NAT mapping expired #1connection #1 · idle 300 s$/);
  assert.match(rows[1]!, /^0:05:00\.000 disconnect #1connection #1 · idle 300 s$/);
  assert.ok(rows.length >= 2 && rows.length <= 3, rows.join(' | '));
  const style = await tip.evaluate((el) => {
    const cs = getComputedStyle(el);
    return { font: cs.fontFamily, size: cs.fontSize, bg: cs.backgroundColor, body: getComputedStyle(document.body).fontFamily, r: el.getBoundingClientRect(), vw: innerWidth };
  });
  assert.equal(style.font, style.body, 'the page’s type');
  assert.equal(style.size, '12px');
  assert.equal(style.bg, PANEL);
  assert.ok(style.r.left >= 0 && style.r.right <= style.vw, 'inside the window');
  await page.screenshot({ path: path.join(ARTIFACTS, 'marks-tooltip.png') });
  // At the right edge the card opens to the left, at its full width, inside the window.
  await page.locator('[data-marker=push][data-t="3600000"]').hover();
  await page.waitForFunction(() => document.querySelector('[data-testid=chart-tooltip]')?.textContent?.includes('push sent #4'));
  const edge = await tip.evaluate((el) => ({ r: el.getBoundingClientRect(), vw: innerWidth, text: el.textContent }));
  assert.match(edge.text ?? '', /1:00:00\.000 push sent #4connection #1 · idle 3600 s, after its NAT mapping expired · never delivered: lost/);
  assert.ok(edge.r.left >= 0 && edge.r.right <= edge.vw && edge.r.width > 250, JSON.stringify(edge.r));
  await page.mouse.move(5, 5);
  await page.waitForSelector('[data-testid=chart-tooltip]', { state: 'detached' });
  assert.deepEqual(errors, []);
  await page.close();
});

test('the help lists every live-action key, C and B included', async () => {
  const { page, errors } = await open();
  await page.keyboard.press('?');
  const keys = await page.$$eval('[data-testid=help-dialog] .shortcuts kbd', (k) => k.map((x) => x.textContent));
  for (const a of LIVE_ACTIONS) assert.ok(keys.includes(a.key.toUpperCase()), `${a.key.toUpperCase()} (${a.label}) in the help`);
  assert.ok(keys.includes('C') && keys.includes('B'));
  assert.deepEqual(errors, []);
  await page.close();
});

test('export: the SVG carries the name, the lanes and an uncut time axis, equals `lifeline export --svg`; the PNG is it at 2×', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-marks-e2e-'));
  const session = path.join(dir, 'network-change.jsonl');
  const run = spawnSync(process.execPath, ['bin/lifeline.js', 'run', 'network-change', '--out', session], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const cliSvg = path.join(dir, 'cli.svg');
  const exp = spawnSync(process.execPath, ['bin/lifeline.js', 'export', session, '--svg', cliSvg], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(exp.status, 0, exp.stderr);
  const serve = await startServe([session]);
  const browser = await launchChromium();
  try {
    const { page, errors } = await openInspector(browser, serve.url, { width: 1440, height: 900 });
    await page.waitForSelector('[data-testid=replay-controls]');
    await page.waitForSelector('[data-marker=server-gave-up]');
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const svg = fs.readFileSync((await svgDl.path())!, 'utf8');
    assert.equal(svg, fs.readFileSync(cliSvg, 'utf8'), 'the inspector and the CLI give the same file');
    const [, width, height] = /<svg [^>]*viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
    assert.match(svg, /<text class="chart-title"[^>]*>network-change<\/text>/);
    for (const lane of ['lifecycle', 'radio', 'connection', 'actions']) assert.match(svg, new RegExp(`<g class="lane" data-lane="${lane}">`));
    const last = [...svg.matchAll(/<text class="tick" x="([\d.]+)"[^>]*>([^<]+)<\/text>/g)].at(-1)!;
    assert.equal(last[2], '1:00:00');
    // Drawn: the last label's right edge is inside the picture.
    const p = await browser.newPage({ viewport: { width: width!, height: height! } });
    await p.setContent(`<body style="margin:0">${svg}</body>`);
    const right = await p.$$eval('text.tick', (t) => Math.max(...t.map((x) => x.getBoundingClientRect().right)));
    assert.ok(right <= width!, `the last tick ends at ${right} of ${width}`);
    const laneBottom = await p.$$eval('g.lane', (g) => Math.max(...g.map((x) => x.getBoundingClientRect().bottom)));
    assert.ok(laneBottom <= height!, 'the lanes are inside the picture');
    await p.screenshot({ path: path.join(ARTIFACTS, 'marks-export-svg.png') });
    await p.close();
    const [pngDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    const png = fs.readFileSync((await pngDl.path())!);
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [width! * 2, height! * 2], 'the whole picture, lanes included, at 2×');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await browser.close();
    await serve.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

for (const preset of ['server-heartbeat-under-nat', 'pushkit-with-callkit']) {
  test(`${preset}: the exported SVG's key is the page's legend, entry for entry and word for word, and nothing in it overlaps or is cut`, async () => {
    const { page, errors } = await open();
    await runFastPreset(page, preset);
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const svg = fs.readFileSync((await svgDl.path())!, 'utf8');
    const onPage = await page.$$eval('[data-testid=chart-legend] li[data-legend]', (ls) => ls.map((l) => ({ id: l.getAttribute('data-legend')!, label: l.textContent!.trim() })));
    assert.deepEqual(svgLegend(svg), onPage);
    const marks = onPage.filter((e) => e.id.startsWith('marker-')).map((e) => e.id);
    if (preset === 'pushkit-with-callkit') for (const k of ['marker-voip-push', 'marker-callkit-report']) assert.ok(marks.includes(k), `${k} in ${marks.join(', ')}`);
    else assert.ok(!marks.some((k) => /voip|callkit/.test(k)) && !svg.match(/PushKit|CallKit/), `no PushKit or CallKit for ${preset}: ${marks.join(', ')}`);
    const yTitle = await page.locator('[data-testid=heartbeat-chart] text.recharts-label[transform*="rotate(-90"]').textContent();
    assert.equal(svgYTitle(svg), yTitle, 'the y axis says what the page\'s says');
    // Drawn: each entry inside the picture, none over another, all above the plot (and its band).
    const [, width, height] = /<svg [^>]*viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
    const p = await page.context().browser()!.newPage({ viewport: { width: width!, height: height! } });
    await p.setContent(`<body style="margin:0">${svg}</body>`);
    const boxes = await p.$$eval('g.legend-entry', (gs) => gs.map((g) => ({ id: g.getAttribute('data-legend')!, ...JSON.parse(JSON.stringify(g.getBoundingClientRect())) as { left: number; right: number; top: number; bottom: number } })));
    const plotTop = await p.$eval('clipPath#plot rect', (r, band) => Math.min(Number(r.getAttribute('y')), band ?? Infinity), await p.$eval('svg', (s) => { const b = s.querySelector('.no-mapping-band'); return b ? Number(b.getAttribute('y')) : null; }));
    const subtitle = await p.$eval('text.chart-subtitle', (t) => t.getBoundingClientRect().bottom);
    for (const b of boxes) {
      assert.ok(b.left >= 0 && b.right <= width!, `${b.id} is cut: ${b.left}–${b.right} of ${width}`);
      assert.ok(b.top >= subtitle && b.bottom <= plotTop, `${b.id} (${b.top}–${b.bottom}) is off its room, below the subtitle (${subtitle}) and above the plot (${plotTop})`);
      for (const o of boxes) {
        if (o === b) continue;
        const w = Math.min(b.right, o.right) - Math.max(b.left, o.left);
        const h = Math.min(b.bottom, o.bottom) - Math.max(b.top, o.top);
        assert.ok(w <= 0.5 || h <= 0.5, `${b.id} and ${o.id} overlap`);
      }
    }
    await p.screenshot({ path: path.join(ARTIFACTS, `export-legend-${preset}.png`) });
    await p.close();
    assert.deepEqual(errors, []);
    await page.close();
  });
}

type Box = { x: number; y: number; w: number; h: number };
const boxesOf = (page: Page, sel: string): Promise<Box[]> =>
  page.$$eval(sel, (els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x, y: r.y, w: r.width, h: r.height };
    }),
  );

/** The chart at three window sizes, then in projector mode at the two a room's projector has: `check(where)` at each. */
async function atEverySize(page: Page, check: (where: string, viewport: { width: number; height: number }, projector: boolean) => Promise<void>): Promise<void> {
  for (const [viewport, projector] of [
    [{ width: 1440, height: 900 }, false],
    [{ width: 1280, height: 720 }, false],
    [{ width: 1024, height: 768 }, false],
    [{ width: 1280, height: 720 }, true],
    [{ width: 1024, height: 768 }, true],
  ] as const) {
    await page.setViewportSize(viewport);
    if (projector && (await page.locator('.app.projector').count()) === 0) {
      await page.focus('[data-testid=heartbeat-chart]');
      await page.keyboard.press('g');
      await page.waitForSelector('.app.projector');
    }
    await page.locator('[data-testid=heartbeat-chart]').scrollIntoViewIfNeeded();
    await check(`${viewport.width}×${viewport.height}${projector ? ' in projector mode' : ''}`, viewport, projector);
  }
}

test('the NAT timeout line’s label: no mark, strip or band over it, the idle line passing under its box, at three window sizes and in projector mode; the export places it alike', async () => {
  // Heartbeats and expiries crowd the line all along (mars), the idle line climbs through it at every
  // cycle and strips stand on it at both ends (keep-alive): the label was under a strip in both.
  const { page, errors } = await open();
  for (const preset of ['mars-nat-under-floor', 'keepalive-600-vs-carrier-300', 'pushkit-with-callkit']) {
    await runFastPreset(page, preset);
    await atEverySize(page, async (size, viewport, projector) => {
      const where = `${preset} at ${size}`;
      const label = (await boxesOf(page, '[data-testid=nat-timeout-label]'))[0]!;
      const plot = (await boxesOf(page, '[data-testid=heartbeat-chart] .recharts-cartesian-grid'))[0]!;
      assert.ok(label.x >= plot.x && label.x + label.w <= plot.x + plot.w && label.y >= plot.y && label.y + label.h <= plot.y + plot.h, `${where}: the label ${JSON.stringify(label)} is inside the plot ${JSON.stringify(plot)}`);
      const covers = [...(await boxesOf(page, '[data-testid=heartbeat-chart] [data-marker]')), ...(await boxesOf(page, '[data-testid=heartbeat-chart] .mark-strip, [data-testid=heartbeat-chart] .no-mapping-band'))];
      for (const b of covers) assert.ok(overlap(label, b) < 1, `${where}: the NAT label ${JSON.stringify(label)} meets a mark at ${JSON.stringify(b)}`);
      // Its box is opaque and holds the text: a line that must cross it runs under the box, not through the words.
      const back = (await boxesOf(page, '[data-testid=nat-timeout-label-box]'))[0]!;
      assert.ok(back.x <= label.x + 0.5 && back.y <= label.y + 0.5 && back.x + back.w >= label.x + label.w - 0.5 && back.y + back.h >= label.y + label.h - 0.5, `${where}: the box ${JSON.stringify(back)} holds the label ${JSON.stringify(label)}`);
      assert.equal(await page.$eval('[data-testid=nat-timeout-label-box]', (r) => getComputedStyle(r).fillOpacity), '1');
      for (const b of covers) assert.ok(overlap(back, b) < 1, `${where}: the label's box ${JSON.stringify(back)} meets a mark at ${JSON.stringify(b)}`);
      // And the red line stays in sight under it: the box ends before the line.
      const line = (await boxesOf(page, '[data-testid=heartbeat-chart] .nat-timeout-line line'))[0]!;
      assert.ok(back.y + back.h <= line.y || back.y >= line.y + line.h, `${where}: the box ${JSON.stringify(back)} hides the NAT line at ${JSON.stringify(line)}`);
      await page.screenshot({ path: path.join(ARTIFACTS, `nat-label-${preset}-${viewport.width}x${viewport.height}${projector ? '-projector' : ''}.png`) });
    });
    await page.keyboard.press('g');
    await page.waitForSelector('.app:not(.projector)');
    await page.setViewportSize({ width: 1440, height: 1000 });
    // The export draws it by the same rule: clear of every mark in the picture too.
    const [svgDl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const svg = fs.readFileSync((await svgDl.path())!, 'utf8');
    const [, width, height] = /<svg [^>]*viewBox="0 0 (\d+) (\d+)"/.exec(svg)!.map(Number);
    const p = await page.context().browser()!.newPage({ viewport: { width: width!, height: height! } });
    await p.setContent(`<body style="margin:0">${svg}</body>`);
    const exported = (await boxesOf(p, 'text.nat-timeout-label'))[0]!;
    const exportedBack = (await boxesOf(p, 'rect.nat-timeout-label-box'))[0]!;
    assert.ok(exportedBack.w >= exported.w - 0.5, `${preset}: the export's label has its box`);
    for (const b of await boxesOf(p, '.marker, .mark-strip, .no-mapping-band')) assert.ok(overlap(exportedBack, b) < 1, `${preset}: in the export the NAT label ${JSON.stringify(exportedBack)} meets a mark at ${JSON.stringify(b)}`);
    await p.screenshot({ path: path.join(ARTIFACTS, `nat-label-${preset}-export.png`) });
    await p.close();
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the no-mapping band’s name stands apart from the y axis’s top tick label, at three window sizes and in projector mode', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'pushkit-with-callkit');
  await atEverySize(page, async (where, viewport, projector) => {
    const name = (await boxesOf(page, '[data-testid=heartbeat-chart] .no-mapping-label'))[0]!;
    const band = (await boxesOf(page, '[data-testid=heartbeat-chart] .no-mapping-band'))[0]!;
    assert.ok(name.y + name.h / 2 > band.y && name.y + name.h / 2 < band.y + band.h, `${where}: the name ${JSON.stringify(name)} beside its band ${JSON.stringify(band)}`);
    // At least 4 px of clear space to any tick label (it touched "400" at 1440, and ran into it in projector type).
    const pad = (b: Box) => ({ x: b.x - 4, y: b.y - 4, w: b.w + 8, h: b.h + 8 });
    for (const t of await boxesOf(page, '[data-testid=heartbeat-chart] .recharts-yAxis-tick-labels text')) assert.ok(overlap(pad(name), t) < 1, `${where}: "no mapping" ${JSON.stringify(name)} crowds a tick label ${JSON.stringify(t)}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `band-label-${viewport.width}x${viewport.height}${projector ? '-projector' : ''}.png`) });
  });
  assert.deepEqual(errors, []);
  await page.close();
});

test('every mark takes the pointer at its centre: none lies under an axis or another layer (a disconnect at idle 0 was under the time axis)', async () => {
  const { page, errors } = await open();
  for (const preset of ['network-change', 'server-heartbeat-over-nat']) {
    await runFastPreset(page, preset);
    const missed = await page.$$eval('[data-testid=heartbeat-chart] .marker', (ms) =>
      ms
        .filter((m) => {
          const r = m.getBoundingClientRect();
          return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) !== m;
        })
        .map((m) => `${m.getAttribute('data-marker')} at ${m.getAttribute('data-t')} ms`),
    );
    assert.deepEqual(missed, [], `${preset}: marks the pointer cannot reach`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
