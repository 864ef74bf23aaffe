import { launchChromium, startServe } from './tests/helpers/browser.ts';
const serve = await startServe();
const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, deviceScaleFactor: 2 });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto(serve.url);
await page.waitForSelector('[data-testid=preset-picker] option[value=seed-snippet]', { state: 'attached' });
await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
await page.fill('input[name=durationSec]', '86400');
for (const [at, action] of [[30_000, 'kill'], [30_100, 'foreground'], [30_200, 'background'], [50_000, 'network-change']] as const) {
  await page.fill('#tl-at', String(at));
  await page.selectOption('#tl-action', action);
  await page.click('.timeline-add button');
}
await page.click('[data-testid=run-button]');
await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('done'), null, { timeout: 60_000 });
await page.waitForTimeout(500);
await page.locator('.chart-panel').screenshot({ path: '/tmp/dbg/chart.png' });
await page.locator('.lanes').screenshot({ path: '/tmp/dbg/lanes.png' });
console.log(await page.locator('.idle-envelope').count(), await page.locator('.sawtooth').count(), await page.locator('.lane-flag[data-state=woken]').count(), await page.locator('.lane-flag').count());
console.log(await page.$$eval('[data-testid=lane-lifecycle] rect', (r) => r.slice(0, 12).map((x) => `${x.getAttribute('data-state')} ${x.getAttribute('x')} ${x.getAttribute('width')} ${x.getAttribute('y')} ${x.getAttribute('height')}`)));
await browser.close(); await serve.stop();
