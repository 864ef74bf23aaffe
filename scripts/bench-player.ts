// Player figures for `npm run bench` on a ~1,000,000-event session file (recorded once, then
// reused from the temp folder):
//  - Node (a fresh process): read + fold on open, peak memory, seek latency p50/p95, replay at 3600×;
//  - Chromium (browser mode, `lifeline serve <file>`): first chart drawn while it loads, time to the
//    whole session open (first chart with replay controls), seek latency in the page (seek bar →
//    cursor and chart committed); the same file picked with Open… in the page.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../electron/engine/simulation.ts';
import { SessionWriter } from '../electron/capture/session-file.ts';
import { RENDERER_DIR } from '../electron/web/serve-command.ts';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium, startServe } from '../tests/helpers/browser.ts';
import { millionEventScenario } from './bench-renderer.ts';
import { against, cpuTotals, describeCpuTasks, describeLongTasks, LONG_TASKS, PAGE_SEEK_GOAL_MS, takeLongTasks, tasksByCpu } from './bench-page-tasks.ts';

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function sessionFile(): Promise<string> {
  const file = path.join(os.tmpdir(), 'lifeline-bench-million-events.jsonl');
  if (fs.existsSync(file)) return file;
  const t0 = performance.now();
  const w = new SessionWriter(file + '.part', millionEventScenario, 'bench');
  await new Simulation(millionEventScenario, { mode: 'fast', onEvent: (e) => w.write(e) }).run();
  await w.close();
  fs.renameSync(file + '.part', file);
  console.log(`  (recorded ${file} in ${((performance.now() - t0) / 1000).toFixed(1)} s; reused next time)`);
  return file;
}

export async function benchPlayer(): Promise<void> {
  console.log('player, a recorded session of about 1,000,000 events:');
  const file = await sessionFile();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('scripts/bench-player-node.ts'), file], { encoding: 'utf8', timeout: 600_000 });
  if (r.status !== 0) throw new Error(`bench-player-node failed: ${r.stderr}`);
  const n = JSON.parse(r.stdout) as Record<string, number>;
  console.log(`  Node: ${n.events!.toLocaleString('en')} events (${(fs.statSync(file).size / 1e6).toFixed(0)} MB); read ${n.readMs!.toFixed(0)} ms, fold with checkpoints ${n.foldMs!.toFixed(0)} ms, peak RSS ${n.maxRssMB!.toFixed(0)} MB`);
  console.log(`  seek (200 random)     p50 ${n.seekP50!.toFixed(1)} ms, p95 ${n.seekP95!.toFixed(1)} ms, max ${n.seekMax!.toFixed(1)} ms   (target < 100 ms)`);
  console.log(`  replay at 3600×       ${n.replayVirtualSec!.toFixed(0)} s of session in ${n.replayTicks} ticks of 33 ms; work per tick p50 ${n.replayTickP50!.toFixed(2)} ms, p95 ${n.replayTickP95!.toFixed(2)} ms`);

  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html')) || !fs.existsSync(CHROMIUM)) {
    console.log(`  Chromium: skipped (needs \`npm run build\` and ${CHROMIUM})`);
    return;
  }
  const serve = await startServe([file]);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.addInitScript(LONG_TASKS);
    const opened = await tasksByCpu(browser, page, async () => {
      const t0 = performance.now();
      await page.goto(serve.url);
      // The chart draws what has loaded while the rest comes in; the session is open (playable,
      // seekable) once every event is folded.
      await page.waitForSelector('[data-marker=server-heartbeat]', { timeout: 300_000 });
      const firstMarks = performance.now() - t0;
      await page.waitForSelector('[data-testid=replay-controls] >> text=Play', { timeout: 300_000 });
      await page.waitForSelector('[data-marker=server-heartbeat]');
      return { firstMarks, firstChart: performance.now() - t0 };
    });
    const { firstMarks, firstChart } = opened.result;
    const openTasks = await takeLongTasks(page);
    const heap = (await page.evaluate('performance.memory ? performance.memory.usedJSHeapSize : 0')) as number;
    // Seek by the seek bar as a user does; timed in the page from the input event to the commit
    // in which the cursor shows the new time (two animation frames: publish, then paint).
    const end = Number(await page.getAttribute('[data-testid=seek-bar]', 'max'));
    const seeks = await tasksByCpu(browser, page, () => page.evaluate(`(async () => {
      const bar = document.querySelector('[data-testid=seek-bar]');
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
      const out = [];
      let seed = 11;
      for (let i = 0; i < 30; i++) {
        seed = (seed * 16807) % 2147483647;
        const t = Math.floor((seed / 2147483647) * ${end});
        const t0 = performance.now();
        setter.call(bar, String(t));
        bar.dispatchEvent(new Event('input', { bubbles: true }));
        for (let f = 0; f < 100; f++) {
          await new Promise((r) => requestAnimationFrame(r));
          if (document.querySelector('[data-testid=time-cursor]')?.getAttribute('data-t') === String(t)) break;
        }
        out.push(performance.now() - t0);
      }
      return out;
    })()`) as Promise<number[]>);
    const times = seeks.result;
    console.log(`  Chromium: first chart while loading (serve <file> → page → first marker) ${(firstMarks / 1000).toFixed(2)} s`);
    console.log(`  time to first chart (serve <file> → page → open: Play and markers) ${(firstChart / 1000).toFixed(2)} s; JS heap ${(heap / 1e6).toFixed(0)} MB`);
    console.log(`  while it opened: ${describeLongTasks(openTasks)}; ${describeCpuTasks(opened.cpuMs)}`);
    const p95 = pct(times, 0.95);
    console.log(`  seek in the page      p50 ${pct(times, 0.5).toFixed(0)} ms, p95 ${p95.toFixed(0)} ms (input → cursor and chart painted; ${times.length} random seeks; goal p95 < ${PAGE_SEEK_GOAL_MS} ms: ${against(p95, PAGE_SEEK_GOAL_MS, true)})`);
    const seekCpu = seeks.cpuMs && cpuTotals(seeks.cpuMs);
    console.log(`                        ${seekCpu ? `main-thread CPU ${(seekCpu.total / times.length).toFixed(1)} ms a seek, longest task ${seekCpu.longest.toFixed(0)} ms (thread CPU time; traced while timed)` : describeCpuTasks(null)}`);
    await page.close();
    await benchPicked(browser, file);
  } finally {
    await browser.close();
    await serve.stop();
  }
}

/** The same session picked with Open… in the page: the page's file reader (a Web Worker) reads it, the page folds it. */
async function benchPicked(browser: Browser, file: string): Promise<void> {
  const serve = await startServe();
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    await page.addInitScript(LONG_TASKS);
    await page.goto(serve.url);
    await page.waitForSelector('text=Open…');
    await takeLongTasks(page);
    const picked = await tasksByCpu(browser, page, async () => {
      const t0 = performance.now();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
      await chooser.setFiles(file);
      await page.waitForSelector('[data-testid=replay-controls] >> text=Play', { timeout: 300_000 });
      return performance.now() - t0;
    });
    console.log(`  the same picked with Open… (read by the page's file reader) → open ${(picked.result / 1000).toFixed(2)} s; ${describeLongTasks(await takeLongTasks(page))}; ${describeCpuTasks(picked.cpuMs)}`);
    await page.close();
  } finally {
    await serve.stop();
  }
}
