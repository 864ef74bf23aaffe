// The live run's controls go through its player (docs/design.md "The player"): a run superseded by
// another (a compare pair clicked while it goes) ends with a final status, and the controls work on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspectorFixture } from '../helpers/inspector-page.ts';

const { open } = inspectorFixture();

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
