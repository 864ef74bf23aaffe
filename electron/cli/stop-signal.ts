// SIGINT/SIGTERM stop a long-running command; stopping is bounded in time, whatever peers do.

/** Stop has this long; then the process exits anyway (docs/services.md "Binding, logging and stopping": within 2 s). */
export const STOP_DEADLINE_MS = 1500;

export function untilStopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/**
 * Waits for `work`, at most STOP_DEADLINE_MS. A stop that overruns means a handle we could not
 * close (a stuck peer, a hung file system): exit rather than hang on a signal.
 */
export async function withDeadline(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const overran = await Promise.race([
    work.then(() => false, () => false),
    new Promise<boolean>((r) => (timer = setTimeout(() => r(true), STOP_DEADLINE_MS))),
  ]);
  clearTimeout(timer);
  if (overran) {
    console.error('lifeline: stop took too long; exiting');
    process.exit(0);
  }
}

/** After a stop: the process exits within EXIT_GRACE_MS even if some handle still holds the event loop. */
export const EXIT_GRACE_MS = 300;

export function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
}
