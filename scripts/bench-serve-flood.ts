// `npm run bench:hostile`, part 4: `lifeline serve` as a real process under a flood of sweeps.
// Prints the per-connection limits as they hold: what one page gets for 500 sweep.run requests,
// how fast another page is answered meanwhile (session.list, with a 100 MB session dropped in the
// data folder to summarise), what nine pages get, the server's CPU, RSS and fds meanwhile, how soon
// a page's sweep stops once it leaves, and how soon SIGTERM ends the process. Prints figures;
// asserts nothing (the tests do).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { startServe } from '../tests/helpers/browser.ts';
import { eventually, fdCount, procKb } from '../tests/helpers/service.ts';
import { findPreset } from '../shared/scenario/presets.ts';
import { sessionHeader } from '../shared/session/session-format.ts';
import { rpc } from '../tests/helpers/ws-client.ts';
import { DEFAULT_CLIENT_LIMITS, DEFAULT_MAX_CLIENTS } from '../electron/host/client-limits.ts';

const SWEEP = { scenario: findPreset('server-heartbeat-under-nat'), field: 'server.heartbeatSec', from: 30, to: 600, step: 0.3 };
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;
/** Events in the session dropped into the data folder: about 100 MB. */
const BIG_EVENTS = 1_100_000;

/** A session file the host has never seen (it arrived in the folder some other way), written in blocks. */
async function bigSession(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(JSON.stringify(sessionHeader(SWEEP.scenario!, 'bench')) + '\n');
  for (let i = 0; i < BIG_EVENTS; i += 10_000) {
    let block = '';
    for (let k = i; k < i + 10_000; k++) block += `{"t":${k},"kind":"frame","side":"device","dir":"send","verb":"PING","line":"PING ${k}","bytes":${`PING ${k}`.length + 1}}\n`;
    await write(block);
  }
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}

/** Round trips of `session.list` from a page of its own, one after another; and when the big session stopped being pending. */
async function listTimes(url: string, n: number): Promise<{ p50: number; max: number; summarisedMs: number | null }> {
  const p = (await page(url)) as Page;
  const times: number[] = [];
  let summarisedMs: number | null = null;
  const t0 = performance.now();
  for (let id = 1; id <= n || (summarisedMs === null && performance.now() - t0 < 60_000); id++) {
    const t = performance.now();
    const r = await rpc(p.ws, JSON.stringify({ id, channel: 'session.list', payload: null }));
    if (id <= n) times.push(performance.now() - t);
    const rows = (r.result.value ?? []) as { name: string; pending?: string }[];
    if (summarisedMs === null && rows.some((x) => x.name === 'dropped-in' && !x.pending)) summarisedMs = performance.now() - t0;
    if (id > n) await new Promise((res) => setTimeout(res, 100));
  }
  p.ws.close();
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(n / 2)]!, max: times.at(-1)!, summarisedMs };
}

/** CPU seconds (user + system) the process has used, from /proc/PID/stat. */
function cpuSec(pid: number): number {
  const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

/** CPU share of the process over `ms` of wall time. */
async function cpuShare(pid: number, ms = 1000): Promise<number> {
  const c0 = cpuSec(pid);
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return (cpuSec(pid) - c0) / ((performance.now() - t0) / 1000);
}

interface Page {
  ws: WebSocket;
  refused: string[];
  progress: () => number;
}

async function page(url: string): Promise<Page | string> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws`, { origin: `http://${u.host}` });
  const opened = await new Promise<true | string>((resolve) => {
    ws.once('open', () => resolve(true));
    ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.once('error', (e) => resolve(e.message));
  });
  if (opened !== true) return opened;
  const refused: string[] = [];
  let progress = 0;
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.push === 'sweep.progress') progress++;
    else if (m.result && !m.result.ok) refused.push(m.result.error);
  });
  return { ws, refused, progress: () => progress };
}

