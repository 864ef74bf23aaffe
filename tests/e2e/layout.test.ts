// Issue 17 §1, §5 (lesson) and §6 as a user meets them in Debian's Chromium against browser mode:
// the chart is the page at 1440×900, the legend names only what the run draws, the sidebar stays,
// a refused field is told at the field, and states (stopped, notices, sessions) do not linger.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../helpers/browser.ts';
import { inspectorFixture, runFastPreset, tickLabelsCrowded } from '../helpers/inspector-page.ts';
import { seriousA11yViolations } from './axe.ts';
import { recordPreset } from '../helpers/record-session.ts';
import { lessonMoments } from '../../shared/folds/lesson/moments.ts';

const { open } = inspectorFixture();
const VIEWPORT = { width: 1440, height: 900 };

const box = async (page: Page, sel: string) => (await page.locator(sel).first().boundingBox())!;
/** The chart's legend entries for marks, and the kinds of mark the chart draws over the whole run. */
const legendMarks = (page: Page) => page.$$eval('[data-testid=chart-legend] li[data-legend^=marker-]', (ls) => ls.map((l) => l.getAttribute('data-legend')!.slice('marker-'.length)).sort());
const drawnMarks = (page: Page) => page.$$eval('[data-testid=heartbeat-chart] [data-marker]', (ms) => [...new Set(ms.map((m) => m.getAttribute('data-marker')!))].sort());

test('1440×900: the chart and its lanes fill the first screen, the cards sit in one row, the legend lists what the run draws and folds, the sidebar stays', async () => {
  const { page, errors } = await open(VIEWPORT);
  await runFastPreset(page, 'server-heartbeat-over-nat');
  const chart = await box(page, '[data-testid=heartbeat-chart]');
  const lanes = await box(page, 'section.lanes');
  assert.ok(chart.height >= VIEWPORT.height * 0.5, `the chart is ${chart.height}px of ${VIEWPORT.height}`);
  assert.ok(chart.y + chart.height <= VIEWPORT.height && lanes.y < VIEWPORT.height, `chart ${JSON.stringify(chart)}, lanes start at ${lanes.y}`);
  const cards = await page.$$eval('.cards .card', (cs) => cs.map((c) => ({ top: c.getBoundingClientRect().top, clipped: c.scrollWidth > c.clientWidth || c.getBoundingClientRect().right > window.innerWidth })));
  assert.ok(cards.length >= 8 && cards.every((c) => c.top === cards[0]!.top), `one row: ${JSON.stringify(cards)}`);
  assert.ok(cards.every((c) => !c.clipped), 'no card clipped');
  // A plain heartbeat run: no PushKit, CallKit or blocked-push entries; every kind drawn has its entry.
  const listed = await legendMarks(page);
  assert.deepEqual(listed, await drawnMarks(page));
  for (const k of ['voip-push', 'callkit-report', 'push-blocked']) assert.ok(!listed.includes(k), `${k} listed: ${listed.join(', ')}`);
  await page.click('[data-testid=legend-toggle]');
  assert.equal(await page.locator('[data-testid=chart-legend]').count(), 0, 'the legend folds away');
  const folded = await box(page, '[data-testid=heartbeat-chart]');
  assert.ok(folded.y < chart.y, 'folding the legend gives the chart its room');
  await page.click('[data-testid=legend-toggle]');
  // The page scrolls; the sidebar does not leave a blank column.
  await page.evaluate(() => window.scrollTo(0, 600));
  assert.ok((await page.evaluate(() => window.scrollY)) > 0, 'the page is taller than the screen');
  const side = await box(page, '.sidebar');
  assert.ok(Math.abs(side.y) < 1 && side.height >= VIEWPORT.height - 1, `sidebar at ${JSON.stringify(side)} after scrolling`);
  await page.screenshot({ path: path.join(ARTIFACTS, 'layout-1440.png') });
  // A PushKit run lists its PushKit and CallKit marks.
  await page.evaluate(() => window.scrollTo(0, 0));
  await runFastPreset(page, 'pushkit-with-callkit');
  const pushkit = await legendMarks(page);
  assert.deepEqual(pushkit, await drawnMarks(page));
  assert.ok(pushkit.includes('voip-push') && pushkit.includes('callkit-report'), pushkit.join(', '));
  // The compare pairs' labels use their buttons' width (they were laid out in half of it, three lines each).
  const pairs = await page.$$eval('[data-testid^=pair-]', (bs) =>
    bs.map((b) => {
      const r = document.createRange();
      r.selectNodeContents(b);
      return { text: b.textContent, lines: new Set([...r.getClientRects()].map((x) => Math.round(x.top))).size };
    }),
  );
  assert.ok(pairs.length > 0 && pairs.every((p) => p.lines <= 2), JSON.stringify(pairs));
  assert.deepEqual(errors, []);
  await page.close();
});

