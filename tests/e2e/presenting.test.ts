// Presenting and testing from the keyboard: the Tab order, the chart's W/S/A/D, projector mode at
// projector resolutions, lesson mode stepping through the story lessonMoments derives, and axe-core
// in each of them. Driven in Debian's Chromium against browser mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../helpers/browser.ts';
import { chartTicks, inspectorFixture, runDone, runFastPreset, tickLabelsCrowded } from '../helpers/inspector-page.ts';
import { seriousA11yViolations } from './axe.ts';
import { parseSessionText } from '../helpers/parse-session.ts';
import { lessonMoments } from '../../shared/folds/lesson/moments.ts';

const { open } = inspectorFixture();

/** A name for what has focus, as a keyboard user would meet it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    return el.dataset.testid ?? el.dataset.action ?? el.getAttribute('name') ?? el.getAttribute('aria-label') ?? el.textContent?.trim() ?? el.tagName;
  });

/** Presses Tab until `want` has focus (at most `max` presses); returns every stop on the way. */
async function tabTo(page: Page, want: string, max = 120): Promise<string[]> {
  const stops: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    stops.push(f);
    if (f === want) return stops;
  }
  throw new Error(`Tab never reached ${want}: ${stops.join(' → ')}`);
}

test('keyboard only: Tab reaches the preset picker, run, the live actions, the chart and the table in that order; W/S/A/D zoom and pan the chart', async () => {
  const { page, errors } = await open();
  const toPicker = await tabTo(page, 'preset-picker');
  assert.ok(toPicker.length <= 3, `the preset picker comes first: ${toPicker.join(' → ')}`);
  // Typing on a focused select picks the option that starts with it, as in any browser form.
  await page.keyboard.type('server-heartbeat-over', { delay: 20 });
  assert.equal(await page.$eval('[data-testid=preset-picker]', (s) => (s as HTMLSelectElement).value), 'server-heartbeat-over-nat');
  await tabTo(page, 'mode');
  await page.keyboard.type('realtime', { delay: 20 });
  assert.equal(await page.$eval('select[name=mode]', (s) => (s as HTMLSelectElement).value), 'realtime');
  const toRun = await tabTo(page, 'run-button');
  assert.ok(toRun.includes('speed'), `the speed comes between mode and run: ${toRun.join(' → ')}`);
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('running'));
  // Space pauses from anywhere but a text field; the run stays live, so the actions can be reached.
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('paused'));
  assert.equal(await focused(page), 'run-button');
  const rest = await tabTo(page, 'event-table', 200);
  const at = (name: string) => rest.indexOf(name);
  for (const name of ['background', 'push', 'heartbeat-chart', 'event-search']) assert.ok(at(name) >= 0, `${name} reached: ${rest.join(' → ')}`);
  assert.ok(at('background') < at('push') && at('push') < at('heartbeat-chart') && at('heartbeat-chart') < at('event-search'), `order: ${rest.join(' → ')}`);

  // The chart from the keyboard, as in DevTools' performance panel.
  await page.focus('[data-testid=heartbeat-chart]');
  const whole = await chartTicks(page);
  await page.keyboard.press('w');
  await page.keyboard.press('w');
  const zoomed = await chartTicks(page);
  assert.notDeepEqual(zoomed, whole, 'W zooms in');
  assert.equal(await page.locator('text=Reset zoom').count(), 1);
  await page.keyboard.press('d');
  const panned = await chartTicks(page);
  assert.notDeepEqual(panned, zoomed, 'D pans');
  await page.keyboard.press('a');
  assert.deepEqual(await chartTicks(page), zoomed, 'A pans back');
  await page.keyboard.press('s');
  await page.keyboard.press('s');
  assert.deepEqual(await chartTicks(page), whole, 'S zooms out to the whole run');
  assert.equal(await page.locator('text=Reset zoom').count(), 0, 'zoomed all the way out is the whole run');
  // Not in a text field: W typed into the search is a letter, not a zoom.
  await page.focus('[data-testid=event-search]');
  await page.keyboard.press('w');
  assert.deepEqual(await chartTicks(page), whole);
  assert.equal(await page.inputValue('[data-testid=event-search]'), 'w');
  await page.fill('[data-testid=event-search]', '');
  await page.focus('[data-testid=heartbeat-chart]');
  await page.keyboard.press('x');
  await runDone(page, 15_000);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The chart's tick labels that reach past its svg (projector type cut the last one to "1:00:0"). */