export async function serveFlood(): Promise<void> {
  if (!fs.existsSync(path.resolve('out/renderer/index.html'))) {
    console.log('serve flood: skipped (run `npm run build` first)');
    return;
  }
  const l = DEFAULT_CLIENT_LIMITS;
  console.log(`serve under a flood of sweeps (limits per page: ${l.sweeps} sweep, ${l.runs} runs, session files ≤ ${l.sessionBytes >> 20} MB; ${DEFAULT_MAX_CLIENTS} pages):`);
  const serve = await startServe();
  const pid = serve.child.pid!;
  try {
    const fds0 = fdCount(pid);
    const one = (await page(serve.url)) as Page;
    for (let id = 1; id <= 500; id++) one.ws.send(JSON.stringify({ id, channel: 'sweep.run', payload: SWEEP }));
    await eventually(() => one.refused.length >= 499 && one.progress() > 0, 60_000);
    const cpu1 = await cpuShare(pid);
    console.log(`  one page, 500 sweep.run: 1 running, ${one.refused.length} refused ("${one.refused[0]}"); server CPU ${(cpu1 * 100).toFixed(0)} %, RSS ${mb(procKb(pid, 'VmRSS'))}, fds ${fdCount(pid)} (${fds0} idle)`);
    const bytes = await bigSession(path.join(serve.dataDir, 'dropped-in.jsonl'));
    const l = await listTimes(serve.url, 20);
    console.log(`  meanwhile another page, a ${(bytes / 1e6).toFixed(0)} MB session dropped into the data folder: session.list answered in p50 ${l.p50.toFixed(0)} ms, max ${l.max.toFixed(0)} ms (20 in a row); the new session summarised in the background ${l.summarisedMs === null ? 'not within 60 s' : `within ${(l.summarisedMs / 1000).toFixed(1)} s`}; server RSS ${mb(procKb(pid, 'VmRSS'))}, peak ${mb(procKb(pid, 'VmHWM'))}`);
    const t0 = performance.now();
    one.ws.close();
    await eventually(() => fdCount(pid) <= fds0, 30_000);
    const stopMs = performance.now() - t0;
    const idleCpu = await cpuShare(pid);
    console.log(`  the page leaves: its sweep stopped and fds back to ${fdCount(pid)} in ${stopMs.toFixed(0)} ms; server CPU then ${(idleCpu * 100).toFixed(0)} %`);

    const pages = await Promise.all(Array.from({ length: DEFAULT_MAX_CLIENTS + 1 }, () => page(serve.url)));
    const open = pages.filter((p): p is Page => typeof p !== 'string');
    const turnedAway = pages.filter((p): p is string => typeof p === 'string');
    for (const p of open) for (let id = 1; id <= 100; id++) p.ws.send(JSON.stringify({ id, channel: 'sweep.run', payload: SWEEP }));
    await eventually(() => open.every((p) => p.refused.length >= 99 && p.progress() > 0), 60_000);
    const cpu9 = await cpuShare(pid);
    console.log(`  ${pages.length} pages × 100 sweep.run: ${open.length} pages with 1 sweep each, ${open.reduce((a, p) => a + p.refused.length, 0)} requests refused, ${turnedAway.length} page turned away (${turnedAway[0] ?? '-'}); server CPU ${(cpu9 * 100).toFixed(0)} %, RSS ${mb(procKb(pid, 'VmRSS'))}, peak ${mb(procKb(pid, 'VmHWM'))}, fds ${fdCount(pid)}`);
    const exited = new Promise<number | null>((r) => serve.child.once('exit', (c) => r(c)));
    const t1 = performance.now();
    serve.child.kill('SIGTERM');
    const code = await exited;
    console.log(`  SIGTERM with ${open.length} sweeps running: exit ${code} after ${(performance.now() - t1).toFixed(0)} ms (target < 2000 ms)`);
  } finally {
    if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
  }
}