/** The metric cards' tops, and any cut off (its words wider than it, or past the screen's edge). */
const cardRow = (page: Page) =>
  page.$$eval('.cards .card', (cs) => ({
    tops: cs.map((c) => Math.round(c.getBoundingClientRect().top)),
    clipped: cs.filter((c) => c.scrollWidth > c.clientWidth || c.getBoundingClientRect().right > window.innerWidth).map((c) => c.textContent),
  }));

test('the metric cards of every preset sit in one row, none cut off, at 1024, 1280 and 1440 wide, and in projector mode at 1024 and 1280', async () => {
  const { page, errors } = await open({ width: 1024, height: 768 });
  // Ten cards a run; the app's socket card differs by push path ("App notices a break", "App's own
  // socket"), and two durations ("13 min 31 s / 13 min 31 s") took a second row at 1024 px.
  const presets = await page.$$eval('[data-testid=preset-picker] option', (os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
  assert.ok(presets.length >= 20, presets.join(', '));
  for (const preset of presets) {
    await runFastPreset(page, preset);
    for (const size of [{ width: 1024, height: 768 }, { width: 1280, height: 720 }, { width: 1440, height: 900 }]) {
      await page.setViewportSize(size);
      const row = await cardRow(page);
      assert.equal(row.tops.length, 10, `${preset}: a run's ten cards`);
      assert.equal(new Set(row.tops).size, 1, `${preset} at ${size.width}×${size.height}: one row, tops ${row.tops.join(' ')}`);
      assert.deepEqual(row.clipped, [], `${preset} at ${size.width}×${size.height}: clipped cards`);
      if (preset === 'server-heartbeat-over-nat' || preset === 'refresh-cannot-keep-socket') await page.screenshot({ path: path.join(ARTIFACTS, `cards-${preset}-${size.width}x${size.height}.png`) });
    }
    // In projector type too, at a projector's sizes.
    await page.keyboard.press('g');
    await page.waitForSelector('.app.projector');
    for (const size of [{ width: 1024, height: 768 }, { width: 1280, height: 720 }]) {
      await page.setViewportSize(size);
      const row = await cardRow(page);
      assert.equal(new Set(row.tops).size, 1, `${preset} in projector mode at ${size.width}×${size.height}: one row, tops ${row.tops.join(' ')}`);
      assert.deepEqual(row.clipped, [], `${preset} in projector mode at ${size.width}×${size.height}: clipped cards`);
      if (preset === 'refresh-cannot-keep-socket') await page.screenshot({ path: path.join(ARTIFACTS, `cards-${preset}-projector-${size.width}x${size.height}.png`) });
    }
    await page.keyboard.press('g');
    await page.waitForSelector('.app:not(.projector)');
    await page.setViewportSize({ width: 1024, height: 768 });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('the time axis’s labels stand apart, the last inside the chart: 1440×900, 1280×720, 1024×768, in projector mode too, an hour and four hours, whole and zoomed', async () => {
  const { page, errors } = await open({ width: 1440, height: 900 });
  for (const preset of ['server-heartbeat-over-nat', 'refresh-cannot-keep-socket']) {
    await runFastPreset(page, preset);
    for (const size of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }, { width: 1024, height: 768 }]) {
      await page.setViewportSize(size);
      for (const projector of [false, true]) {
        const where = `${preset} at ${size.width}×${size.height}${projector ? ' in projector mode' : ''}`;
        await page.focus('[data-testid=heartbeat-chart]');
        if (projector) {
          await page.keyboard.press('g');
          await page.waitForSelector('.app.projector');
        }
        assert.deepEqual(await tickLabelsCrowded(page), [], where);
        const last = await page.$eval('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels', (g) => {
          const svg = g.closest('svg')!.getBoundingClientRect();
          const ts = [...g.querySelectorAll('text')].map((t) => t.getBoundingClientRect());
          return { right: Math.max(...ts.map((b) => b.right)), edge: svg.right, count: ts.length };
        });
        assert.ok(last.count >= 4 && last.right <= last.edge, `${where}: ${JSON.stringify(last)}`);
        if (preset === 'server-heartbeat-over-nat') await page.screenshot({ path: path.join(ARTIFACTS, `ticks-${size.width}x${size.height}${projector ? '-projector' : ''}.png`) });
        // Zoomed in, the labels read minutes and seconds of a shorter window.
        await page.keyboard.press('w');
        await page.keyboard.press('w');
        await page.keyboard.press('w');
        await page.waitForSelector('text=Reset zoom');
        assert.deepEqual(await tickLabelsCrowded(page), [], `${where}, zoomed`);
        await page.click('text=Reset zoom');
        if (projector) {
          await page.focus('[data-testid=heartbeat-chart]');
          await page.keyboard.press('g');
          await page.waitForSelector('.app:not(.projector)');
        }
      }
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a refused value is told at its field, which is marked, in a sentence naming it; Run says why it is off', async () => {
  const { page, errors } = await open(VIEWPORT);
  await runFastPreset(page, 'server-heartbeat-over-nat');
  const input = 'input[name="app.keepAliveTimeoutSec"]';
  await page.fill(input, '100');
  // The last run's line still tells that run, not the refused form's scenario (it read "1:00:00 / 0:00").
  assert.equal(await page.textContent('[data-testid=run-status]'), 'done · 1:00:00 / 1:00:00');
  const field = page.locator('[data-invalid="app.keepAliveTimeoutSec"]');
  assert.equal(await field.count(), 1, 'the field is marked');
  const said = (await field.locator('[data-testid=field-error]').textContent())!;
  assert.match(said, /^“keep-alive timeout” must be at least 600 s/);
  // Marked for assistive technology too: invalid, described by the field's sentence.
  assert.equal(await page.getAttribute(input, 'aria-invalid'), 'true');
  assert.equal(await page.evaluate((sel) => document.getElementById(document.querySelector(sel)!.getAttribute('aria-describedby')!)?.textContent, input), said);
  const inputBox = await box(page, input);
  const sayBox = await box(page, '[data-invalid="app.keepAliveTimeoutSec"] [data-testid=field-error]');
  assert.ok(sayBox.y >= inputBox.y && sayBox.y - (inputBox.y + inputBox.height) < 40, `told at the field: input ${JSON.stringify(inputBox)}, message ${JSON.stringify(sayBox)}`);
  const run = await box(page, '[data-testid=run-button]');
  const summary = await box(page, '[data-testid=form-error]');
  assert.ok(summary.y > run.y && summary.y - run.y < 200, `why Run is off, under it: run ${run.y}, summary ${summary.y}`);
  assert.equal(await page.isDisabled('[data-testid=run-button]'), true);
  // The list under Run names the field as the field does (not by its path alone), and takes you there.
  const item = page.locator('[data-testid=form-issue]');
  assert.equal(await item.count(), 1);
  assert.equal(await item.locator('button').textContent(), said);
  assert.equal((await item.locator('code').textContent())!.trim(), 'app.keepAliveTimeoutSec');
  await item.locator('button').click();
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('name')), 'app.keepAliveTimeoutSec');
  await page.fill(input, 'abc');
  const words = (await page.locator('[data-invalid="app.keepAliveTimeoutSec"] [data-testid=field-error]').textContent())!;
  assert.equal(words, '“keep-alive timeout” needs a number');
  assert.doesNotMatch((await page.textContent('form.policy'))!, /Invalid input|expected number/);
  assert.deepEqual(await seriousA11yViolations(page), [], 'a marked field');
  await page.fill(input, '600');
  assert.equal(await page.locator('[data-testid=field-error], [data-testid=form-error]').count(), 0);
  assert.equal(await page.getAttribute(input, 'aria-invalid'), null);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a stopped run says stopped; its session is marked interrupted, in the cards’ units, named without a trailing hyphen; a notice stays on its tab', async () => {
  const { page, errors } = await open(VIEWPORT);
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.fill('input[name=durationSec]', '7200'); // an edited preset: "… (edited)"
  await page.selectOption('select[name=mode]', 'realtime');
  await page.click('[data-testid=run-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('running'));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  // A notice on the Run tab (lesson mode refuses a running run) does not follow to Sweep.
  await page.keyboard.press('e');
  await page.waitForSelector('.notice');
  await page.click('[data-testid=view-sweep]');
  assert.equal(await page.locator('.notice').count(), 0, 'the Run tab’s notice left with it');
  await page.click('[data-testid=view-run]');
  await page.keyboard.press('x');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('stopped'), null, { timeout: 20_000 });
  await page.waitForSelector('[data-testid=session-interrupted]', { timeout: 20_000 });
  const item = page.locator('[data-testid=session-item]', { has: page.locator('[data-testid=session-interrupted]') }).first();
  const name = (await item.locator('button.link').textContent())!;
  assert.match(name, /server-heartbeat-under-nat-edited$/, 'no trailing hyphen');
  const line = (await item.locator('.hint').textContent())!;
  assert.match(line, /dead \d+ s ·|dead (\d+ h )?\d+ min/, line);
  assert.doesNotMatch(line, /dead \d{2,} s|dead \d+\.\d/, `dead time in the cards' units: ${line}`);
  // The session opened: the live run's "stopped" line does not linger under it.
  await item.locator('button.link').click();
  await page.waitForSelector('[data-testid=replay-controls]');
  assert.equal(await page.locator('[data-testid=progress]').count(), 0, 'no live-run progress under a session');
  assert.equal(await page.locator('section[aria-label="live actions"]').count(), 0, 'no row of live actions that cannot act on a session');
  // The sidebar does not tell the picked preset's story beside another run's chart: it says what is on screen.
  assert.equal(await page.textContent('[data-testid=shown-source]'), 'On screen: the session server-heartbeat-under-nat-edited. Run starts the preset picked above.');
  assert.equal(await page.locator('[data-testid=lesson], [data-testid=socket-fate]').count(), 0);
  // The Open list tells the live run from its session by kind and time, not by a stamp in the name;
  // the Sessions list's title leaves the time to the line under it.
  const listed = await page.$$eval('[data-testid=open-source]', (li) => li.map((l) => [l.querySelector('.link')?.textContent, l.querySelector('[data-testid=source-kind]')?.textContent]));
  assert.deepEqual(listed.map(([, kind]) => kind?.replace(/\d\d:\d\d:\d\d/, 'T')), ['live run', 'session · T'], JSON.stringify(listed));
  assert.equal(listed[1]![0], 'server-heartbeat-under-nat-edited');
  assert.equal(name, 'server-heartbeat-under-nat-edited', 'the session title without its recording stamp');
  assert.deepEqual(errors, []);
  await page.close();
});

test('lesson mode runs the picked scenario before it tells it, names the run it tells, and its caption never covers the moment', async () => {
  const { page, errors } = await open(VIEWPORT);
  await runFastPreset(page, 'server-heartbeat-over-nat');
  // Another preset picked, no run made: E runs it (fast) and tells that run, not the previous one.
  await page.selectOption('[data-testid=preset-picker]', 'pushkit-with-callkit');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('e');
  await page.waitForSelector('[data-testid=lesson-caption]', { timeout: 60_000 });
  assert.equal(await page.textContent('[data-testid=lesson-run]'), 'run: pushkit-with-callkit');
  assert.match((await page.textContent('[data-testid=run-status]')) ?? '', /^done/);
  // Its story is the picked scenario's: the first moment lessonMoments finds in that preset's log.
  const first = lessonMoments(recordPreset('pushkit-with-callkit', fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-lesson-'))).events)[0]!;
  assert.equal(await page.textContent('[data-testid=lesson-title]'), first.title);
  assert.equal(Number(await page.getAttribute('[data-testid=lesson-caption]', 'data-t')), first.t);
  await assertCaptionClear(page, 'pushkit-with-callkit');
  // A chart with marks all along its NAT line: at 1024×768 the first step's caption hid the 8:00 stack.
  await page.keyboard.press('g');
  await page.keyboard.press('Escape');
  await page.setViewportSize(VIEWPORT);
  await page.selectOption('[data-testid=preset-picker]', 'mars-nat-under-floor');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('e');
  await page.waitForFunction(() => document.querySelector('[data-testid=lesson-run]')?.textContent === 'run: mars-nat-under-floor', null, { timeout: 60_000 });
  await assertCaptionClear(page, 'mars-nat-under-floor');
  await page.keyboard.press('g');
  assert.deepEqual(errors, []);
  await page.close();
});

/**
 * Every step of the lesson on screen, at two sizes and in projector mode: the caption stands beside its moment and covers
 * none of the chart's marks, strips or the NAT label (at 1024×768 it covered the 45:00 stack and the
 * label in pushkit-with-callkit).
 */
async function assertCaptionClear(page: Page, preset: string): Promise<void> {
  for (const [size, projector] of [
    [VIEWPORT, false],
    [{ width: 1024, height: 768 }, false],
    [{ width: 1024, height: 768 }, true],
  ] as const) {
    await page.setViewportSize(size);
    if (projector !== (await page.locator('.app.projector').count()) > 0) await page.keyboard.press('g');
    while (!(await page.isDisabled('.lesson-nav button:has-text("Back")'))) await page.keyboard.press('ArrowLeft');
    for (let i = 0; i < 12; i++) {
      // Placed once the chart has drawn the moment's window and its marks.
      await page.waitForSelector('[data-testid=lesson-caption][data-placed]');
      const pin = await box(page, '.lesson-pin');
      const cap = await box(page, '[data-testid=lesson-caption]');
      const x = pin.x + pin.width / 2;
      const where = `${preset} at ${size.width}×${size.height}${projector ? ' in projector mode' : ''}, step ${i + 1}`;
      assert.ok(x < cap.x || x > cap.x + cap.width, `${where}: the caption ${JSON.stringify(cap)} covers its moment at x=${x}`);
      const covered = await page.$$eval('[data-testid=heartbeat-chart] :is(.marker, .mark-strip, .nat-timeout-label, .nat-timeout-label-box)', (els, c) =>
        els.map((e) => e.getBoundingClientRect()).filter((r) => r.left < c.x + c.width && c.x < r.right && r.top < c.y + c.height && c.y < r.bottom).length, cap);
      assert.equal(covered, 0, `${where}: the caption covers ${covered} mark(s) or the NAT label`);
      await page.screenshot({ path: path.join(ARTIFACTS, `layout-lesson-${preset}-${size.width}x${size.height}${projector ? '-projector' : ''}-${i + 1}.png`) });
      if (await page.isDisabled('.lesson-nav button:has-text("Next")')) break;
      const step = await page.textContent('[data-testid=lesson-step]');
      await page.keyboard.press('ArrowRight');
      // By its step ("2 of 3"): two moments can share an instant.
      await page.waitForFunction((was) => document.querySelector('[data-testid=lesson-step]')?.textContent !== was, step);
    }
  }
}
