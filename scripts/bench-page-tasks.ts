// The page's main thread in `npm run bench` (issue 16 "Heavy work off the UI threads"): Chromium's
// 'longtask' entries (every task over 50 ms, by wall time), collected from page start; the same
// tasks by the thread CPU time a trace gives them; and the goals the figures are printed against.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Browser, Page } from 'playwright-core';

/** No main-thread task over this while a big session or capture opens. */
export const LONG_TASK_GOAL_MS = 50;
/** Seek in the page (input → cursor and chart painted), p95 under this. */
export const PAGE_SEEK_GOAL_MS = 50;
/** Scrubbing work per frame, p95 at most this (a frame every vsync). */
export const SCRUB_GOAL_MS = 16;
/** A frame every vsync: gaps between animation frames at 60 Hz (16.7 ms), p95 at most this. */
export const FRAME_GOAL_MS = 17;

/** Collects long tasks from page start; `window.__longTasks()` takes those so far and starts anew. */
export const LONG_TASKS = `(() => {
  let tasks = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
  window.__longTasks = () => { const t = tasks; tasks = []; return t; };
})()`;

export const takeLongTasks = (page: Page) => page.evaluate('window.__longTasks()') as Promise<number[]>;

const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** The longest task against the goal, and how many went over 100 ms. */
export const describeLongTasks = (tasks: number[]) =>
  `longest main-thread task ${tasks.length ? Math.max(...tasks).toFixed(0) : `< ${LONG_TASK_GOAL_MS}`} ms, ${tasks.filter((d) => d > 100).length} over 100 ms (goal: none over ${LONG_TASK_GOAL_MS} ms: ${met(tasks.length === 0)})`;

export const against = (value: number, goal: number, strict: boolean) => met(strict ? value < goal : value <= goal);

/** Marks the end of a traced stretch: a trace without it came back incomplete. */
const END_MARK = 'lifeline-bench-traced';
/** Stopping a trace moves it out of the browser: bounded, as every wait in the bench. */
const STOP_TRACE_MS = 120_000;
/**
 * The trace's buffer. Playwright's startTracing keeps Chromium's default one, which a capture's
 * open fills (a task for each of its WebSocket messages): the events after it were lost, the end
 * included. Only the top-level tasks and the end mark are traced.
 */
const TRACE_BUFFER_KB = 512 * 1024;

/**
 * The page's main-thread tasks while `work` runs, by thread CPU time (ms): Chromium's trace times
 * each task in wall time and in the thread's CPU time (`tdur`).
 * On a machine other work shares, wall time stretches with the load and CPU time much less, so the
 * CPU figures compare two builds run at different moments (docs/performance.md). `cpuMs` is null
 * when the trace came back without the stretch's end or without thread times: no figure rather
 * than a partial one. Time `work`'s figures inside it: stopping the trace takes a while.
 */
export async function tasksByCpu<T>(browser: Browser, page: Page, work: () => Promise<T>): Promise<{ result: T; cpuMs: number[] | null }> {
  const cdp = await browser.newBrowserCDPSession();
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...(d.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
  let stopped = false;
  const stop = async () => {
    stopped = true;
    await cdp.send('Tracing.end');
    await Promise.race([complete, sleep(STOP_TRACE_MS).then(() => Promise.reject(new Error(`the trace did not stop in ${STOP_TRACE_MS / 1000} s`)))]);
  };
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { recordMode: 'recordAsMuchAsPossible', traceBufferSizeInKb: TRACE_BUFFER_KB, includedCategories: ['toplevel', 'blink.user_timing'] },
  });
  try {
    const result = await work();
    await page.evaluate(`performance.mark(${JSON.stringify(END_MARK)})`);
    await stop();
    return { result, cpuMs: mainThreadCpu(events) };
  } finally {
    // work failed: its error is the one to report, the trace only has to stop.
    if (!stopped) await stop().catch(() => {});
    await cdp.detach().catch(() => {});
  }
}

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number };

/**
 * Each of the page's main-thread tasks' CPU time (ms): every outermost complete event on that
 * thread, whatever its name. Most are `ThreadControllerImpl::RunTask`, but not all: a promise
 * continued after a Mojo callback runs in a `BlinkScheduler_PerformMicrotaskCheckpoint` of its own
 * (a picked session parsed in one go was a 1.8 s one, which counting RunTasks alone missed). The
 * page's main thread is the one that made the end mark: the trace holds every renderer's, and a
 * navigation moves the page to a new one.
 */
function mainThreadCpu(events: readonly TraceEvent[]): number[] | null {
  const end = events.find((e) => e.name === END_MARK);
  if (!end) return null;
  const main = events.filter((e) => e.ph === 'X' && e.dur !== undefined && e.pid === end.pid && e.tid === end.tid).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const cpu: number[] = [];
  let until = -Infinity;
  for (const e of main) {
    if (e.ts < until) continue; // inside the task counted last
    until = e.ts + e.dur!;
    const us = e.tdur ?? (e.dur! < 1000 ? e.dur : undefined);
    if (us === undefined) return null;
    cpu.push(us / 1000);
  }
  return cpu;
}

/** How many tasks went over the goal, the longest and all of them together (ms of CPU). */
export function cpuTotals(cpuMs: readonly number[]): { over: number; longest: number; total: number } {
  return cpuMs.reduce((t, c) => ({ over: t.over + (c > LONG_TASK_GOAL_MS ? 1 : 0), longest: Math.max(t.longest, c), total: t.total + c }), { over: 0, longest: 0, total: 0 });
}

/** Tasks over the goal by CPU time, the longest, and the main thread's CPU in all. */
export function describeCpuTasks(cpuMs: readonly number[] | null): string {
  if (!cpuMs) return 'by thread CPU: no figure (the trace came back incomplete)';
  const { over, longest, total } = cpuTotals(cpuMs);
  return `by thread CPU: ${over} task${over === 1 ? '' : 's'} over ${LONG_TASK_GOAL_MS} ms, longest ${longest.toFixed(0)} ms, main thread ${(total / 1000).toFixed(2)} s in all`;
}
