// Issue 17 §3 and §4 in Debian's Chromium: a range dragged across the chart or the lanes gives the
// figures summarizeRange gives over the same range of the same session file; compare shares one
// y scale, one x scale and one time cursor, titles each panel, writes the single view's units and
// overlays both runs on one chart.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from '../helpers/browser.ts';
import { openInspector } from '../helpers/inspector-page.ts';
import { recordPreset } from '../helpers/record-session.ts';
import { seriousA11yViolations } from './axe.ts';
import { summarizeRange } from '../../shared/folds/range-summary.ts';
import { formatJoulesPerDay } from '../../shared/view/metric-format.ts';
import { formatDuration } from '../../shared/util/time-format.ts';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
];

let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-range-e2e-'));
let over: ReturnType<typeof recordPreset>;
let under: ReturnType<typeof recordPreset>;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  over = recordPreset('server-heartbeat-over-nat', dir);
  under = recordPreset('server-heartbeat-under-nat', dir);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** Drags across `selector`'s box from fraction f0 to f1 of its width (plain: a range; with Shift: a pan). */
async function drag(page: Page, selector: string, f0: number, f1: number): Promise<void> {
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  const box = (await page.locator(selector).first().boundingBox())!;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * f0, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * f1, y, { steps: 6 });
  await page.mouse.up();
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The panel's figures against summarizeRange over the range the panel says it shows. */
async function assertPanelIsTheFold(page: Page, events: typeof over.events): Promise<ReturnType<typeof summarizeRange>> {
  const panel = page.locator('[data-testid=range-panel]').first();
  await panel.waitFor();
  const from = Number(await panel.getAttribute('data-from'));
  const to = Number(await panel.getAttribute('data-to'));
  assert.ok(to > from, `a range: ${from}–${to}`);
  const r = summarizeRange(events, from, to);
  const num = async (key: string) => Number(await panel.locator(`[data-testid=range-${key}]`).getAttribute('data-value'));
  const json = async (key: string) => JSON.parse((await panel.locator(`[data-testid=range-${key}]`).getAttribute('data-value')) ?? 'null');
  assert.equal(await num('deadSec'), r.deadSec);
  assert.equal(await num('natExpiries'), r.natExpiries);
  assert.equal(await num('disconnects'), r.disconnects);
  assert.equal(await num('pushesSent'), r.pushes.sent);
  assert.equal(await num('pushesDelivered'), r.pushes.delivered);
  assert.equal(await num('pushesLost'), r.pushes.lost);
  assert.equal(await num('wakeups'), r.wakeups);
  assert.equal(await num('energy'), r.energy.joules);
  // The card's unit beside the range's own joules: the range's energy at a day's rate.
  assert.equal(await num('energyPerDay'), r.energy.joulesPerDay);
  assert.equal(await panel.locator('[data-testid=range-energyPerDay] dd').textContent(), formatJoulesPerDay(r.energy.joulesPerDay));
  assert.equal(await num('radioOnSec'), r.energy.radioOnSec);
  assert.deepEqual(await json('lifecycle'), r.lifecycleSec);
  assert.deepEqual(await json('radio'), r.radioSec);
  // What a reader sees is the same number.
  assert.equal(await panel.locator('[data-testid=range-deadSec] dd').textContent(), formatDuration(r.deadSec));
  return r;
}

