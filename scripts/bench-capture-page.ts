// Capture figures in the page for `npm run bench`: a synthetic capture of about 400,000 packets
// (BENCH_CAPTURE_PAGE_PACKETS; one long-lived keep-alive connection of three quarters of them, bulk
// transfers alongside; written once to the temp folder, then reused) opened by `lifeline serve
// <file>` in Chromium. Prints the time to the capture chart, the time to re-derive after a NAT
// timeout typed in the field, the time to open Follow stream, and for each the longest main-thread task (PerformanceObserver
// 'longtask', which Chromium reports for tasks over 50 ms): the page must keep answering.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { RENDERER_DIR } from '../electron/web/serve-command.ts';
import { CHROMIUM, launchChromium, startServe } from '../tests/helpers/browser.ts';
import { bigCapture, writePcapng } from '../tests/helpers/synth-capture.ts';
import { describeCpuTasks, describeLongTasks, LONG_TASKS, takeLongTasks, tasksByCpu } from './bench-page-tasks.ts';

/** Every loop and wait below ends: a page that never gets there fails the bench, not hangs it. */
const TIMEOUT_MS = 300_000;

function captureFile(total: number): string {
  const file = path.join(os.tmpdir(), `lifeline-bench-capture-${total}.pcapng`);
  if (fs.existsSync(file)) return file;
  writePcapng(file + '.part', bigCapture(total));
  fs.renameSync(file + '.part', file);
  return file;
}

/** The capture view shows `natSec` as its timeout, its statistics say so, and no load is under way. */
const shown = (page: Page, natSec: number) =>
  page.waitForFunction(
    (n) => !document.querySelector('[data-testid=load-progress]') && !!document.querySelector('[data-testid=heartbeat-chart]') && !!document.querySelector('[data-testid=capture-stats] [data-stat=verdict]')?.textContent?.includes(`${n} s NAT`),
    natSec,
    { timeout: TIMEOUT_MS, polling: 100 },
  );

export async function benchCapturePage(): Promise<void> {
  const total = Number(process.env.BENCH_CAPTURE_PAGE_PACKETS ?? 400_000);
  console.log(`\ncapture in the page, a synthetic pcapng of about ${total.toLocaleString('en')} packets (serve <file>, Chromium):`);
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')) || !fs.existsSync(CHROMIUM)) {
    console.log(`  skipped (needs \`npm run build\` and ${CHROMIUM})`);
    return;
  }
  const file = captureFile(total);
  const serve = await startServe([file]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.addInitScript(LONG_TASKS);
    const opened = await tasksByCpu(browser, page, async () => {
      const t0 = performance.now();
      await page.goto(serve.url);
      await shown(page, 300);
      return performance.now() - t0;
    });
    const open = opened.result;
    const openTasks = await takeLongTasks(page);
    const conn = await page.textContent('[data-testid=capture-connections] tr[aria-selected=true] td:nth-child(4)');
    console.log(`  open (page → capture chart, ${Number(conn).toLocaleString('en')} packets in the shown connection)  ${(open / 1000).toFixed(2)} s; ${describeLongTasks(openTasks)}; ${describeCpuTasks(opened.cpuMs)}`);
    await page.fill('[data-testid=capture-nat]', '120');
    const derived = await tasksByCpu(browser, page, async () => {
      const t1 = performance.now();
      await page.press('[data-testid=capture-nat]', 'Enter');
      await shown(page, 120);
      return performance.now() - t1;
    });
    const derive = derived.result;
    console.log(`  NAT timeout typed (Enter → re-derived chart and statistics)  ${(derive / 1000).toFixed(2)} s; ${describeLongTasks(await takeLongTasks(page))}; ${describeCpuTasks(derived.cpuMs)}`);
    // Follow stream over the whole connection: one page drawn, whatever the connection's length.
    const t2 = performance.now();
    await page.click('[data-testid=follow-toggle]');
    await page.waitForSelector('[data-testid=follow-list] .follow-packet', { timeout: TIMEOUT_MS });
    const follow = performance.now() - t2;
    console.log(`  Follow stream (click → its page drawn; ${await page.textContent('[data-testid=follow-note]')})  ${follow.toFixed(0)} ms; ${describeLongTasks(await takeLongTasks(page))}`);
    await page.close();
    await openPicked(browser, serve.url, file);
  } finally {
    await browser.close();
    await serve.stop();
  }
}

/** The same file picked with Open… in the page: the page's file reader (a Web Worker) reads both passes. */
async function openPicked(browser: Browser, url: string, file: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.addInitScript(LONG_TASKS);
  await page.goto(url);
  await page.waitForSelector('text=Open…');
  await takeLongTasks(page);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
  const picked = await tasksByCpu(browser, page, async () => {
    const t0 = performance.now();
    await chooser.setFiles(file);
    await shown(page, 300);
    return performance.now() - t0;
  });
  console.log(`  the same picked with Open… (read by the page's file reader, a Web Worker)  ${(picked.result / 1000).toFixed(2)} s; ${describeLongTasks(await takeLongTasks(page))}; ${describeCpuTasks(picked.cpuMs)}`);
  await page.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCapturePage();
