// `lifeline serve` as a real process under a client that floods it with sweeps: the client's sweep
// stops when it leaves (the server's descriptors come back), and SIGTERM or SIGINT ends the
// process whatever runs. Needs the built renderer (`npm run build`), as every e2e test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startServe } from '../helpers/browser.ts';
import { eventually, socketCount } from '../helpers/service.ts';
import { findPreset } from '../../shared/scenario/presets.ts';

const LONG_SWEEP = { scenario: findPreset('server-heartbeat-under-nat'), field: 'server.heartbeatSec', from: 30, to: 600, step: 0.3 };

async function page(url: string): Promise<{ ws: WebSocket; answers: { id: number; result: { ok: boolean; error?: string } }[]; progress: () => number }> {
  const u = new URL(url);
  const ws = new WebSocket(`ws://${u.host}/ws`, { origin: `http://${u.host}` });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  const answers: { id: number; result: { ok: boolean; error?: string } }[] = [];
  let progress = 0;
  ws.on('message', (d) => {
    const m = JSON.parse(String(d));
    if (m.push === 'sweep.progress') progress++;
    else if ('result' in m) answers.push(m);
  });
  return { ws, answers, progress: () => progress };
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  test(`serve under a flood of sweeps: one runs, the rest are refused, leaving stops it, and ${signal} ends the process`, { timeout: 180_000 }, async () => {
    const serve = await startServe();
    const pid = serve.child.pid!;
    try {
      // Sockets, not every descriptor: the host thread's first sweep workers keep one /dev/null open for
      // the process's life (opened once, not per sweep), and what must come back is the simulations' sockets.
      const baseline = socketCount(pid);
      const p = await page(serve.url);
      for (let id = 1; id <= 50; id++) p.ws.send(JSON.stringify({ id, channel: 'sweep.run', payload: LONG_SWEEP }));
      assert.ok(await eventually(() => p.answers.length >= 49 && p.progress() >= 1, 60_000), `${p.answers.length} answers`);
      assert.equal(p.answers.length, 49, 'one sweep runs, unanswered until it ends');
      for (const a of p.answers) assert.match(a.result.error ?? '', /already has 1 sweep going \(at most 1 at once\)/);
      assert.ok(socketCount(pid) > baseline + 4, 'the sweep runs simulations on real sockets');
      p.ws.close();
      // The sweep belonged to the page: its simulations stop and their descriptors come back.
      assert.ok(await eventually(() => socketCount(pid) <= baseline, 30_000), `${socketCount(pid)} sockets, ${baseline} before`);

      // Another page's sweep is running when the signal comes: the process ends anyway.
      const q = await page(serve.url);
      q.ws.send(JSON.stringify({ id: 1, channel: 'sweep.run', payload: LONG_SWEEP }));
      assert.ok(await eventually(() => q.progress() >= 1, 60_000));
      const exited = new Promise<number | null>((r) => serve.child.once('exit', (c) => r(c)));
      serve.child.kill(signal);
      const code = await Promise.race([exited, new Promise<'still running'>((r) => setTimeout(() => r('still running'), 30_000))]);
      assert.equal(code, 0);
    } finally {
      if (serve.child.exitCode === null) serve.child.kill('SIGKILL');
    }
  });
}
