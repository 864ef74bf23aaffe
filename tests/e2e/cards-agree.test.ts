// The cards, the chart and the cursor read the same player state at the same instant (docs/design.md
// "The player"): during a realtime run the dead-time and connected cards say what the chart shades
// up to its cursor, and in a replay the dead-time card is the range summary up to the cursor, never
// the summary at the last event before it (a NAT that expired at 5:00 is dead time at 5:30).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startServe } from '../helpers/browser.ts';
import { openInspector } from '../helpers/inspector-page.ts';
import { recordPreset } from '../helpers/record-session.ts';
import { summarizeRange } from '../../shared/folds/range-summary.ts';

let browser: Browser;
let serve: Awaited<ReturnType<typeof startServe>>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-cards-agree-'));
const over = recordPreset('server-heartbeat-over-nat', dir);

before(async () => {
  serve = await startServe();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await serve?.stop();
});

/** What one frame shows: the chart's cursor and dead stretches (ms), the cards' raw values, and the replay cursor if any. */
type Frame = { now: number; dead: [number, number][]; deadSec: number; connected: number; cursor: number | null };

/** Reads the chart and the cards in one evaluation: the same committed frame. */
const frame = (page: Page): Promise<Frame> =>
  page.evaluate(() => {
    // No named functions in here: the test's transpiler would wrap them in a helper the page lacks.
    const chart = document.querySelector<HTMLElement>('[data-testid=heartbeat-chart]')!;
    const [deadSec, connected] = ['deadSec', 'connectedRatio'].map((k) => JSON.parse(document.querySelector<HTMLElement>(`[data-testid=metric-${k}]`)!.dataset.value!) as number);
    const cursor = document.querySelector<HTMLElement>('[data-testid=time-cursor]')?.dataset.t;
    return {
      now: Number(chart.dataset.now),
      dead: [...chart.querySelectorAll<SVGElement>('.dead-stretch')].map((r) => [Number(r.dataset.from), Number(r.dataset.to)] as [number, number]),
      deadSec: deadSec!,
      connected: connected!,
      cursor: cursor === undefined ? null : Number(cursor),
    };
  });

/** Dead time the chart shades, up to its cursor (ms). */
const shadedMs = (f: Frame) => f.dead.reduce((sum, [from, to]) => sum + Math.min(to, f.now) - from, 0);

/** The cards say what the chart shades: the same dead time, and no more connected time than the unshaded rest. */
function assertAgree(f: Frame, where: string): void {
  const shaded = shadedMs(f);
  assert.ok(Math.abs(f.deadSec * 1000 - shaded) <= 1, `${where}: the dead-time card says ${f.deadSec} s, the chart shades ${shaded / 1000} s up to ${f.now} ms (${JSON.stringify(f.dead)})`);
  assert.ok(f.connected <= 1 - shaded / f.now + 1e-4, `${where}: the connected card says ${f.connected}, the chart shades ${shaded / 1000} s of ${f.now / 1000} s`);
}

test('a realtime run at 60×: at every sampled frame the dead-time and connected cards say what the chart shades up to its cursor', async () => {
  const { page, errors } = await openInspector(browser, serve.url);
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-over-nat');
  await page.selectOption('select[name=mode]', 'realtime');
  await page.click('.speed-presets button[data-speed="60"]');
  await page.click('[data-testid=run-button]');
  await page.waitForSelector('[data-testid=metric-deadSec]');
  // Frames sampled as the chart's clock moves, until several show the NAT expired and the path dead
  // up to the cursor (the moments the cards used to lag); bounded in count, each wait bounded.
  const dying: Frame[] = [];
  let seen = 0;
  for (let i = 0; i < 400 && dying.length < 6; i++) {
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>('[data-testid=heartbeat-chart]')?.dataset.now) > n, seen, { timeout: 30_000 });
    const f = await frame(page);
    seen = f.now;
    assertAgree(f, `frame at ${f.now} ms`);
    const open = f.dead.at(-1);
    // Red up to the cursor: a stretch that starts at the very frame shades nothing yet (a loaded
    // machine's frame can land on the expiry itself, with no dead time to show).
    if (open && open[1] >= f.now && open[0] < f.now) dying.push(f);
  }
  assert.ok(dying.length >= 6, `frames with the path dead at the cursor: ${dying.length}`);
  assert.ok(dying.every((f) => f.deadSec > 0 && f.connected < 1), 'dead time shows on the cards while the chart is red');
  // Stopped: the run's record ends at its last event, and so do the chart and the cards.
  await page.click('button:has-text("Stop")');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('stopped') && document.querySelector('.cursor-frame')?.getAttribute('data-status') === 'done', null, { timeout: 30_000 });
  assertAgree(await frame(page), 'stopped');
  assert.deepEqual(errors, []);
  await page.close();
});

test('replay after seeks: the dead-time card is the range summary up to the cursor and what the chart shades, in the same frame', async () => {
  const replay = await startServe([over.file]);
  try {
    const { page, errors } = await openInspector(browser, replay.url);
    await page.waitForSelector('[data-testid=replay-controls]');
    const expiry = over.events.find((e) => e.kind === 'nat' && e.op === 'expired')!;
    const events = over.events;
    // Ten minutes after the expiry and back, a moment between two events, and one before the expiry.
    const targets = [expiry.t + 600_000, expiry.t + 60_000, expiry.t + 1_234_567, 120_000, expiry.t + 600_000];
    for (const t of targets) {
      await page.locator('[data-testid=seek-bar]').fill(String(t));
      await page.waitForFunction((ms) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(ms), t);
      const f = await frame(page);
      assert.equal(f.cursor, t);
      const expected = summarizeRange(events, 0, t).deadSec;
      assert.ok(Math.abs(f.deadSec - expected) <= 0.001, `cursor at ${t} ms: the dead-time card says ${f.deadSec} s, the range summary to the cursor ${expected} s`);
      assertAgree(f, `cursor at ${t} ms`);
    }
    assert.ok(summarizeRange(events, 0, expiry.t + 600_000).deadSec > 0, 'the seeks land where the path is dead');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await replay.stop();
  }
});
