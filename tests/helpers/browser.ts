// Browser-mode helpers: start `lifeline serve` on an ephemeral port and drive Debian's Chromium
// with playwright-core (no browser download).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type Worker } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = path.resolve('test-results');

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install -y chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-quic', '--disable-sync'],
  });
}

/** `lifeline serve` on an ephemeral port, recording into `dataDir` (by default a fresh temporary folder); `args`: more of its arguments (session files). */
export async function startServe(args: string[] = [], dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-data-'))): Promise<{ url: string; child: ChildProcess; dataDir: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.resolve('bin/lifeline.js'), 'serve', '--port', '0', '--data', dataDir, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (c) => reject(new Error(`serve exited ${c}: ${err}`)));
  });
  return {
    url,
    child,
    dataDir,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Watches `worker` from now on; the function returned waits, bounded, until it has closed (at once
 * if it already has). Unlike a `waitForEvent` made early, no timer runs before the wait begins.
 */
export function watchClose(worker: Worker): (ms: number) => Promise<void> {
  let closed = false;
  const done = new Promise<void>((r) => worker.once('close', () => r(void (closed = true))));
  return (ms) =>
    closed ? Promise.resolve() : Promise.race([done, sleep(ms, undefined, { ref: false }).then(() => Promise.reject(new Error(`the worker ${worker.url()} did not close within ${ms} ms`)))]);
}
