// The page's main thread in `npm run bench` (issue 16 "Heavy work off the UI threads"): Chromium's
// 'longtask' entries (every task over 50 ms, by wall time), collected from page start; the same
// tasks by the thread CPU time a trace gives them; and the goals the figures are printed against.
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

/**
 * The page's main-thread tasks while `work` runs, by thread CPU time (ms): Chromium's trace times
 * each task (`ThreadControllerImpl::RunTask`) in wall time and in the thread's CPU time (`tdur`).
 * On a machine other work shares, wall time stretches with the load and CPU time much less, so the
 * CPU figures compare two builds run at different moments (docs/performance.md).
 */
export async function tasksByCpu<T>(browser: Browser, page: Page, work: () => Promise<T>): Promise<{ result: T; cpuMs: number[] }> {
  let trace: Buffer | undefined;
  await browser.startTracing(page, { categories: ['toplevel'] });
  const result = await work().finally(() => browser.stopTracing().then((t) => (trace = t)));
  return { result, cpuMs: mainThreadCpu(trace!) };
}

type TraceEvent = { name: string; ph: string; pid: number; tid: number; tdur?: number; args?: { name?: string } };
const TASK = 'ThreadControllerImpl::RunTask';

/** Each main-thread task's CPU time (ms): the renderer's main thread that ran the most tasks (the page's, not a helper frame's). */
function mainThreadCpu(trace: Buffer): number[] {
  const events = (JSON.parse(trace.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const byThread = new Map<string, number[]>();
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name !== TASK || e.ph !== 'X' || !mains.has(key)) continue;
    let list = byThread.get(key);
    if (!list) byThread.set(key, (list = []));
    list.push((e.tdur ?? 0) / 1000);
  }
  return [...byThread.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

/** Tasks over the goal by CPU time, the longest, and the main thread's CPU in all. */
export function describeCpuTasks(cpuMs: number[]): string {
  const over = cpuMs.filter((c) => c > LONG_TASK_GOAL_MS).length;
  return `by thread CPU: ${over} task${over === 1 ? '' : 's'} over ${LONG_TASK_GOAL_MS} ms, longest ${cpuMs.length ? Math.max(...cpuMs).toFixed(0) : 0} ms, main thread ${(cpuMs.reduce((a, c) => a + c, 0) / 1000).toFixed(2)} s in all`;
}
