// The open sources (docs/design.md "The player"): each opened session is listed, can be switched to
// and closed, and a closed one frees its memory — the page's heap does not grow with what was opened.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, startServe } from '../helpers/browser.ts';
import { openInspector } from '../helpers/inspector-page.ts';

let browser: Browser;
let serve: Awaited<ReturnType<typeof startServe>>;
let session: Buffer;

before(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-sources-e2e-'));
  const file = path.join(dir, 'session.jsonl');
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'run', 'server-heartbeat-under-nat', '--out', file], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  session = fs.readFileSync(file);
  serve = await startServe();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await serve?.stop();
});

/** Opens the session under `name` with the page's file picker, and waits until it is listed as open. */
async function openAs(page: Page, name: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
  await chooser.setFiles({ name, mimeType: 'application/x-ndjson', buffer: session });
  await page.locator(`[data-testid=open-source] button:has-text("${name}")`).waitFor();
}

// The page is waited on through locators, never page.waitForSelector: that returns an ElementHandle
// which Playwright keeps until the page goes, and a handle on a closed source's controls held its
// detached DOM, React's fibers and with them the whole view (some 50 KB a cycle, 8.9 → 9.9 MB).
test('20 sessions opened and closed one after another: the JS heap stays within 10 % of the start', async () => {
  const { page, errors } = await openInspector(browser, serve.url);
  const cdp = await page.context().newCDPSession(page);
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage');
    return (await cdp.send('Runtime.getHeapUsage')).usedSize;
  };
  const cycle = async (name: string) => {
    await openAs(page, name);
    await page.locator('[data-testid=replay-controls]').waitFor();
    assert.equal(await page.locator('[data-testid=open-source]').count(), 1);
    await page.click('[data-testid=close-source]');
    await page.locator('[data-testid=open-source]').waitFor({ state: 'detached' });
  };
  // Five cycles first: the code paths are loaded and compiled (the heap grows by some 300 KB a cycle
  // while V8 warms up, then levels off) before the heap is measured.
  for (let i = 0; i < 5; i++) await cycle(`warm-up-${i}.jsonl`);
  const start = await heap();
  for (let i = 0; i < 20; i++) await cycle(`s${i}.jsonl`);
  const end = await heap();
  assert.ok(end <= start * 1.1, `heap ${(end / 1e6).toFixed(1)} MB after 20 sessions, ${(start / 1e6).toFixed(1)} MB at the start`);
  assert.deepEqual(errors, []);
  await page.close();
});

test('open sources are listed; one is switched to, and closing the one on screen leaves the other open', async () => {
  const { page, errors } = await openInspector(browser, serve.url);
  await openAs(page, 'a.jsonl');
  await openAs(page, 'b.jsonl');
  assert.deepEqual(await page.locator('[data-testid=open-source] .link').allTextContents(), ['a.jsonl', 'b.jsonl']);
  assert.equal(await page.getAttribute('[data-testid=open-source][aria-current]', 'data-source'), await page.getAttribute('[data-testid=open-source]:nth-child(2)', 'data-source'));
  await page.click('[data-testid=open-source] button:has-text("a.jsonl")');
  await page.waitForSelector('[data-testid=open-source]:nth-child(1)[aria-current]');
  await page.click('[data-testid=open-source]:nth-child(1) [data-testid=close-source]');
  assert.deepEqual(await page.locator('[data-testid=open-source] .link').allTextContents(), ['b.jsonl']);
  await page.click('[data-testid=open-source] button:has-text("b.jsonl")');
  await page.waitForSelector('[data-testid=replay-controls]');
  assert.deepEqual(errors, []);
  await page.close();
});
