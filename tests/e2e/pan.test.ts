// A pan by whole pixels moves the chart's marks and the lanes' bars as a group: each glyph and bar
// that stays in the window keeps its element, its path and its title. Drawn at their place in the
// window and keyed by index, every one was rewritten at every frame of a scrub (docs/performance.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { inspectorFixture, runFastPreset } from '../helpers/inspector-page.ts';

const { open } = inspectorFixture();

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
    for (const el of document.querySelectorAll<Element & { __tag?: string }>('[data-testid=heartbeat-chart] .marker, .lane-bar rect')) el.__tag = el.getAttribute('d') ?? el.querySelector('title')?.textContent ?? '';
  });

/** Marks and bars after the pan: how many were there before (the same element), and how many of those changed. */
const kept = (page: Page) =>
  page.evaluate(() => {
    const all = [...document.querySelectorAll<Element & { __tag?: string }>('[data-testid=heartbeat-chart] .marker, .lane-bar rect')];
    const before = all.filter((el) => el.__tag !== undefined);
    // A bar cut by the window's edge is drawn from the edge: its title says where the window starts
    // or ends. (No named functions in page code: the test's transpiler would wrap them in a helper.)
    const changed = before.filter((el) => {
      if (el.__tag === (el.getAttribute('d') ?? el.querySelector('title')?.textContent ?? '')) return false;
      const bar = el.closest('svg.lane-bar')?.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      return bar === undefined || (r.left > bar.left + 1 && r.right < bar.right - 1);
    });
    const marks = all.filter((el) => el.classList.contains('marker'));
    return { all: all.length, marks: marks.length, marksKept: marks.filter((el) => el.__tag !== undefined).length, kept: before.length, changed: changed.length };
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
  const frames = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await page.mouse.move(cx, cy);
  await page.keyboard.down('Shift');
  await page.mouse.down();
  // The drag's first step: after a zoom the lanes' bars are keyed by index (a new scale puts no bar
  // where it was), and the first pan at that scale keys them by their column.
  await page.mouse.move(cx - 10, cy);
  await frames();
  await tagDrawn(page);
  await watchRewrites(page);
  for (let i = 2; i <= 7; i++) {
    await page.mouse.move(cx - i * 10, cy);
    // One frame per step: the chart applies the latest window once per frame.
    await frames();
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  assert.notEqual(await chart.getAttribute('data-window'), windowBefore, 'the drag panned');
  const after = await kept(page);
  const rewrites = await page.evaluate(() => (window as unknown as { __rewrites: { paths: number; titles: number } }).__rewrites);
  assert.ok(after.marksKept >= 3, `marks that stayed in the window: ${JSON.stringify(after)}`);
  assert.ok(after.kept > after.all / 2, `most marks and bars stayed in the window as the same elements: ${JSON.stringify(after)}`);
  assert.equal(after.changed, 0, `marks or bars that stayed but were redrawn: ${JSON.stringify(after)}`);
  assert.equal(rewrites.paths, 0, 'no mark’s path was rewritten during the pan');
  assert.deepEqual(errors, []);
  await page.close();
});
