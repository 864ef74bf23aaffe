// Replaying recorded sessions in browser mode, in Debian's Chromium: open from the command line
// and by the file picker, scrub, step to the next NAT expiry, compare two sessions side by side.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from '../helpers/browser.ts';
import { seriousA11yViolations } from './axe.ts';
import { openInspector } from '../helpers/inspector-page.ts';
import { recordPreset } from '../helpers/record-session.ts';

let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-player-e2e-'));

/** Records a preset with the CLI; its summary and its events. */
function record(preset: string) {
  const r = recordPreset(preset, dir);
  return { ...r, heartbeatsServer: r.summary.heartbeats.server };
}

let over: ReturnType<typeof record>;
let under: ReturnType<typeof record>;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  over = record('server-heartbeat-over-nat');
  under = record('server-heartbeat-under-nat');
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

const open = (url: string) => openInspector(browser, url, { width: 1440, height: 1100 });

const cursorT = async (page: Page) => Number(await page.getAttribute('[data-testid=time-cursor]', 'data-t'));

test('serve <session>: opens for replay; scrub, step, jump to the next NAT expiry', async () => {
  const serve = await startServe([over.file]);
  try {
    const { page, errors } = await open(serve.url);
    await page.waitForSelector('[data-testid=replay-controls]');
    // Opened at its end: the same cards as the run's own summary.
    assert.equal(JSON.parse((await page.getAttribute('[data-testid=metric-deadSec]', 'data-value'))!), over.summary.deadSec);
    assert.equal(await page.locator('[data-marker=server-heartbeat]').count(), over.heartbeatsServer);

    // Scrub to 2:00: nothing after it is shown.
    await page.locator('[data-testid=seek-bar]').fill('120000');
    await page.waitForFunction(() => document.querySelector('[data-testid=replay-time]')?.textContent?.startsWith('2:00'));
    assert.equal(await cursorT(page), 120_000);
    assert.equal(await page.locator('[data-marker=nat-expiry]').count(), 0, 'the expiry is later');
    const shown = over.events.filter((e) => e.t <= 120_000).length;
    assert.match((await page.textContent('[data-testid=replay-time]'))!, new RegExp(`event ${shown} of ${over.events.length.toLocaleString('en')}`));

    // Next NAT expiry: the cursor lands on it, the marker appears, its row is marked in the table.
    const expiry = over.events.find((e) => e.kind === 'nat' && e.op === 'expired')!;
    await page.click('[data-testid=jump-next-nat-expiry]');
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), expiry.t);
    assert.equal(await page.locator('[data-marker=nat-expiry]').count(), 1);
    assert.match((await page.textContent('.row.at-cursor'))!, /nat.*expired/);

    // Step forward one instant, then back onto the expiry.
    await page.click('[data-testid=step-next]');
    const nextT = over.events.find((e) => e.t > expiry.t)!.t;
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), nextT);
    await page.click('[data-testid=step-prev]');
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), expiry.t);

    // Clicking a row moves the cursor to its time.
    const row = page.locator('[data-testid=event-table] .row').first();
    await row.click();
    await page.waitForFunction(() => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === '0');

    // Space plays and pauses the recording (it never starts a new run in its place).
    await page.click('[data-testid=replay-time]');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[data-testid=play-button]')?.textContent === 'Pause');
    await page.keyboard.press('Space');
    await page.waitForFunction(() => document.querySelector('[data-testid=play-button]')?.textContent === 'Play');
    assert.equal(await page.locator('[data-testid=run-status]').count(), 0, 'no run started');

    // Play at 3600×: the run's hour passes in about a second of wall time, to the end.
    await page.selectOption('[data-testid=replay-speed]', '3600');
    await page.click('[data-testid=play-button]');
    const end = over.events.at(-1)!.t;
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), end, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=play-button]')?.textContent === 'Play');
    await page.locator('[data-testid=seek-bar]').fill(String(expiry.t + 60_000));
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), expiry.t + 60_000);
    await page.screenshot({ path: path.join(ARTIFACTS, 'player-replay.png'), fullPage: true });
    assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('a jump with nothing that way is disabled and says why; Enter through the expiries keeps focus in the controls', async () => {
  const serve = await startServe([over.file]);
  try {
    const { page, errors } = await open(serve.url);
    await page.waitForSelector('[data-testid=replay-controls]');
    const expiries = [...new Set(over.events.filter((e) => e.kind === 'nat' && e.op === 'expired').map((e) => e.t))];
    assert.ok(expiries.length >= 1);
    const next = page.locator('[data-testid=jump-next-nat-expiry]');
    const prev = page.locator('[data-testid=jump-prev-nat-expiry]');
    // Opened at its end: nothing later, so "next" is disabled and says so; "previous" is not.
    assert.equal(await next.isDisabled(), true);
    assert.equal(await next.getAttribute('title'), 'no later NAT expiry');
    assert.equal(await prev.isDisabled(), false);
    // At the start: the other way round.
    await page.locator('[data-testid=seek-bar]').fill('0');
    await page.waitForFunction(() => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === '0');
    await page.waitForFunction(() => (document.querySelector('[data-testid=jump-prev-nat-expiry]') as HTMLButtonElement).disabled);
    assert.equal(await prev.getAttribute('title'), 'no earlier NAT expiry');
    assert.equal(await next.isDisabled(), false);
    // Keyboard: Enter on "next" walks the expiries; at the last one the button disables and focus
    // moves to its way back instead of dropping to the page.
    await next.focus();
    for (const t of expiries) {
      await page.keyboard.press('Enter');
      await page.waitForFunction((x) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(x), t);
    }
    await page.waitForFunction(() => (document.querySelector('[data-testid=jump-next-nat-expiry]') as HTMLButtonElement).disabled);
    const focused = await page.evaluate(() => document.activeElement?.getAttribute('data-testid'));
    assert.equal(focused, expiries.length > 1 ? 'jump-prev-nat-expiry' : 'play-button');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('the file picker opens a session by its content; a corrupt one is named with its line', async () => {
  const serve = await startServe();
  try {
    const { page, errors } = await open(serve.url);
    const renamed = path.join(dir, 'no-extension-hint.txt');
    fs.copyFileSync(under.file, renamed);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await chooser.setFiles(renamed);
    await page.waitForSelector('[data-testid=replay-controls]');
    assert.equal(JSON.parse((await page.getAttribute('[data-testid=metric-deadSec]', 'data-value'))!), under.summary.deadSec);
    // Export → PNG at 2× for slides, and the CSV: downloads in browser mode.
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-png]')]);
    const pngBytes = fs.readFileSync((await png.path())!);
    assert.equal(pngBytes.subarray(1, 4).toString(), 'PNG');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-svg]')]);
    const size = /<svg [^>]*width="(\d+)" height="(\d+)"/.exec(fs.readFileSync((await svg.path())!, 'utf8'))!.slice(1).map(Number);
    assert.equal(size[0], 1200);
    assert.ok(size[1]! > 480, 'the chart, 480 high, and the lanes under it');
    assert.deepEqual([pngBytes.readUInt32BE(16), pngBytes.readUInt32BE(20)], [size[0]! * 2, size[1]! * 2], 'the picture at 2× its size');
    fs.copyFileSync((await png.path())!, path.join(ARTIFACTS, 'player-export.png'));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-csv]')]);
    assert.equal(fs.readFileSync((await csv.path())!, 'utf8').split('\r\n').length - 2, under.events.length);
    const bad = path.join(dir, 'bad.jsonl');
    const lines = fs.readFileSync(under.file, 'utf8').split('\n');
    lines[5] = '{"t":1,"kind":"nat"';
    fs.writeFileSync(bad, lines.join('\n'));
    const [c2] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await c2.setFiles(bad);
    await page.waitForFunction(() => /bad\.jsonl: line 6: not valid JSON/.test(document.querySelector('.notice')?.textContent ?? ''));
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('serve A B: compare side by side, differences marked, zoom follows', async () => {
  const serve = await startServe([over.file, under.file]);
  try {
    const { page, errors } = await open(serve.url);
    await page.waitForSelector('[data-testid=compare-cards]');
    const dead = page.locator('[data-testid=compare-deadSec]');
    assert.equal(Number(await dead.getAttribute('data-a')), over.summary.deadSec);
    assert.equal(Number(await dead.getAttribute('data-b')), under.summary.deadSec);
    assert.match((await dead.getAttribute('class'))!, /diff/);
    const ticks = (i: number) => page.locator(`[data-testid=compare-view-${i}] .recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value`).allTextContents();
    const before = await ticks(1);
    const box = (await page.locator('[data-testid=compare-view-0] [data-testid=heartbeat-chart]').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 6; i++) await page.mouse.wheel(0, -200);
    await page.waitForFunction(() => document.querySelectorAll('button').length > 0 && [...document.querySelectorAll('button')].filter((b) => b.textContent === 'Reset zoom').length === 2);
    // The follower redraws on its next frame: wait (bounded) until both show the same ticks.
    let [a, b] = [await ticks(0), await ticks(1)];
    for (let i = 0; i < 50 && JSON.stringify(a) !== JSON.stringify(b); i++) {
      await page.waitForTimeout(100);
      [a, b] = [await ticks(0), await ticks(1)];
    }
    assert.deepEqual(a, b, 'both charts show the same window');
    assert.notDeepEqual(b, before, 'the other chart followed the zoom');
    await page.screenshot({ path: path.join(ARTIFACTS, 'player-compare.png'), fullPage: true });
    assert.deepEqual(await seriousA11yViolations(page), []);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('one click: broken vs fixed preset pair; runs started in the inspector are listed as sessions', async () => {
  const serve = await startServe();
  try {
    const { page, errors } = await open(serve.url);
    await page.click('[data-testid=pair-server-heartbeat-over-nat]');
    await page.waitForSelector('[data-testid=compare-cards]', { timeout: 60_000 });
    assert.equal(await page.textContent('[data-testid=compare-a]'), 'server-heartbeat-over-nat');
    assert.equal(Number(await page.getAttribute('[data-testid=compare-deadSec]', 'data-a')), over.summary.deadSec);
    assert.equal(Number(await page.getAttribute('[data-testid=compare-deadSec]', 'data-b')), under.summary.deadSec);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=session-item]').length === 2);
    const files = () => fs.readdirSync(serve.dataDir).filter((f) => f.endsWith('.jsonl')).sort();
    assert.equal(files().length, 2);
    // Rename and delete are asked in the list itself (Electron has no prompt() or confirm()).
    const first = page.locator('[data-testid=session-item]').first();
    await first.locator('button:has-text("Rename")').click();
    await page.fill('[data-testid=session-rename-input]', 'broken run for the slides');
    await page.keyboard.press('Enter');
    await page.waitForSelector('[data-testid=session-item] >> text=broken run for the slides');
    assert.ok(files().some((f) => f.startsWith('broken run for the slides')), `renamed on disk: ${files().join(', ')}`);
    await page.locator('[data-testid=session-item]:has-text("broken run for the slides") button:has-text("Delete")').click();
    // Asked first: Keep leaves it, Delete removes it.
    await page.click('[data-testid=session-item] button:has-text("Keep")');
    assert.equal(files().length, 2);
    await page.locator('[data-testid=session-item]:has-text("broken run for the slides") button:has-text("Delete")').click();
    await page.click('[data-testid=session-delete-confirm]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=session-item]').length === 1);
    assert.equal(files().length, 1);
    assert.ok(!files().some((f) => f.startsWith('broken run')));
    await page.screenshot({ path: path.join(ARTIFACTS, 'sessions-list.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});
