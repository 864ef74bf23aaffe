// A `lifeline server`/`nat`/`serve` process as a user starts it, and what /proc says about it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const BIN = path.resolve('bin/lifeline.js');

/**
 * Runs `lifeline <args>` to its end without blocking this process (a peer the CLI talks to, or a
 * sweep's worker threads, may live here); killed after `maxMs` so a hung CLI ends the test.
 */
export function cliAsync(args: string[], maxMs = 120_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), maxMs);
    child.once('exit', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

export interface Service {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export function startCli(args: string[]): Promise<Service> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" from ${args.join(' ')}: ${out}${err}`)), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stdout: () => out, stderr: () => err, exited });
      }
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${out}${err}`)));
  });
}

/** A field of /proc/PID/status in kB (VmRSS now, VmHWM the peak so far). */
export function procKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`Invariant: no ${field} in /proc/${pid}/status`);
  return Number(m[1]);
}

/** Open file descriptors of a process. */
export function fdCount(pid: number): number {
  return fs.readdirSync(`/proc/${pid}/fd`).length;
}

/** The process's open sockets (descriptors that link to `socket:[…]`); a file closed meanwhile is not counted. */
export function socketCount(pid: number): number {
  let n = 0;
  for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
    try {
      if (fs.readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')) n++;
    } catch {
      // closed between the listing and the read
    }
  }
  return n;
}

/** Polls `check` every 50 ms until it holds or `maxMs` passes (a bound, not a speed claim). */
export async function eventually(check: () => boolean, maxMs = 15_000): Promise<boolean> {
  for (let waited = 0; waited <= maxMs; waited += 50) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}
