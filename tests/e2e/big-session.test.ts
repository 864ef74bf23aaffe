// A big session in the page (more events than two chunks of session.read, so it crosses the
// chunked, pipelined load): it opens with the cards `lifeline replay --json` prints, shows its
// progress and draws what has loaded while it loads, and a corrupt line deep in it is one error
// naming the file and line.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe, watchClose } from '../helpers/browser.ts';
import { assertLoadBarMoved, openInspector, recordLoadBar } from '../helpers/inspector-page.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { sessionHeader } from '../../shared/session/session-format.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { SESSION_CHUNK } from '../../shared/contract/contract.ts';

let browser: Browser;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-big-session-'));
const events = syntheticSession(60_000);
const lines = [JSON.stringify(sessionHeader(findPreset('server-heartbeat-under-nat')!, 'test')), ...events.map((e) => JSON.stringify(e))];
const big = path.join(dir, 'big.jsonl');
const small = path.join(dir, 'small.jsonl');

before(async () => {
  assert.ok(events.length > 2 * SESSION_CHUNK, `${events.length} events`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(big, lines.join('\n') + '\n');
  fs.writeFileSync(small, lines.slice(0, 200).join('\n') + '\n');
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

/** What `lifeline replay --json` prints for the big session. */
function replaySummary(): Record<string, unknown> {
  const replay = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'replay', big, '--json'], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(replay.status, 0, replay.stderr);
  return JSON.parse(replay.stdout) as Record<string, unknown>;
}

/** The page shows the whole big session: every event, and the cards `replay --json` prints. */
async function assertWholeSession(page: Page, summary: Record<string, unknown>): Promise<void> {
  const cards = await page.locator('[data-testid^=metric-]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-testid')!.slice('metric-'.length), e.getAttribute('data-value')!] as const));
  assert.ok(cards.length >= 5);
  // Two cards are one field of an object of the summary (MetricCards names them).
  const pushes = summary.pushes as { lost: number };
  const energy = summary.energy as { joulesPerDay: number };
  const expected: Record<string, unknown> = { ...summary, pushesLost: pushes.lost, energyPerDay: energy.joulesPerDay };
  for (const [key, value] of cards) assert.deepEqual(JSON.parse(value), expected[key], key);
  assert.match((await page.textContent('[data-testid=replay-time]'))!, new RegExp(`event ${events.length.toLocaleString('en')} of ${events.length.toLocaleString('en')}`));
}

test('a big session opens with the cards replay --json prints, and a progress bar while it loads', async () => {
  const summary = replaySummary();
  const serve = await startServe([big]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const barSeen = await recordLoadBar(page, '[data-marker=server-heartbeat]');
    await page.goto(serve.url);
    await page.waitForSelector('[data-testid=replay-controls] >> text=Play', { timeout: 120_000 });
    const seen = await barSeen();
    assertLoadBarMoved(seen, /^opening /);
    assert.equal(await page.locator('[data-testid=load-progress]').count(), 0, 'gone once loaded');
    assert.ok(seen.some((b) => b.also), 'the chart drew what had loaded before the rest was in');

    await assertWholeSession(page, summary);
    // Every expiry starts a dead stretch, and the whole-run chart shades each one (1,200 here: drawn
    // as one layer of rects, since one chart component per stretch made each redraw quadratic).
    const expiries = events.filter((e) => e.kind === 'nat' && e.op === 'expired').length;
    assert.ok(expiries > 1000, `${expiries} expiries`);
    assert.equal(await page.locator('[data-testid=heartbeat-chart] .dead-stretch').count(), expiries);

    // Seek into the middle, then back to the end: the cards are the whole run's again.
    const end = Number(await page.getAttribute('[data-testid=seek-bar]', 'max'));
    await page.locator('[data-testid=seek-bar]').fill(String(Math.floor(end / 2)));
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), Math.floor(end / 2));
    await page.locator('[data-testid=seek-bar]').fill(String(end));
    await page.waitForFunction((t) => document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t), end);
    assert.deepEqual(JSON.parse((await page.getAttribute('[data-testid=metric-deadSec]', 'data-value'))!), summary.deadSec);
    await page.screenshot({ path: path.join(ARTIFACTS, 'player-big-session.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('the same session picked with Open…: its own worker reads it, and it opens whole; finished behind another file picked meanwhile, it stays behind it', async () => {
  const summary = replaySummary();
  const serve = await startServe();
  try {
    const { page, errors } = await openInspector(browser, serve.url);
    // The page's thread slowed twentyfold while the second file is picked: the big session is
    // still folding when the small one goes on screen, however fast this machine is.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    // Read off the thread that draws: the page's file reader, a Web Worker, hands it out in chunks.
    const [reader] = await Promise.all([page.waitForEvent('worker'), chooser.setFiles(big)]);
    assert.match(reader.url(), /file-reader-worker/);
    const readerClosed = watchClose(reader);
    const loading = (name: string) => page.locator('[data-testid=open-source]', { has: page.locator('button.link', { hasText: name }) }).locator('.hint', { hasText: /^opening/ });
    const onScreen = () => page.locator('[data-testid=open-source][aria-current] button.link').textContent();
    await loading('big.jsonl').waitFor();

    const [c2] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await c2.setFiles(small);
    await page.waitForFunction(() => document.querySelector('[data-testid=open-source][aria-current] button.link')?.textContent === 'small.jsonl');
    assert.equal(await loading('big.jsonl').count(), 1, 'premise: the big session still loads behind the small one');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await loading('big.jsonl').waitFor({ state: 'detached', timeout: 120_000 });
    assert.equal(await onScreen(), 'small.jsonl', 'the big session finished behind the small one and stays behind it');
    // Read whole, its reader stops.
    await readerClosed(30_000);

    await page.click('[data-testid=open-source] button.link:has-text("big.jsonl")');
    await page.waitForSelector('[data-testid=replay-controls] >> text=Play', { timeout: 120_000 });
    await assertWholeSession(page, summary);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('a corrupt line deep in a big session: one error naming the file and the line, nothing opened', async () => {
  const bad = path.join(dir, 'deep-bad.jsonl');
  const at = Math.floor(events.length * 0.8); // in a later chunk, after the first ones were handed out
  const copy = [...lines];
  copy[at] = copy[at]!.replace(/"t":(\d+)/, '"t":"$1"');
  fs.writeFileSync(bad, copy.join('\n') + '\n');
  const serve = await startServe([bad]);
  try {
    const { page, errors } = await openInspector(browser, serve.url);
    await page.waitForFunction(() => /deep-bad\.jsonl/.test(document.querySelector('.notice')?.textContent ?? ''), undefined, { timeout: 120_000 });
    const notice = (await page.textContent('.notice'))!;
    assert.match(notice, new RegExp(`deep-bad\\.jsonl: line ${at + 1}: t: `));
    assert.equal(notice.split('\n').length, 1);
    assert.equal(await page.locator('[data-testid=replay-controls]').count(), 0);
    assert.equal(await page.locator('[data-testid=load-progress]').count(), 0);
    assert.equal(await page.locator('[data-testid=heartbeat-chart]').count(), 0, 'what had loaded is not left on screen');
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});
