// The modern path in the inspector (browser mode, Debian's Chromium): the push service lane and
// markers of a PushKit run, the refresh lane, and the help's history of what replaced the socket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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

async function runPreset(name: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(serve.url);
  await page.waitForSelector(`[data-testid=preset-picker] option[value=${name}]`, { state: 'attached' });
  await page.selectOption('[data-testid=preset-picker]', name);
  await page.click('[data-testid=run-button]');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('done'), null, { timeout: 30_000 });
  return { page, errors };
}

test('an iOS 13 app that forgets CallKit: VoIP push and blocked-push markers, the push service lane turns blocked', async () => {
  const { page, errors } = await runPreset('ios13-forgets-callkit');
  await page.waitForSelector('[data-marker=push-blocked]');
  assert.equal(await page.locator('[data-marker=voip-push]').count(), 4);
  assert.equal(await page.locator('[data-marker=push-blocked]').count(), 8);
  const states = await page.$$eval('[data-testid="lane-push service"] rect', (r) => r.map((x) => x.getAttribute('data-state')));
  assert.deepEqual([...new Set(states)], ['up', 'blocked']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'ios13-forgets-callkit.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('background refresh: the refresh lane shows the runs; help tells what replaced the VoIP socket', async () => {
  const { page, errors } = await runPreset('refresh-cannot-keep-socket');
  const running = await page.$$eval('[data-testid=lane-refresh] rect[data-state=running]', (r) => r.length);
  assert.equal(running, 4);
  await page.screenshot({ path: path.join(ARTIFACTS, 'refresh-cannot-keep-socket.png') });
  await page.keyboard.press('?');
  const help = (await page.textContent('[data-testid=help-dialog]')) ?? '';
  for (const era of ['Legacy VoIP socket (iOS 4–9)', 'PushKit VoIP pushes (iOS 8)', 'The CallKit rule (iOS 13 SDK)', 'Local Push Connectivity (iOS 14)']) assert.ok(help.includes(era), era);
  assert.ok(help.indexOf('iOS 4–9') < help.indexOf('iOS 8)') && help.indexOf('iOS 8)') < help.indexOf('iOS 13 SDK)'), 'in order');
  assert.deepEqual(errors, []);
  await page.close();
});