test('drag across the chart or the lanes: the range panel is summarizeRange over that range; Esc clears', async () => {
  const serve = await startServe([over.file]);
  try {
    for (const size of SIZES) {
      const { page, errors } = await openInspector(browser, serve.url, size);
      await page.waitForSelector('[data-testid=replay-controls]');
      const ticks = await page.$$eval('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text', (t) => t.map((x) => x.textContent));
      await drag(page, '[data-testid=heartbeat-chart]', 0.05, 0.9);
      const r = await assertPanelIsTheFold(page, over.events);
      assert.ok(r.deadSec > 0 && r.natExpiries > 0, `the range holds the dead stretch: ${JSON.stringify(r)}`);
      assert.deepEqual(await page.$$eval('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text', (t) => t.map((x) => x.textContent)), ticks, 'a plain drag selects; it does not pan');
      // The band's label stands clear of the chart's title and legend (it was drawn over the title at 1024×768).
      const label = (await page.locator('.range-band-label').boundingBox())!;
      for (const sel of ['.chart-panel .panel-head h2', '[data-testid=chart-legend]', '[data-testid=legend-toggle]']) {
        const b = (await page.locator(sel).first().boundingBox())!;
        assert.ok(!overlap(label, b), `at ${size.width}×${size.height} the range label ${JSON.stringify(label)} overlaps ${sel} ${JSON.stringify(b)}`);
      }
      // The answer is on screen without scrolling for it (the panel sits under the lanes). The page
      // scrolls by whole pixels and the panel's edges need not sit on one: less than a pixel may hang over.
      const shown = (await page.locator('[data-testid=range-panel]').boundingBox())!;
      assert.ok(shown.y > -1 && shown.y + shown.height < size.height + 1, `at ${size.width}×${size.height} the range panel ${JSON.stringify(shown)} is in view`);
      await page.screenshot({ path: path.join(ARTIFACTS, `range-selection-${size.width}x${size.height}.png`) });
      if (size.width === 1440) {
        assert.deepEqual(await seriousA11yViolations(page), []);
        await page.keyboard.press('Escape');
        await page.waitForSelector('[data-testid=range-panel]', { state: 'detached' });
        assert.equal(await page.locator('[data-testid=range-band]').count(), 0);
        // The lanes select too, on the same time axis.
        await drag(page, '[data-testid=lane-lifecycle] .lane-bar', 0.05, 0.5);
        await assertPanelIsTheFold(page, over.events);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    await serve.stop();
  }
});

test('compare: one y scale, one x scale, one cursor, titled panels, single-view units, overlay', async () => {
  const serve = await startServe([over.file, under.file]);
  try {
    for (const size of SIZES) {
      const { page, errors } = await openInspector(browser, serve.url, size);
      await page.waitForSelector('[data-testid=compare-cards]');
      const view = (i: number) => `[data-testid=compare-view-${i}]`;
      await page.waitForSelector(`${view(1)} [data-testid=time-cursor]`);
      assert.equal(await page.textContent('[data-testid=compare-title-0]'), 'server-heartbeat-over-nat');
      assert.equal(await page.textContent('[data-testid=compare-title-1]'), 'server-heartbeat-under-nat');
      assert.equal(await page.textContent('[data-testid=shown-source]'), 'On screen: the compare of two runs. Run starts the preset picked above.');

      // Same tick labels at the same heights; the same x ticks over the union of both runs.
      const yTicks = (i: number) => page.$$eval(`${view(i)} .recharts-yAxis-tick-labels text`, (t) => t.map((x) => `${x.textContent}@${Math.round(x.getBoundingClientRect().top - x.closest('svg')!.getBoundingClientRect().top)}`));
      const xTicks = (i: number) => page.$$eval(`${view(i)} .recharts-xAxis-tick-labels text`, (t) => t.map((x) => x.textContent));
      assert.ok((await yTicks(0)).length > 2);
      assert.deepEqual(await yTicks(0), await yTicks(1), 'one y scale');
      assert.deepEqual(await xTicks(0), await xTicks(1), 'one x scale');
      const natY = (i: number) => page.$eval(`${view(i)} .nat-timeout-line line`, (l) => Math.round(l.getBoundingClientRect().top - l.closest('svg')!.getBoundingClientRect().top));
      assert.equal(await natY(0), await natY(1), 'the same 300 s NAT line at the same height');

      // One legend above both charts, naming every kind of mark either draws; neither chart has its own.
      assert.equal(await page.locator('[data-testid=chart-legend]').count(), 1);
      assert.equal(await page.locator('[data-testid=compare-legend] [data-testid=chart-legend]').count(), 1);
      // And one line saying what the mouse and keys do (each chart's own wrapped to two lines above its plot).
      assert.equal(await page.locator('.chart-gestures').count(), 1);
      assert.equal(await page.locator('[data-testid=compare-legend] .chart-gestures').count(), 1);
      const drawn = await page.$$eval('[data-testid=heartbeat-chart] [data-marker]', (ms) => [...new Set(ms.map((m) => m.getAttribute('data-marker')!))].sort());
      const listed = await page.$$eval('[data-testid=chart-legend] li[data-legend^=marker-]', (ls) => ls.map((l) => l.getAttribute('data-legend')!.slice('marker-'.length)).sort());
      assert.deepEqual(listed, drawn);
      // Both plots at the same height: their grids share a top and a height.
      const plot = async (i: number) => {
        const b = (await page.locator(`${view(i)} .recharts-cartesian-grid`).boundingBox())!;
        return { y: Math.round(b.y), height: Math.round(b.height) };
      };
      assert.deepEqual(await plot(1), await plot(0), `at ${size.width}×${size.height} both plots start at one height`);
      // The NAT line's label clear of every mark, tick label, axis title and axis line, in both panels.
      for (const i of [0, 1]) {
        const hits = await page.$eval(view(i), (v) => {
          const el = [...v.querySelectorAll('[data-testid=heartbeat-chart] text')].find((t) => t.textContent?.startsWith('NAT idle timeout'))!;
          const label = el.getBoundingClientRect();
          const others = v.querySelectorAll('[data-testid=heartbeat-chart] :is([data-marker], .mark-strip, .recharts-cartesian-axis-tick text, .recharts-label, .recharts-cartesian-axis-line)');
          return [...others]
            .filter((o) => {
              if (o === el || o.contains(el)) return false;
              const b = o.getBoundingClientRect();
              return b.left < label.right && label.left < b.right && b.top < label.bottom && label.top < b.bottom;
            })
            .map((o) => `${o.getAttribute('data-marker') ?? o.getAttribute('class')} ${o.textContent}`);
        });
        assert.deepEqual(hits, [], `at ${size.width}×${size.height} panel ${i}'s NAT label overlaps`);
      }

      // The single view's units (the cards are each run's whole summary: it is opened at its end).
      const dead = (await page.textContent('[data-testid=compare-deadSec] .card-value'))!;
      assert.equal(dead, `${formatDuration(over.summary.deadSec)} → ${formatDuration(under.summary.deadSec)}`);
      assert.doesNotMatch((await page.textContent('[data-testid=compare-cards]'))!, /\(s\)/);

      // Seek one: both cursors move to the same instant.
      await page.locator(`${view(0)} [data-testid=seek-bar]`).fill('600000');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=time-cursor]')].every((c) => c.getAttribute('data-t') === '600000'), null, { timeout: 10_000 });
      await page.locator(`${view(1)} [data-testid=seek-bar]`).fill('900000');
      await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=time-cursor]')].every((c) => c.getAttribute('data-t') === '900000'), null, { timeout: 10_000 });
      // Play one: the other plays; pause it: both pause.
      await page.click(`${view(0)} [data-testid=play-button]`);
      await page.waitForSelector(`${view(1)} [data-testid=play-button]:has-text("Pause")`, { timeout: 10_000 });
      await page.click(`${view(0)} [data-testid=play-button]`);
      await page.waitForSelector(`${view(1)} [data-testid=play-button]:has-text("Play")`, { timeout: 10_000 });
      await page.waitForFunction(() => new Set([...document.querySelectorAll('[data-testid=time-cursor]')].map((c) => c.getAttribute('data-t'))).size === 1, null, { timeout: 10_000 });

      await page.screenshot({ path: path.join(ARTIFACTS, `compare-${size.width}x${size.height}.png`) });

      // A range selected in one panel shows in both, each with its own run's figures.
      await drag(page, `${view(0)} [data-testid=heartbeat-chart]`, 0.2, 0.6);
      assert.equal(await page.locator('[data-testid=range-panel]').count(), 2);
      await page.keyboard.press('Escape');

      // The kinds of mark the second run's own panel draws, to find them again overlaid.
      const kindsOf = (sel: string) => page.$$eval(sel, (m) => [...new Set(m.map((x) => x.getAttribute('data-marker')))].sort());
      const otherKinds = await kindsOf(`${view(1)} [data-testid=heartbeat-chart] .marker`);
      assert.ok(otherKinds.length > 0, 'the second run draws marks');

      // Overlay: both runs on one chart, in two colours, with one key.
      await page.check('[data-testid=overlay-toggle]');
      await page.waitForSelector('[data-testid=overlay-run] path');
      // The second run's marks too, in its colour: the same kinds its own panel drew.
      const overlaid = '[data-testid=compare-overlay] .marker[data-overlaid]';
      await page.waitForSelector(overlaid);
      assert.deepEqual(await kindsOf(overlaid), otherKinds);
      const overlaidStrokes = await page.$$eval(overlaid, (m) => [...new Set(m.map((x) => getComputedStyle(x).stroke))]);
      const lineStroke = await page.$eval('[data-testid=overlay-run] path.overlay-sawtooth', (p) => getComputedStyle(p).stroke);
      assert.deepEqual(overlaidStrokes, [lineStroke], 'overlaid marks are drawn in the overlaid line\'s colour');
      assert.ok((await page.locator('[data-testid=compare-overlay] .marker:not([data-overlaid])').count()) > 0, 'the first run\'s marks are still drawn');
      // Its card says which run a mark is.
      const mark = page.locator(overlaid).last();
      const box = (await mark.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.waitForSelector('[data-testid=chart-tooltip] [data-overlaid]');
      assert.match((await page.textContent('[data-testid=chart-tooltip] [data-overlaid]')) ?? '', /overlaid run/);
      await page.mouse.move(1, 1);
      const own = await page.$$eval('[data-testid=compare-overlay] [data-testid=heartbeat-chart] :is(.sawtooth, .idle-envelope)', (p) => p.map((x) => x.getAttribute('d')?.length ?? 0));
      const other = await page.$eval('[data-testid=overlay-run] path.overlay-sawtooth', (p) => ({ d: p.getAttribute('d')?.length ?? 0, stroke: getComputedStyle(p).stroke }));
      assert.equal(own.length, 1);
      assert.ok(own[0]! > 0 && other.d > 0, 'two series drawn');
      const ownStroke = await page.$eval('[data-testid=compare-overlay] [data-testid=heartbeat-chart] :is(.sawtooth, .idle-envelope)', (p) => getComputedStyle(p).stroke);
      assert.notEqual(other.stroke, ownStroke, 'two colours');
      // Nor the NAT line's colour: a dashed line of that hue reads as a second timeout.
      const natStroke = await page.$eval('[data-testid=compare-overlay] .nat-timeout-line line', (l) => getComputedStyle(l).stroke);
      const hue = (rgb: string) => {
        const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
        const max = Math.max(r, g, b), min = Math.min(r, g, b);
        if (max === min) return 0;
        const h = max === r ? (g - b) / (max - min) : max === g ? 2 + (b - r) / (max - min) : 4 + (r - g) / (max - min);
        return ((h * 60) + 360) % 360;
      };
      const apart = Math.abs(hue(other.stroke) - hue(natStroke));
      assert.ok(Math.min(apart, 360 - apart) > 60, `overlay ${other.stroke} and NAT line ${natStroke} differ in hue`);
      // One run's dead stretches are not shaded under both lines (the healthy run looked dead), nor named.
      assert.equal(await page.locator('[data-testid=compare-overlay] .dead-stretch').count(), 0);
      assert.equal(await page.locator('[data-testid=compare-legend] [data-legend=dead]').count(), 0);
      assert.equal(await page.textContent('[data-testid=overlay-key-1]'), ' server-heartbeat-under-nat');
      await page.screenshot({ path: path.join(ARTIFACTS, `compare-overlay-${size.width}x${size.height}.png`) });
      if (size.width === 1440) assert.deepEqual(await seriousA11yViolations(page), []);
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    await serve.stop();
  }
});
