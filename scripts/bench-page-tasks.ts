// The page's main thread in `npm run bench` (issue 16 "Heavy work off the UI threads"): Chromium's
// 'longtask' entries (every task over 50 ms), collected from page start, and the goals the figures
// are printed against.
import type { Page } from 'playwright-core';

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