const TICKS = '[data-testid=heartbeat-chart] :is(.recharts-xAxis-tick-labels, .recharts-yAxis-tick-labels) text';
const ticksOutside = async (page: Page) => {
  // Projector mode re-renders the chart: under load a tick was read before it sat in its svg.
  await page.waitForFunction((sel) => {
    const ts = [...document.querySelectorAll(sel)];
    return ts.length > 0 && ts.every((t) => t.closest('svg'));
  }, TICKS);
  return page.$$eval(TICKS, (ts) =>
    ts
      .filter((t) => {
        const b = t.getBoundingClientRect();
        const svg = t.closest('svg')!.getBoundingClientRect();
        return b.left < svg.left || b.right > svg.right || b.top < svg.top || b.bottom > svg.bottom;
      })
      .map((t) => t.textContent),
  );
};

for (const viewport of [
  { width: 1280, height: 720 },
  { width: 1024, height: 768 },
]) {
  const size = `${viewport.width}x${viewport.height}`;
  test(`projector mode at ${size}: the chart and lanes fill the screen in large type, the form and the table fold away`, async () => {
    const { page, errors } = await open(viewport);
    await runFastPreset(page, 'server-heartbeat-over-nat');
    await page.focus('[data-testid=heartbeat-chart]');
    await page.keyboard.press('g');
    await page.waitForSelector('.app.projector');
    const inView = async (selector: string) => {
      const b = (await page.locator(selector).boundingBox())!;
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= viewport.width && b.y + b.height <= viewport.height, `${selector} at ${JSON.stringify(b)} is outside ${size}`);
      return b;
    };
    const chart = await inView('[data-testid=heartbeat-chart]');
    assert.deepEqual(await ticksOutside(page), [], `tick labels cut at the chart's edge in ${size}`);
    // Projector type (20 px): "0:55:00" ran into "1:00:00" at 1280×720.
    assert.deepEqual(await tickLabelsCrowded(page), [], `time tick labels meet in ${size}`);
    // An export's notice floats over the screen's corner, read out as a status, and leaves by itself:
    // in the page's flow it pushed the chart's bottom off the screen (737 px of 720).
    await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const notice = page.locator('.notice[role=status]', { hasText: '-chart.svg' });
    await notice.waitFor();
    await page.$eval('.main', (m) => m.scrollTo(0, 0));
    const exported = await inView('[data-testid=heartbeat-chart]');
    assert.equal(exported.y, chart.y, 'the notice takes no room above the chart');
    assert.equal(await notice.evaluate((n) => getComputedStyle(n.parentElement!).position), 'fixed', 'the notice is out of the flow');
    await page.screenshot({ path: path.join(ARTIFACTS, `projector-${size}-exported.png`) });
    await notice.waitFor({ state: 'detached', timeout: 30_000 });
    assert.ok(chart.width >= viewport.width * 0.85, `the chart spans the screen: ${chart.width}px`);
    // The plot (inside its axes) takes at least half the screen's height, all of it on the first screen.
    const plot = (await page.locator('[data-testid=heartbeat-chart] .recharts-cartesian-grid').boundingBox())!;
    assert.ok(plot.height >= viewport.height / 2 && plot.y + plot.height <= viewport.height, `the plot at ${JSON.stringify(plot)} in ${size}`);
    // Type read from 3 m: tick labels and the legend at least 18 px.
    const px = (sel: string) => page.$$eval(sel, (els) => els.filter((e) => e.getClientRects().length > 0).map((e) => parseFloat(getComputedStyle(e).fontSize)));
    const ticks = await px('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text, [data-testid=heartbeat-chart] .recharts-yAxis-tick-labels text');
    assert.ok(ticks.length > 0 && Math.min(...ticks) >= 18, `tick labels ${ticks.join(', ')} px`);
    await page.click('[data-testid=legend-toggle]');
    const legend = await px('[data-testid=chart-legend] li');
    assert.ok(legend.length > 0 && Math.min(...legend) >= 18, `legend ${legend.join(', ')} px`);
    // Unfolded, the legend takes no height from the plot (its four rows above it pushed the plot's
    // bottom past the screen: 741 px of 720); every entry is in sight and none over the plot.
    await page.waitForFunction(() => {
      const g = document.querySelector('[data-testid=heartbeat-chart] .recharts-cartesian-grid')?.getBoundingClientRect();
      return g !== undefined && g.height >= innerHeight / 2 && g.bottom <= innerHeight;
    }, null, { timeout: 5_000 }).catch(() => undefined);
    const unfolded = (await page.locator('[data-testid=heartbeat-chart] .recharts-cartesian-grid').boundingBox())!;
    assert.ok(unfolded.height >= viewport.height / 2 && unfolded.y + unfolded.height <= viewport.height, `with the legend unfolded, the plot at ${JSON.stringify(unfolded)} in ${size}`);
    const entries = await page.$$eval('[data-testid=chart-legend] li', (ls) => ls.map((l) => JSON.parse(JSON.stringify(l.getBoundingClientRect())) as DOMRect));
    for (const e of entries) {
      assert.ok(e.top >= 0 && e.bottom <= viewport.height && e.left >= 0 && e.right <= viewport.width, `a legend entry at ${JSON.stringify(e)} is off the screen in ${size}`);
      assert.ok(e.right <= unfolded.x || e.left >= unfolded.x + unfolded.width || e.bottom <= unfolded.y || e.top >= unfolded.y + unfolded.height, `a legend entry at ${JSON.stringify(e)} covers the plot in ${size}`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `projector-${size}-legend.png`) });
    // No card cut off: every value fits its card, every card the screen ("Radio energy 272.8 J/day").
    const clipped = await page.$$eval('.cards .card', (cs) =>
      cs.filter((c) => c.scrollWidth > c.clientWidth || c.getBoundingClientRect().right > window.innerWidth).map((c) => c.textContent),
    );
    assert.deepEqual(clipped, [], 'clipped cards');
    // The y-axis title stands clear of its tick labels.
    const overlaps = await page.evaluate(() => {
      const title = [...document.querySelectorAll('[data-testid=heartbeat-chart] text')].find((t) => t.textContent === 'idle (s)')!.getBoundingClientRect();
      return [...document.querySelectorAll('[data-testid=heartbeat-chart] .recharts-yAxis-tick-labels text')]
        .map((t) => t.getBoundingClientRect())
        .filter((b) => b.left < title.right && title.left < b.right && b.top < title.bottom && title.top < b.bottom).length;
    });
    assert.equal(overlaps, 0, 'the y-axis title overlaps a tick label');
    // The lanes are under the plot, a scroll away.
    await page.locator('[data-testid=lane-connection]').scrollIntoViewIfNeeded();
    await inView('[data-testid=lane-connection]');
    assert.equal(await page.locator('input[name=durationSec]').count(), 0, 'the form is folded away');
    assert.equal(await page.locator('[data-testid=event-table]').count(), 0, 'the table is folded away');
    const title = await page.$eval('.chart-panel h2', (h) => parseFloat(getComputedStyle(h).fontSize));
    assert.ok(title >= 19, `large type: the chart title is ${title}px`);
    await page.screenshot({ path: path.join(ARTIFACTS, `projector-${size}.png`) });
    assert.deepEqual(await seriousA11yViolations(page), [], 'projector mode');

    // Still reachable: one button each.
    await page.click('[data-testid=collapsible-form-drawer] .collapsible-toggle');
    await page.waitForSelector('input[name=durationSec]');
    await inView('[data-testid=collapsible-form-drawer] .collapsible-body');
    await page.click('[data-testid=collapsible-form-drawer] .collapsible-toggle');
    await page.click('[data-testid=collapsible-events-drawer] .collapsible-toggle');
    await page.waitForSelector('[data-testid=event-table] .row');
    await page.keyboard.press('g');
    assert.equal(await page.locator('.app.projector').count(), 0);
    assert.equal(await page.locator('input[name=durationSec]').count(), 1, 'out of projector mode the form is back');
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('lesson mode tells server-heartbeat-over-nat as lessonMoments does: Next/Back by arrows and Page keys, Escape leaves; axe-core passes', async () => {
  const out = path.join(ARTIFACTS, 'lesson-over-nat.jsonl');
  const cli = spawnSync(process.execPath, ['bin/lifeline.js', 'run', 'server-heartbeat-over-nat', '--out', out, '--json'], { encoding: 'utf8' });
  assert.equal(cli.status, 0, cli.stderr);
  const moments = lessonMoments(parseSessionText(fs.readFileSync(out, 'utf8'), out).events);
  assert.ok(moments.length >= 3, `a story of several moments: ${moments.map((m) => m.kind).join(', ')}`);

  const { page, errors } = await open({ width: 1280, height: 720 });
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-over-nat');
  await page.click('body', { position: { x: 700, y: 600 } });
  await page.keyboard.press('g');
  // Not run yet: E runs it in fast mode, then tells it.
  await page.keyboard.press('e');
  await page.waitForSelector('[data-testid=lesson-caption]', { timeout: 30_000 });
  assert.match((await page.textContent('[data-testid=run-status]')) ?? '', /^done/);
  const shown = async () => ({
    step: await page.textContent('[data-testid=lesson-step]'),
    title: await page.textContent('[data-testid=lesson-title]'),
    text: await page.textContent('[data-testid=lesson-text]'),
    t: Number(await page.getAttribute('[data-testid=lesson-caption]', 'data-t')),
  });
  const expected = (i: number) => ({ step: `${i + 1} of ${moments.length}`, title: moments[i]!.title, text: moments[i]!.caption, t: moments[i]!.t });
  const forward = ['ArrowRight', 'PageDown'];
  for (let i = 0; i < moments.length; i++) {
    assert.deepEqual(await shown(), expected(i));
    assert.equal(await page.locator('.lesson-line').count(), 1, `moment ${i + 1} is marked on the chart`);
    assert.deepEqual(await ticksOutside(page), [], `moment ${i + 1}: tick labels cut at the chart's edge`);
    await page.screenshot({ path: path.join(ARTIFACTS, `lesson-${i + 1}.png`) });
    if (i === 0) assert.equal(await page.locator('text=Reset zoom').count(), 1, 'a moment zooms the chart around it');
    if (i === 1) assert.deepEqual(await seriousA11yViolations(page), [], 'lesson mode');
    if (i < moments.length - 1) await page.keyboard.press(forward[i % 2]!);
  }
  // Past the last moment there is nothing more: it stays.
  await page.keyboard.press('PageDown');
  assert.deepEqual(await shown(), expected(moments.length - 1));
  await page.keyboard.press('PageUp');
  assert.deepEqual(await shown(), expected(moments.length - 2));
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await shown(), expected(moments.length - 3));
  // The buttons do what the keys do.
  await page.click('.lesson-nav button:has-text("Next")');
  assert.deepEqual(await shown(), expected(moments.length - 2));
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid=lesson-caption]').count(), 0);
  assert.equal(await page.locator('text=Reset zoom').count(), 0, 'leaving the lesson shows the whole run again');
  assert.deepEqual(errors, []);
  await page.close();
});

