// A pan by whole pixels moves the chart's marks and the lanes' bars as a group: each glyph and bar
// that stays in the window keeps its element, its path and its title. Drawn at their place in the
// window and keyed by index, every one was rewritten at every frame of a scrub (docs/performance.md).
// Drawn far along the axis, they must still land where they belong: SVG coordinates are 32-bit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { inspectorFixture, runDone, runFastPreset } from '../helpers/inspector-page.ts';
import { PLOT_LEFT, PLOT_RIGHT } from '../../renderer/src/time-axis.ts';

const { open } = inspectorFixture();

/** Two animation frames: the chart applies the latest window once per frame. */
const twoFrames = (page: Page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Counts, from now on, the rewrites of the marks' paths and of the lanes' bar titles. */
const watchRewrites = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __rewrites: { paths: number; titles: number } };
    w.__rewrites = { paths: 0, titles: 0 };
    new MutationObserver((records) => {
      for (const r of records) {
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        if (r.type === 'attributes' && el?.classList.contains('marker')) w.__rewrites.paths++;
        if (r.type !== 'attributes' && el?.closest('title') && el.closest('.lane-bar')) w.__rewrites.titles++;
      }
    }).observe(document.querySelector('main') ?? document.body, { subtree: true, attributes: true, attributeFilter: ['d'], childList: true, characterData: true });
  });

/** Each mark and bar now on screen is tagged, to be found again after the pan. */
const tagDrawn = (page: Page) =>
  page.evaluate(() => {
    for (const el of document.querySelectorAll<Element & { __tag?: string; __x?: number }>('[data-testid=heartbeat-chart] .marker, .lane-bar:not(.actions) rect')) {
      el.__tag = el.getAttribute('d') ?? el.querySelector('title')?.textContent ?? '';
      el.__x = el.getBoundingClientRect().left;
    }
  });

/**
 * Marks and bars after the pan: how many were there before (the same element), how many of those
 * changed, and how far on screen each kept one moved (left edges, px).
 */
const kept = (page: Page) =>
  page.evaluate(() => {
    const all = [...document.querySelectorAll<Element & { __tag?: string; __x?: number }>('[data-testid=heartbeat-chart] .marker, .lane-bar:not(.actions) rect')];
    const before = all.filter((el) => el.__tag !== undefined);
    // A bar cut by the window's edge is drawn from the edge: its title says where the window starts
    // or ends. (No named functions in page code: the test's transpiler would wrap them in a helper.)
    const inside = before.filter((el) => {
      const bar = el.closest('svg.lane-bar')?.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return bar === undefined || (r.left > bar.left + 1 && r.right < bar.right - 1);
    });
    const changed = inside.filter((el) => el.__tag !== (el.getAttribute('d') ?? el.querySelector('title')?.textContent ?? ''));
    const marks = all.filter((el) => el.classList.contains('marker'));
    return {
      all: all.length,
      marks: marks.length,
      marksKept: marks.filter((el) => el.__tag !== undefined).length,
      kept: before.length,
      changed: changed.length,
      moved: inside.map((el) => Math.round((el.getBoundingClientRect().left - el.__x!) * 10) / 10),
    };
  });

