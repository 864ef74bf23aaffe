// RunHost, the engine side of the contract: every event and status message belongs to exactly one
// run id, and a live action is never dropped silently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunHost } from '../../electron/host/run-host.ts';
import type { PushChannel, PushChannels, Result } from '../../shared/contract/contract.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import type { LifelineEvent } from '../../shared/log/events.ts';

type Message = { [C in PushChannel]: { channel: C; m: PushChannels[C] } }[PushChannel];

function host(): { h: RunHost; messages: Message[]; done: (runId: number) => Promise<void> } {
  const messages: Message[] = [];
  const waiters: (() => void)[] = [];
  const h = new RunHost((channel, m) => {
    messages.push({ channel, m } as Message);
    for (const w of waiters.splice(0)) w();
  });
  const done = async (runId: number) => {
    const deadline = Date.now() + 30_000;
    while (!messages.some((x) => x.channel === 'run.status' && x.m.runId === runId && (x.m.status === 'done' || x.m.status === 'failed'))) {
      if (Date.now() > deadline) throw new Error(`run ${runId} never ended`);
      await new Promise<void>((r) => {
        waiters.push(r);
        setTimeout(r, 100);
      });
    }
  };
  return { h, messages, done };
}

const eventsOf = (messages: Message[], runId: number): LifelineEvent[] =>
  messages.flatMap((x) => (x.channel === 'run.events' && x.m.runId === runId ? x.m.events : []));

test('a run started while another is in flight gets none of the old run’s events, and its time never goes back', async () => {
  const { h, messages, done } = host();
  const scenario = findPreset('server-heartbeat-under-nat')!;
  const first = (await h.handle('run.start', { scenario, mode: 'realtime', speed: 60 })) as Result<{ runId: number }>;
  assert.ok(first.ok);
  await new Promise((r) => setTimeout(r, 100));
  const second = (await h.handle('run.start', { scenario, mode: 'fast', speed: 1 })) as Result<{ runId: number }>;
  assert.ok(second.ok);
  await done(second.value.runId);
  const ev = eventsOf(messages, second.value.runId);
  assert.equal(ev.filter((e) => e.kind === 'run.start').length, 1);
  assert.equal(ev.filter((e) => e.kind === 'run.end').length, 1);
  assert.equal(ev[0]?.kind, 'run.start');
  assert.equal(ev.at(-1)?.kind, 'run.end');
  for (let i = 1; i < ev.length; i++) assert.ok(ev[i]!.t >= ev[i - 1]!.t, `time went back at event ${i}`);
  // The first run ended as the second started: its events after that are not sent (they never
  // carry the second id), but it says it ended, under its own id, so its client leaves 'running'.
  assert.equal(eventsOf(messages, first.value.runId).filter((e) => e.kind === 'run.end').length, 0);
  await done(first.value.runId);
  const statuses = messages.flatMap((x) => (x.channel === 'run.status' && x.m.runId === first.value.runId ? [x.m.status] : []));
  assert.equal(statuses.at(-1), 'done');
  h.dispose();
});

test('a live action that arrives before the device exists waits for the start instead of vanishing', async () => {
  const { h, messages, done } = host();
  const start = (await h.handle('run.start', { scenario: findPreset('server-heartbeat-under-nat')!, mode: 'fast', speed: 1 })) as Result<{ runId: number }>;
  assert.ok(start.ok);
  const act = (await h.handle('run.act', { action: 'kill' })) as Result<null>;
  assert.deepEqual(act, { ok: true, value: null });
  await done(start.value.runId);
  const ev = eventsOf(messages, start.value.runId);
  const kill = ev.find((e) => e.kind === 'action');
  assert.deepEqual(kill && [kill.t, kill.kind === 'action' && kill.action, kill.kind === 'action' && kill.source], [0, 'kill', 'live']);
  assert.ok(ev.some((e) => e.kind === 'lifecycle' && e.state === 'terminated' && e.t === 0));
  const late = (await h.handle('run.act', { action: 'kill' })) as Result<null>;
  assert.equal(late.ok, false);
  h.dispose();
});
