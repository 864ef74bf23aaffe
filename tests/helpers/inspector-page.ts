// The inspector page in browser mode, as the e2e tests open and drive it.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from './browser.ts';

/**
 * One `lifeline serve` (given `args`, e.g. a capture) and one Chromium for a test file (the hooks are
 * registered here), and a way to open the inspector in it; the Chromium serves a test that starts
 * a serve of its own.
 */
export function inspectorFixture(args: string[] = []): { open: (viewport?: { width: number; height: number }) => Promise<{ page: Page; errors: string[] }>; browser: () => Browser } {
  let serve: Awaited<ReturnType<typeof startServe>> | undefined;
  const browser = chromiumFixture();
  before(async () => {
    serve = await startServe(args);
  });
  after(async () => {
    await serve?.stop();
  });
  return { open: (viewport) => openInspector(browser(), serve!.url, viewport), browser };
}

/** One Chromium for a test file (the hooks are registered here), and the artifacts folder made. */
export function chromiumFixture(): () => Browser {
  let browser: Browser | undefined;
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => browser!;
}

export async function openInspector(browser: Browser, url: string, viewport = { width: 1440, height: 1000 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('[data-testid=preset-picker] option[value=seed-snippet]', { state: 'attached' });
  return { page, errors };
}

/** The run is over — its whole duration ('done') or stopped before ('stopped') — and the view on screen has drawn its last events (views publish once per frame). */
export const runDone = (page: Page, timeout = 30_000) =>
  page.waitForFunction(
    () => /^(done|stopped)/.test(document.querySelector('[data-testid=run-status]')?.textContent ?? '') && document.querySelector('.cursor-frame')?.getAttribute('data-status') === 'done',
    null,
    { timeout },
  );

export async function runFastPreset(page: Page, name: string): Promise<void> {
  await page.selectOption('[data-testid=preset-picker]', name);
  // The previous run's 'done' is still on screen when Run is clicked: wait until the page has shown
  // this run as not done (seen by the page itself, so no poll can miss it), then for its end.
  await page.evaluate(() => {
    const w = window as unknown as { __runLeftDone?: boolean };
    w.__runLeftDone = false;
    const obs = new MutationObserver(() => {
      if (!document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('done')) {
        w.__runLeftDone = true;
        obs.disconnect();
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.click('[data-testid=run-button]');
  await page.waitForFunction(() => (window as unknown as { __runLeftDone?: boolean }).__runLeftDone === true, null, { timeout: 30_000 });
  await runDone(page);
}

/** The chart's x-axis tick labels: what a zoom or a pan visibly changes. */
export const chartTicks = (page: Page) => page.$$eval('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text', (t) => t.map((x) => x.textContent ?? ''));

/** What the load bar showed: its accessible name, its value, and whether `alsoSelector` matched then. */
export type LoadBarSeen = { label: string; value: number; also: boolean };

/**
 * Records every state the load bar shows, seen by the page itself (no polling race); call before
 * `goto`. The returned function hands over what was seen since it was last called.
 */
export async function recordLoadBar(page: Page, alsoSelector = ':not(*)'): Promise<() => Promise<LoadBarSeen[]>> {
  await page.addInitScript((also: string) => {
    const w = window as unknown as { loadBarSeen: LoadBarSeen[] };
    w.loadBarSeen = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid=load-progress] [role=progressbar]');
      if (!bar) return;
      const now = { label: bar.getAttribute('aria-label') ?? '', value: Number(bar.getAttribute('aria-valuenow')), also: !!document.querySelector(also) };
      const last = w.loadBarSeen.at(-1);
      if (last?.label !== now.label || last.value !== now.value || last.also !== now.also) w.loadBarSeen.push(now);
    }).observe(document, { subtree: true, childList: true, attributes: true });
  }, alsoSelector);
  return async () => (await page.evaluate('window.loadBarSeen.splice(0)')) as LoadBarSeen[];
}

/** The bar was named `label` throughout, showed partial progress and only moved forward. */
export function assertLoadBarMoved(seen: LoadBarSeen[], label: string | RegExp): void {
  const values = seen.map((s) => s.value);
  assert.ok(seen.length >= 2 && seen.every((s) => (typeof label === 'string' ? s.label === label : label.test(s.label))), `the bar, named ${label}, moved: ${JSON.stringify(seen)}`);
  assert.ok(values.some((v) => v > 0 && v < 100), `it showed partial progress: ${values.join(' ')}`);
  assert.deepEqual(values, [...values].sort((a, b) => a - b), 'it only moves forward');
}

/**
 * Pairs of the chart's time-axis tick labels that meet or stand closer than `gapPx` (they would read
 * as one: "0:55:001:00:00" was 3 px apart), as "0:55:00|1:00:00". Waits until every label sits in
 * its svg (projector mode re-renders the chart).
 */
export async function tickLabelsCrowded(page: Page, gapPx = 8): Promise<string[]> {
  const sel = '[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text';
  await page.waitForFunction((s) => {
    const ts = [...document.querySelectorAll(s)];
    return ts.length > 0 && ts.every((t) => t.closest('svg'));
  }, sel);
  return page.$$eval(
    sel,
    (ts, gap) => {
      const boxes = ts.map((t) => ({ text: t.textContent ?? '', b: t.getBoundingClientRect() }));
      const crowded: string[] = [];
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [p, q] = [boxes[i]!.b, boxes[j]!.b];
          if (p.left < q.right + gap && q.left < p.right + gap && p.top < q.bottom && q.top < p.bottom) crowded.push(`${boxes[i]!.text}|${boxes[j]!.text}`);
        }
      return crowded;
    },
    gapPx,
  );
}
