// The inspector page in browser mode, as the e2e tests open and drive it.
import { after, before } from 'node:test';
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe } from './browser.ts';

/**
 * One `lifeline serve` and one Chromium for a test file (the hooks are registered here), and a way
 * to open the inspector in it.
 */
export function inspectorFixture(): { open: (viewport?: { width: number; height: number }) => Promise<{ page: Page; errors: string[] }> } {
  let serve: Awaited<ReturnType<typeof startServe>> | undefined;
  let browser: Browser | undefined;
  before(async () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    serve = await startServe();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await serve?.stop();
  });
  return { open: (viewport) => openInspector(browser!, serve!.url, viewport) };
}

export async function openInspector(browser: Browser, url: string, viewport = { width: 1440, height: 1000 }): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('[data-testid=preset-picker] option[value=seed-snippet]', { state: 'attached' });
  return { page, errors };
}

/** The run is over and the view on screen has drawn its last events (views publish once per frame). */
export const runDone = (page: Page, timeout = 30_000) =>
  page.waitForFunction(
    () => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('done') && document.querySelector('.cursor-frame')?.getAttribute('data-status') === 'done',
    null,
    { timeout },
  );

export async function runFastPreset(page: Page, name: string): Promise<void> {
  await page.selectOption('[data-testid=preset-picker]', name);
  await page.click('[data-testid=run-button]');
  await runDone(page);
}

/** The chart's x-axis tick labels: what a zoom or a pan visibly changes. */
export const chartTicks = (page: Page) => page.$$eval('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text', (t) => t.map((x) => x.textContent ?? ''));
