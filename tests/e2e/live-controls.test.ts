// The live run's controls go through its player (docs/design.md "The player"): a run superseded by
// another (a compare pair clicked while it goes) ends with a final status, and the controls work on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectorFixture, openInspector } from '../helpers/inspector-page.ts';
import { startServe } from '../helpers/browser.ts';
import { withSmallDisk } from '../helpers/small-disk.ts';

const { open, browser } = inspectorFixture();

const status = '[data-testid=run-status]';

test('a compare pair clicked during a realtime run: the run ends, Run and Stop work afterwards', async () => {
  const { page, errors } = await open();
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.selectOption('select[name=mode]', 'realtime');
  await page.click('.speed-presets button[data-speed="60"]');
  await page.click('[data-testid=run-button]');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('running'), status);

  // The pair runs two presets in the engine, which stops the live run for the first of them.
  await page.click('[data-testid=pair-server-heartbeat-over-nat]');
  await page.waitForSelector('[data-testid=compare-cards]', { timeout: 60_000 });
  // The stopped run says so: it is no longer 'running', so the Run button starts a new run.
  await page.waitForFunction((sel) => !document.querySelector(sel)?.textContent?.startsWith('running'), status, { timeout: 10_000 });
  assert.equal(await page.textContent('[data-testid=run-button]'), 'Run');

  await page.click('[data-testid=run-button]');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('running'), status, { timeout: 10_000 });
  // Stop is heard by the run on screen: it ends, before its duration, as 'stopped' (a refusal would be shown as a notice).
  await page.click('button:has-text("Stop")');
  await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('stopped'), status, { timeout: 10_000 });
  assert.equal(await page.locator('.notice').count(), 0, (await page.locator('.notice').allTextContents()).join(' '));
  assert.deepEqual(errors, []);
  await page.close();
});

test('the session a realtime run is still writing: Rename and Delete are off, saying why, and on again once the run is stopped', async () => {
  // A serve of its own: its one session is this run's.
  const serve = await startServe();
  try {
    const { page, errors } = await openInspector(browser(), serve.url);
    await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
    await page.selectOption('select[name=mode]', 'realtime');
    await page.click('[data-testid=run-button]');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('running'), status);
    // The list is read when the run's status changes: the new session is listed while it records.
    const item = page.locator('[data-testid=session-item]');
    await item.filter({ hasText: 'recording…' }).waitFor({ timeout: 10_000 });
    const buttons = async () => Promise.all(['Rename', 'Delete'].map(async (label) => ({ label, disabled: await item.locator(`button:has-text("${label}")`).isDisabled(), title: await item.locator(`button:has-text("${label}")`).getAttribute('title') })));
    const busy = 'still being recorded: rename or delete it when the run ends';
    assert.deepEqual(await buttons(), [{ label: 'Rename', disabled: true, title: busy }, { label: 'Delete', disabled: true, title: busy }]);
    await page.click('button:has-text("Stop")');
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent?.startsWith('stopped'), status, { timeout: 10_000 });
    await item.filter({ hasText: 'interrupted' }).waitFor({ timeout: 10_000 });
    assert.equal(await item.count(), 1);
    assert.deepEqual(await buttons(), [{ label: 'Rename', disabled: false, title: null }, { label: 'Delete', disabled: false, title: null }]);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('a fast run whose session file meets a full disk: the page shows the cause with the run', { timeout: 120_000 }, async (t) => {
  await withSmallDisk(t, async (dir) => {
    const serve = await startServe([], dir);
    try {
      const { page, errors } = await openInspector(browser(), serve.url);
      // Its lines (about 50 KB) outgrow the 16 KB disk: after the run ended whole (then the run's
      // player reports it as its problem: the usual case, as the run is over in less than the
      // writer's 100 ms block timer) or, on a busy machine where that timer fires first, during it
      // (the run failed, and says why).
      await page.selectOption('[data-testid=preset-picker]', 'carrier-and-home-wifi');
      await page.click('[data-testid=run-button]');
      const shown = page.locator('[data-testid=source-problems], .form-error').filter({ hasText: 'ENOSPC' });
      await shown.waitFor({ timeout: 30_000 });
      const text = (await shown.textContent()) ?? '';
      const ended = await page.getByTestId('source-problems').count() ? 'done' : 'failed';
      assert.match(text, ended === 'done' ? /the session file keeps the run up to its last whole line/ : /the session file keeps the run up to here/, `${ended}: ${text}`);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await serve.stop();
    }
  });
});