test('a Shift-drag by whole pixels keeps every mark and bar that stays in the window, unchanged', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'server-heartbeat-under-nat');
  const chart = page.locator('[data-testid=heartbeat-chart]');
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  const cx = Math.round(box.x + box.width / 2);
  const cy = Math.round(box.y + box.height / 2);
  // Zoomed in to a few hours, where the marks are drawn one by one.
  await chart.focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('w');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=heartbeat-chart] .marker').length >= 5);
  const windowBefore = await chart.getAttribute('data-window');
  await page.mouse.move(cx, cy);
  await page.keyboard.down('Shift');
  await page.mouse.down();
  // The drag's first step: after a zoom the lanes' bars are keyed by index (a new scale puts no bar
  // where it was), and the first pan at that scale keys them by their column.
  await page.mouse.move(cx - 10, cy);
  await twoFrames(page);
  await tagDrawn(page);
  await watchRewrites(page);
  for (let i = 2; i <= 7; i++) {
    await page.mouse.move(cx - i * 10, cy);
    // One frame per step: the chart applies the latest window once per frame.
    await twoFrames(page);
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await twoFrames(page);
  assert.notEqual(await chart.getAttribute('data-window'), windowBefore, 'the drag panned');
  const after = await kept(page);
  const rewrites = await page.evaluate(() => (window as unknown as { __rewrites: { paths: number; titles: number } }).__rewrites);
  assert.ok(after.marksKept >= 3, `marks that stayed in the window: ${JSON.stringify(after)}`);
  assert.ok(after.kept > after.all / 2, `most marks and bars stayed in the window as the same elements: ${JSON.stringify(after)}`);
  assert.equal(after.changed, 0, `marks or bars that stayed but were redrawn: ${JSON.stringify(after)}`);
  // Dragged 60 px to the left: everything kept moved with the window, by the same 60 px.
  assert.ok(after.moved.every((dx) => Math.abs(dx + 60) <= 1), `kept marks and bars moved by ${JSON.stringify([...new Set(after.moved)])} px`);
  assert.equal(rewrites.paths, 0, 'no mark’s path was rewritten during the pan');
  const lanes = await page.locator('.lane-bar:not(.actions)').count();
  assert.ok(rewrites.titles <= lanes * 2 * 6, `bar titles rewritten in 6 steps: ${rewrites.titles} (only bars cut by the window's edges may change)`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('zoomed to a second at the end of a day: the lanes draw their bars across the window, and a mark sits at its instant', async () => {
  const { page, errors } = await open();
  // A day: its last second starts some 85 million columns from the run's start, past what SVG's
  // 32-bit coordinates hold to the unit (the bars were drawn shifted, or not at all).
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.fill('input[name=durationSec]', '86400');
  await page.click('[data-testid=run-button]');
  await runDone(page, 60_000);
  const chart = page.locator('[data-testid=heartbeat-chart]');
  await chart.scrollIntoViewIfNeeded();
  const box = (await chart.boundingBox())!;
  // The pointer at the plot's right end: W zooms around it, into the run's last second.
  await page.mouse.move(box.x + box.width - 26, box.y + box.height / 2);
  await chart.focus();
  for (let i = 0; i < 60; i++) await page.keyboard.press('w');
  await page.waitForFunction(() => {
    const [t0, t1] = (document.querySelector('[data-testid=heartbeat-chart]')?.getAttribute('data-window') ?? '0,0').split(',').map(Number);
    return t1! - t0! <= 1000 && t0! > 86_000_000;
  });
  // Each lane's bars, on screen: together they run from the lane's left end to its right end.
  const lanes = await page.$$eval('.lane-bar:not(.actions)', (svgs) =>
    svgs.map((svg) => {
      const s = svg.getBoundingClientRect();
      const bars = [...svg.querySelectorAll('rect:not(.lane-flag)')].map((r) => r.getBoundingClientRect()).filter((r) => r.width > 0);
      return { lane: svg.getAttribute('aria-label'), left: s.left, right: s.right, from: Math.min(...bars.map((r) => r.left)), to: Math.max(...bars.map((r) => r.right)), bars: bars.length };
    }),
  );
  assert.ok(lanes.length >= 2);
  for (const l of lanes) assert.ok(l.bars > 0 && Math.abs(l.from - l.left) <= 1 && Math.abs(l.to - l.right) <= 1, `the ${l.lane}: bars from ${l.from} to ${l.to}, the lane from ${l.left} to ${l.right}`);
  // Out to the last quarter hour, then in again to a second around a heartbeat, the pointer on it:
  // the mark is drawn at its instant on the window's scale.
  for (let i = 0; i < 30; i++) await page.keyboard.press('s');
  const mark = page.locator('[data-testid=heartbeat-chart] .marker[data-marker=server-heartbeat]').first();
  const t = Number(await mark.getAttribute('data-t'));
  const at = (await mark.boundingBox())!;
  await page.mouse.move(Math.round(at.x + at.width / 2), Math.round(at.y + at.height / 2));
  for (let i = 0; i < 40; i++) await page.keyboard.press('w');
  await page.waitForFunction((ms) => {
    const [t0, t1] = (document.querySelector('[data-testid=heartbeat-chart]')?.getAttribute('data-window') ?? '0,0').split(',').map(Number);
    return t1! - t0! <= 1000 && t0! <= ms && ms <= t1!;
  }, t);
  const [t0, t1] = (await chart.getAttribute('data-window'))!.split(',').map(Number) as [number, number];
  const plot = (await chart.boundingBox())!;
  const expected = plot.x + PLOT_LEFT + ((t - t0) / (t1 - t0)) * (plot.width - PLOT_LEFT - PLOT_RIGHT);
  const still = await page.locator(`[data-testid=heartbeat-chart] .marker[data-t="${t}"]`).boundingBox();
  assert.ok(still && Math.abs(still.x + still.width / 2 - expected) <= 1, `the heartbeat at ${t} ms is drawn at ${still?.x}–${still && still.x + still.width} px, its instant is at ${expected} px`);
  assert.deepEqual(errors, []);
  await page.close();
});

/** An axis label's time ("1:30:00", "0:30") in ms. */
const clockMs = (text: string) => text.split(':').reduce((ms, part) => ms * 60 + Number(part), 0) * 1000;

test('networks with different NATs: each timeout is drawn over its stretch, and a pan moves the change of network with the window', async () => {
  const { page, errors } = await open();
  // 300 s on the carrier until 1:30:00, 3600 s at home until 3:00:00, 300 s again (4 h).
  await runFastPreset(page, 'carrier-and-home-wifi');
  const chart = page.locator('[data-testid=heartbeat-chart]');
  await chart.scrollIntoViewIfNeeded();
  const CHANGE_MS = 5400 * 1000;
  /** The window, the plot's ends on screen, and each drawn segment's timeout, ends and height. */
  const drawn = async () => {
    const [t0, t1] = (await chart.getAttribute('data-window'))!.split(',').map(Number) as [number, number];
    const box = (await chart.boundingBox())!;
    const segs = await page.$$eval('[data-testid=heartbeat-chart] line.nat-timeout-segment', (ls) =>
      ls.map((l) => ({ sec: Number(l.getAttribute('data-sec')), left: l.getBoundingClientRect().left, right: l.getBoundingClientRect().right, y: Number(l.getAttribute('y1')) })),
    );
    const left = box.x + PLOT_LEFT;
    const width = box.width - PLOT_LEFT - PLOT_RIGHT;
    return { t0, t1, left, right: left + width, at: (ms: number) => left + ((ms - t0) / (t1 - t0)) * width, segs };
  };
  const whole = await drawn();
  // The whole run: the carrier's 300 s twice, at one height, the plot's ends and the changes between.
  const carrier = whole.segs.filter((s) => s.sec === 300);
  assert.equal(carrier.length, 2, JSON.stringify(whole.segs));
  assert.equal(carrier[0]!.y, carrier[1]!.y);
  // At the height of the timeout now in force (the carrier's: its single line is drawn, unseen, there).
  assert.equal(carrier[0]!.y, Number(await page.getAttribute('[data-testid=heartbeat-chart] .nat-timeout-line line', 'y1')));
  // Home's 3600 s is above the axis's top: not drawn over the chart's header.
  assert.deepEqual(whole.segs.filter((s) => s.sec === 3600), []);
  assert.ok(Math.abs(carrier[0]!.left - whole.left) <= 1 && Math.abs(carrier[1]!.right - whole.right) <= 1, JSON.stringify(whole));
  assert.ok(Math.abs(carrier[0]!.right - whole.at(CHANGE_MS)) <= 1, `the first stretch ends at the change to Wi-Fi: ${JSON.stringify(whole.segs)}`);
  // The layers' scales (PlotScales.tsx) are recharts' own: each axis tick sits where the layers draw
  // its value. The carrier's first line runs on the layers' x scale from the run's start to the
  // change, and on their y scale at 300 s.
  // recharts draws an axis's tick lines and labels in two groups, in the same order.
  const ticks = await page.$eval('[data-testid=heartbeat-chart]', (chartEl) =>
    (['xAxis', 'yAxis'] as const).map((axis) => ({
      at: [...chartEl.querySelectorAll(`.recharts-${axis}-tick-lines line`)].map((l) => Number(l.getAttribute(axis === 'xAxis' ? 'x1' : 'y1'))),
      text: [...chartEl.querySelectorAll(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-label`)].map((l) => l.textContent ?? ''),
    })),
  );
  const [sx1, sx2] = await page.$eval('[data-testid=heartbeat-chart] line.nat-timeout-segment[data-sec="300"]', (l) => [Number(l.getAttribute('x1')), Number(l.getAttribute('x2'))]);
  const layerX = (ms: number) => sx1! + ((ms - whole.t0) / (CHANGE_MS - whole.t0)) * (sx2! - sx1!);
  const [xTicks, yTicks] = ticks as [(typeof ticks)[0], (typeof ticks)[0]];
  assert.ok(xTicks.at.length >= 3 && xTicks.at.length === xTicks.text.length, JSON.stringify(xTicks));
  xTicks.text.forEach((text, i) => assert.ok(Math.abs(xTicks.at[i]! - layerX(clockMs(text))) < 0.01, `the ${text} tick is at ${xTicks.at[i]}, the layers draw ${text} at ${layerX(clockMs(text))}`));
  assert.equal(yTicks.at[yTicks.text.indexOf('300')], carrier[0]!.y, `the 300 s tick: ${JSON.stringify(yTicks)}`);
  // Zoomed in around the change to Wi-Fi, then Shift-dragged 60 px: the change moves with the window.
  const box = (await chart.boundingBox())!;
  await page.mouse.move(Math.round(whole.at(CHANGE_MS)), Math.round(box.y + box.height / 2));
  await chart.focus();
  for (let i = 0; i < 4; i++) await page.keyboard.press('w');
  const zoomed = await drawn();
  assert.ok(zoomed.t0 < CHANGE_MS && CHANGE_MS < zoomed.t1, `zoomed around the change: ${zoomed.t0}–${zoomed.t1}`);
  const first = zoomed.segs.find((s) => s.sec === 300)!;
  assert.ok(Math.abs(first.left - zoomed.left) <= 1 && Math.abs(first.right - zoomed.at(CHANGE_MS)) <= 1, `the carrier's stretch runs from the plot's left to the change: ${JSON.stringify(zoomed)}`);
  const x = Math.round(zoomed.at(CHANGE_MS));
  const cy = Math.round(box.y + box.height / 2);
  await page.mouse.move(x, cy);
  await page.keyboard.down('Shift');
  await page.mouse.down();
  for (let i = 1; i <= 6; i++) {
    await page.mouse.move(x + i * 10, cy);
    await twoFrames(page);
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  // Until the chart shows the window of the last step (6 × 10 px back in time).
  const target = zoomed.t0 - (60 / (zoomed.right - zoomed.left)) * (zoomed.t1 - zoomed.t0);
  await page.waitForFunction((t0) => Math.abs(Number(document.querySelector('[data-testid=heartbeat-chart]')?.getAttribute('data-window')?.split(',')[0]) - t0) < 1, target);
  const panned = await drawn();
  const moved = panned.segs.find((s) => s.sec === 300)!;
  assert.ok(Math.abs(moved.right - (first.right + 60)) <= 1, `the change moved 60 px with the window: ${first.right} → ${moved.right}`);
  assert.deepEqual(errors, []);
  await page.close();
});
