// A compare in projector mode (issue 17 §5): both plots take at least half the screen's height and
// stand wholly on the first screen at 1280×720 and 1024×768, side by side and overlaid. The replay
// controls and the compare's cards move under the charts; everything stays reachable by scrolling.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from '../helpers/browser.ts';
import { openInspector } from '../helpers/inspector-page.ts';
import { recordPreset } from '../helpers/record-session.ts';

let browser: Browser;
let serve: Awaited<ReturnType<typeof startServe>>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-compare-projector-'));

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const over = recordPreset('server-heartbeat-over-nat', dir);
  const under = recordPreset('server-heartbeat-under-nat', dir);
  serve = await startServe([over.file, under.file]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Every plot on screen, with its x-axis labels: at least half the viewport tall, all of it inside the viewport. */
async function assertPlotsOnFirstScreen(page: Page, viewport: { width: number; height: number }, expected: number, what: string): Promise<void> {
  await page.$eval('.main', (m) => m.scrollTo(0, 0));
  const plots = await page.$$eval('[data-testid=heartbeat-chart]', (charts) =>
    charts.map((c) => {
      const grid = c.querySelector('.recharts-cartesian-grid')!.getBoundingClientRect();
      const ticks = [...c.querySelectorAll('.recharts-xAxis-tick-labels text')].map((t) => t.getBoundingClientRect().bottom);
      return { top: grid.top, height: grid.height, bottom: Math.max(grid.bottom, ...ticks) };
    }),
  );
  assert.equal(plots.length, expected, `${what}: ${expected} chart(s)`);
  for (const p of plots) {
    assert.ok(p.height >= viewport.height / 2, `${what}: plot ${Math.round(p.height)} px tall in a ${viewport.height} px screen`);
    assert.ok(p.top >= 0 && p.bottom <= viewport.height, `${what}: plot and time axis from ${Math.round(p.top)} to ${Math.round(p.bottom)} px, screen ${viewport.height} px`);
  }
}

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`a compare in projector mode at ${size}: both plots take half the screen on the first screen, side by side and overlaid; controls and cards under them`, async () => {
    const { page, errors } = await openInspector(browser, serve.url, viewport);
    await page.waitForSelector('[data-testid=compare-view-1] [data-testid=time-cursor]');
    await page.focus('[data-testid=heartbeat-chart]');
    await page.keyboard.press('g');
    await page.waitForSelector('.app.projector');
    await assertPlotsOnFirstScreen(page, viewport, 2, `side by side, ${size}`);
    // Under the charts, still there: each run's replay controls, then the cards with their differences.
    const top = (sel: string) => page.$eval(sel, (e) => e.getBoundingClientRect().top);
    const below = {
      chart: await page.$eval('[data-testid=compare-view-0] [data-testid=heartbeat-chart]', (e) => e.getBoundingClientRect().bottom),
      replay: await top('[data-testid=compare-view-0] [data-testid=replay-controls]'),
      cards: await top('[data-testid=compare-cards]'),
    };
    assert.ok(below.replay > below.chart && below.cards > below.chart, JSON.stringify(below));
    // The title is cut to one line (in every mode), but says itself whole on hover.
    assert.match((await page.getAttribute('.compare-head .view-title', 'title')) ?? '', /^Compare: .*over-nat.* → .*under-nat/);
    await page.screenshot({ path: path.join(ARTIFACTS, `compare-projector-${size}.png`) });
    await page.check('[data-testid=overlay-toggle]');
    await page.waitForSelector('[data-testid=overlay-run] path');
    await assertPlotsOnFirstScreen(page, viewport, 1, `overlaid, ${size}`);
    await page.screenshot({ path: path.join(ARTIFACTS, `compare-projector-overlay-${size}.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  });
}