test('event table: column headers, millisecond times, a text search with the filters, and it follows the chart’s zoom', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'server-heartbeat-under-nat');
  assert.deepEqual(await page.$$eval('.events [role=columnheader]', (h) => h.map((x) => x.textContent)), ['time', 'hop', 'kind', 'details']);
  const times = await page.$$eval('[data-testid=event-table] .row', (rs) => rs.map((r) => [r.getAttribute('data-t'), r.querySelector('.c-t')!.textContent]));
  for (const [t, shown] of times) {
    const ms = Number(t);
    const expect = `${Math.floor(ms / 3_600_000)}:${String(Math.floor(ms / 60_000) % 60).padStart(2, '0')}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}.${String(Math.floor(ms) % 1000).padStart(3, '0')}`;
    assert.equal(shown, expect);
  }
  const count = async () => (await page.textContent('[data-testid=event-count]'))!.split(' of ').map((x) => Number(x.replace(/,/g, '')));
  const [all, total] = await count();
  assert.equal(all, total);
  // Search the details: every PUSH frame, and with the hop filter only the server's.
  await page.fill('[data-testid=event-search]', 'verb=PUSH');
  const [found] = await count();
  assert.ok(found! > 0 && found! < total!, `${found} of ${total}`);
  const descs = await page.$$eval('[data-testid=event-table] .c-desc', (d) => d.map((x) => x.textContent ?? ''));
  assert.ok(descs.length > 0 && descs.every((d) => d.includes('verb=PUSH')), descs.join('\n'));
  await page.check('.filters label:has-text("server") >> nth=0');
  const [serverOnly] = await count();
  assert.ok(serverOnly! > 0 && serverOnly! < found!, `${serverOnly} of ${found}`);
  assert.deepEqual(await page.$$eval('[data-testid=event-table] .c-hop', (r) => [...new Set(r.map((x) => x.textContent))]), ['server']);
  await page.uncheck('.filters label:has-text("server") >> nth=0');
  await page.fill('[data-testid=event-search]', '');

  // Zoom into the second half: the table scrolls to the window's first event.
  await page.focus('[data-testid=heartbeat-chart]');
  for (let i = 0; i < 6; i++) await page.keyboard.press('w');
  for (let i = 0; i < 6; i++) await page.keyboard.press('d');
  // Keys move the window once per frame, and the table follows in the render after: wait until
  // the window has reached its end (A/D move it in steps) and the table has caught up.
  await page.waitForFunction(() => {
    const t0 = Number(document.querySelector('[data-testid=heartbeat-chart]')?.getAttribute('data-window')?.split(',')[0]);
    const row = document.querySelector('[data-testid=event-table] .row');
    return t0 > 1_800_000 && row !== null && Number(row.getAttribute('data-t')) >= t0;
  }, null, { timeout: 10_000 }).catch(() => undefined);
  const [t0] = (await page.getAttribute('[data-testid=heartbeat-chart]', 'data-window'))!.split(',').map(Number);
  assert.ok(t0! > 1_800_000, `zoomed into the second half: from ${t0} ms`);
  const rowTimes = () => page.$$eval('[data-testid=event-table] .row', (rs) => rs.map((r) => ({ t: Number(r.getAttribute('data-t')), outside: r.classList.contains('outside') })));
  const top = (await rowTimes())[0]!;
  assert.ok(top.t >= t0! && !top.outside, `the top row (${top.t} ms) is the window's first event (from ${t0} ms)`);
  // One row up is before the window: dimmed.
  await page.$eval('[data-testid=event-table]', (el) => el.scrollBy(0, -22));
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid=event-table] .row')?.getAttribute('data-t')) < t, t0!);
  assert.equal((await rowTimes())[0]!.outside, true);
  assert.deepEqual(errors, []);
  await page.close();
});
