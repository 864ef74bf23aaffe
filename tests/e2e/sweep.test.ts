// The Sweep view in browser mode: pick a field and a range, run, read dead time and energy per
// day against the value with the NAT timeout marked, then open one point as a run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from '../helpers/browser.ts';

let serve: Awaited<ReturnType<typeof startServe>>;
let browser: Browser;

before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  serve = await startServe();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await serve?.stop();
});

test('Sweep view: server heartbeat 120..420 s under a 300 s NAT, the recommended value, a point opens its run', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(serve.url);
  await page.waitForSelector('[data-testid=preset-picker] option[value=server-heartbeat-under-nat]', { state: 'attached' });
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.click('[data-testid=view-sweep]');
  await page.selectOption('[data-testid=sweep-field]', 'server.heartbeatSec');
  await page.fill('input[name=sweep-from]', '120');
  await page.fill('input[name=sweep-to]', '420');
  await page.fill('input[name=sweep-step]', '30');
  await page.click('[data-testid=sweep-run]');
  await page.waitForSelector('[data-testid=sweep-point-energy-10]', { timeout: 120_000 });
  assert.match(await page.textContent('[data-testid=sweep-recommended]') ?? '', /server\.heartbeatSec = 270/);
  assert.match(await page.textContent('[data-testid=sweep-chart]') ?? '', /NAT timeout 300 s/);
  assert.equal(await page.locator('[data-testid^=sweep-point-dead-]').count(), 11);
  await page.screenshot({ path: path.join(ARTIFACTS, 'sweep-view.png') });
  // The point at 330 s (index 7): the run opens in the inspector, heartbeat over the NAT timeout.
  await page.click('[data-testid=sweep-point-dead-7]');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('done'), null, { timeout: 60_000 });
  assert.ok(JSON.parse((await page.getAttribute('[data-testid=metric-deadSec]', 'data-value'))!) > 0);
  assert.ok((await page.locator('[data-testid=lane-radio] rect').count()) > 0, 'the radio lane is drawn');
  await page.screenshot({ path: path.join(ARTIFACTS, 'sweep-opened-run.png') });
  assert.deepEqual(errors, []);
  await page.close();
});
