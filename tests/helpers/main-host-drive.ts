// Drives Electron's main-process wiring (electron/main/main-host.ts) as the app does, without
// 'electron': a window's IPC handlers relay to the host thread, files picked in the open dialog
// are told apart there, a dead thread is replaced with the opened files' ids still valid.
// `entry` is the host thread's worker: the tsx one from source, or the bundle's (out/main).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPicked, startMainHost, stopMainHost, wireWindow } from '../../electron/main/main-host.ts';
import { INVOKE_CHANNELS, type MenuCommand, type PushChannel, type PushChannels, type Result, type RunStatusMessage, type SessionChunk } from '../../shared/contract/contract.ts';
import { findPreset, PRESETS } from '../../shared/scenario/presets.ts';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import type { CaptureScan } from '../../shared/contract/contract.ts';
import { heartbeatPackets, writePcap } from './synth-capture.ts';

type Sender = { trusted: boolean };
type Handler = (e: Sender, payload: unknown) => Promise<unknown>;

/** Waits for `ok` to hold, each check after a push or 50 ms; fails after `ms`. */
async function until(what: string, ok: () => boolean, wake: (() => void)[], ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((r) => {
      wake.push(r);
      setTimeout(r, 50);
    });
  }
}

export async function driveMainHost(entry: URL | undefined): Promise<void> {
  const userData = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-main-'));
  const problems: string[] = [];
  const thread = startMainHost(userData, [], entry, (line) => problems.push(line));
  const handlers = new Map<string, Handler>();
  const pushes: { channel: PushChannel; message: PushChannels[PushChannel] }[] = [];
  const wake: (() => void)[] = [];
  const menu: MenuCommand[] = [];
  try {
    await thread.started();
    wireWindow<Sender>(thread, (channel, fn) => handlers.set(channel, fn), (e) => e.trusted, (channel, message) => {
      pushes.push({ channel, message });
      for (const w of wake.splice(0)) w();
    });
    assert.deepEqual([...handlers.keys()].sort(), [...INVOKE_CHANNELS].sort(), 'every contract channel is relayed');
    const call = <T>(channel: string, payload: unknown, trusted = true) => handlers.get(channel)!({ trusted }, payload) as Promise<Result<T>>;

    assert.deepEqual(await call('presets.list', null, false), { ok: false, error: 'untrusted sender' });
    assert.equal(((await call('presets.list', null)) as unknown as unknown[]).length, PRESETS.length);
    const refused = await call('run.start', { scenario: {}, mode: 'warp', speed: 1 });
    assert.ok(!refused.ok && /run\.start: mode/.test(refused.error), JSON.stringify(refused));

    // A run in the host thread: its events and final status come back as pushes; its file is listed.
    const started = await call<{ runId: number }>('run.start', { scenario: findPreset('seed-snippet'), mode: 'fast', speed: 1 });
    assert.ok(started.ok, JSON.stringify(started));
    const final = () => pushes.find((p) => p.channel === 'run.status' && (p.message as RunStatusMessage).status !== 'running')?.message as RunStatusMessage | undefined;
    await until('the run to end', () => final() !== undefined, wake);
    assert.equal(final()!.status, 'done', JSON.stringify(final()));
    assert.equal(final()!.summary?.terminations, 1);
    assert.ok(pushes.some((p) => p.channel === 'run.events' && (p.message as PushChannels['run.events']).events.some((e) => e.kind === 'run.end')));
    const listed = await call<SessionInfo[]>('session.list', null);
    assert.ok(listed.ok && listed.value.length === 1, JSON.stringify(listed));
    const recorded = path.join(userData, 'sessions', listed.value[0]!.id.replace(/^lib:/, ''));

    // Files picked in the open dialog: a session and a capture become menu commands with ids the
    // host thread reads; a scenario is the dialog's answer; a broken one is an error naming it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-picked-'));
    const copy = path.join(dir, 'picked.jsonl');
    fs.copyFileSync(recorded, copy);
    assert.equal(await openPicked(thread, copy, (c) => menu.push(c)), null);
    const pcap = path.join(dir, 'beat.pcap');
    writePcap(pcap, heartbeatPackets(5, 30));
    assert.equal(await openPicked(thread, pcap, (c) => menu.push(c)), null);
    assert.deepEqual(menu.map((c) => c.kind), ['open-session', 'open-capture']);
    const [session, capture] = menu as { id: string; name: string }[];
    assert.equal(session!.name, 'picked.jsonl');
    const scenarioFile = path.join(dir, 'scenario.json');
    fs.writeFileSync(scenarioFile, JSON.stringify(findPreset('seed-snippet')));
    const sc = await openPicked(thread, scenarioFile, (c) => menu.push(c));
    assert.ok(sc?.ok && sc.value.scenario.name === findPreset('seed-snippet')!.name, JSON.stringify(sc));
    const broken = path.join(dir, 'broken.json');
    fs.writeFileSync(broken, '{"name": ');
    const bad = await openPicked(thread, broken, (c) => menu.push(c));
    assert.ok(bad && !bad.ok && bad.error.includes(broken), JSON.stringify(bad));
    const missing = await openPicked(thread, path.join(dir, 'gone.json'), (c) => menu.push(c));
    assert.ok(missing && !missing.ok && missing.error.includes('gone.json'), JSON.stringify(missing));
    assert.equal(menu.length, 2, 'no menu command for a scenario or an error');

    const readBoth = async () => {
      const chunk = await call<SessionChunk>('session.read', { id: session!.id, offset: 0 });
      assert.ok(chunk.ok && chunk.value.name === 'picked.jsonl', JSON.stringify(chunk).slice(0, 300));
      const scan = await call<CaptureScan>('capture.scan', { id: capture!.id });
      assert.ok(scan.ok, JSON.stringify(scan).slice(0, 300));
    };
    await readBoth();
    // A host thread that dies is replaced; the files opened before are still open under their ids.
    await thread.kill();
    await until('the crash to be reported', () => problems.some((p) => /host thread stopped/.test(p)), wake, 10_000);
    await readBoth();
    assert.ok(((await call('presets.list', null)) as unknown as unknown[]).length > 0);
  } finally {
    await stopMainHost(thread);
  }
}
