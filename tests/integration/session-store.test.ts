// Sessions through the contract (RunHost, as both hosts use it): runs started by the inspector are
// recorded in the data folder and listed; files named at start are read in chunks; ids are opaque
// tokens, never paths; rename and delete work; bad files give one clear error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { RunHost } from '../../electron/host/run-host.ts';
import { SessionStore } from '../../electron/capture/session-store.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { SESSION_CHUNK, type RunStatusMessage, type SessionChunk } from '../../shared/contract/contract.ts';
import type { SessionInfo } from '../../shared/session/session-library.ts';
import { SessionParser, sessionHeader } from '../../shared/session/session-format.ts';
import { parseSessionText } from '../helpers/parse-session.ts';
import { syntheticSession } from '../helpers/synthetic-session.ts';
import { countOpens } from '../helpers/count-opens.ts';
import { fillDisk, withSmallDisk } from '../helpers/small-disk.ts';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-store-'));
/** The sessions in a data folder (its index of summaries is hidden). */
const sessionsIn = (dir: string) => fs.readdirSync(dir).filter((n) => !n.startsWith('.'));

test('a run started through the contract is recorded, listed, renamed, re-read and deleted', async () => {
  const dir = tmp();
  let done: (m: RunStatusMessage) => void = () => {};
  const finished = new Promise<RunStatusMessage>((r) => (done = r));
  const host = new RunHost((c, m) => c === 'run.status' && (m as RunStatusMessage).status === 'done' && done(m as RunStatusMessage), new SessionStore({ dir }));
  try {
    const r = (await host.handle('run.start', { scenario: findPreset('server-heartbeat-over-nat'), mode: 'fast', speed: 1 })) as { ok: boolean };
    assert.equal(r.ok, true);
    const end = await finished;
    const list = (await host.handle('session.list', null)) as { ok: true; value: SessionInfo[] };
    assert.equal(list.value.length, 1);
    const info = list.value[0]!;
    assert.equal(info.scenario, 'server-heartbeat-over-nat');
    assert.equal(info.deadSec, end.summary!.deadSec);
    assert.equal(info.pushesLost, end.summary!.pushes.lost);
    assert.equal(info.durationSec, 3600);

    // "x.jsonl" is the name x; a name that would hide the file is refused.
    const dotted = (await host.handle('session.rename', { id: info.id, name: 'gamma.jsonl' })) as { ok: true; value: SessionInfo };
    assert.equal(dotted.value.name, 'gamma', JSON.stringify(dotted));
    assert.deepEqual(sessionsIn(dir), ['gamma.jsonl']);
    for (const name of ['..', '.hidden', '.jsonl']) {
      const bad = (await host.handle('session.rename', { id: dotted.value.id, name })) as { ok: boolean; error: string };
      assert.equal(bad.ok, false, name);
    }
    const renamed = (await host.handle('session.rename', { id: dotted.value.id, name: 'broken heartbeat' })) as { ok: true; value: SessionInfo };
    assert.equal(renamed.ok, true, JSON.stringify(renamed));
    assert.equal(renamed.value.name, 'broken heartbeat');
    assert.ok(fs.existsSync(path.join(dir, 'broken heartbeat.jsonl')));
    const chunk = (await host.handle('session.read', { id: renamed.value.id, offset: 0 })) as { ok: true; value: SessionChunk };
    assert.equal(chunk.value.lines.split('\n').length, info.events);
    assert.equal(chunk.value.next, null);

    for (const id of ['lib:../../etc/passwd', 'lib:x/y.jsonl', '../x', 'arg:7']) {
      const bad = (await host.handle('session.read', { id, offset: 0 })) as { ok: boolean; error: string };
      assert.equal(bad.ok, false, id);
    }
    assert.deepEqual(await host.handle('session.delete', { id: renamed.value.id }), { ok: true, value: null });
    assert.deepEqual(sessionsIn(dir), []);
  } finally {
    host.dispose();
  }
});

test('a big session crosses in chunks that add up to the file; a corrupt one is one clear error', async () => {
  const dir = tmp();
  const events = syntheticSession(50_000);
  assert.ok(events.length > 2 * SESSION_CHUNK);
  const file = path.join(dir, 'big.jsonl');
  fs.writeFileSync(file, [JSON.stringify(sessionHeader(findPreset('server-heartbeat-under-nat')!, 't')), ...events.map((e) => JSON.stringify(e))].join('\n') + '\n');
  const bad = path.join(dir, 'bad.jsonl');
  fs.writeFileSync(bad, fs.readFileSync(file, 'utf8').replace('"kind":"heartbeat"', '"kind":"heartbeat","seq":"x","x"'));
  const host = new RunHost(() => {}, new SessionStore({ files: [file, bad] }));
  try {
    assert.deepEqual(await host.handle('session.startup', null), { sessions: [{ id: 'arg:0', name: 'big.jsonl' }, { id: 'arg:1', name: 'bad.jsonl' }] });
    // The page's side: one parser, resumed after the header, fed every chunk's lines.
    let parser: SessionParser | null = null;
    let offset: number | null = 0;
    let chunks = 0;
    for (let guard = 0; offset !== null && guard < 100; guard++) {
      const r = (await host.handle('session.read', { id: 'arg:0', offset })) as { ok: true; value: SessionChunk };
      const lines = r.value.lines.split('\n');
      assert.ok(lines.length <= SESSION_CHUNK);
      parser ??= new SessionParser('big.jsonl', { header: sessionHeader(r.value.scenario, ''), lineNo: r.value.firstLine - 1, lastT: 0 });
      for (const l of lines) parser.line(l);
      offset = r.value.next;
      chunks++;
    }
    assert.ok(chunks >= 3);
    assert.deepEqual(parser!.events, parseSessionText(fs.readFileSync(file, 'utf8'), file).events);
    const b = (await host.handle('session.read', { id: 'arg:1', offset: 0 })) as { ok: false; error: string };
    assert.match(b.error, /bad\.jsonl: line \d+: /);
    assert.equal(b.error.split('\n').length, 1);
    const refused = (await host.handle('session.read', { id: 'arg:0', offset: -1 })) as { ok: false; error: string };
    assert.match(refused.error, /session\.read: offset/);
  } finally {
    host.dispose();
  }
});

test('listing reads each session once: later listings, a run\'s status changes and a restart use the index of summaries', { timeout: 60_000 }, async () => {
  const dir = tmp();
  const names = ['a.jsonl', 'b.jsonl', 'c.jsonl'];
  const header = JSON.stringify(sessionHeader(findPreset('server-heartbeat-under-nat')!, 't'));
  for (const [i, name] of names.entries()) fs.writeFileSync(path.join(dir, name), [header, ...syntheticSession(1000 * (i + 1)).map((e) => JSON.stringify(e))].join('\n') + '\n');
  const opens = countOpens((file) => names.includes(path.basename(file)));
  try {
    const store = new SessionStore({ dir });
    let listings = 0;
    const listed: Promise<unknown>[] = [];
    let done: () => void = () => {};
    const finished = new Promise<void>((r) => (done = r));
    // The page lists the sessions on every status change of a run (as the Sessions view does).
    const host = new RunHost((c, m) => {
      if (c !== 'run.status') return;
      listings++;
      listed.push(store.list());
      if ((m as RunStatusMessage).status === 'done') done();
    }, store);
    assert.deepEqual(((await store.list()) as { ok: true; value: SessionInfo[] }).value.map((s) => s.pending), ['summarising', 'summarising', 'summarising']);
    await store.summarised();
    assert.equal(opens.count(), 3, 'each session read once to summarise it');
    assert.equal(((await host.handle('run.start', { scenario: findPreset('server-heartbeat-under-nat'), mode: 'fast', speed: 1 })) as { ok: boolean }).ok, true);
    await finished;
    await Promise.all(listed);
    for (let i = 0; i < 5; i++) await store.list();
    assert.ok(listings >= 1);
    const all = ((await store.list()) as { ok: true; value: SessionInfo[] }).value;
    assert.equal(all.length, 4);
    assert.ok(all.every((s) => !s.pending));
    await host.dispose();
    store.dispose();
    // A new store on the same folder (the app started again) lists from the saved index.
    const again = new SessionStore({ dir });
    assert.equal(((await again.list()) as { ok: true; value: SessionInfo[] }).value.filter((s) => !s.pending).length, 4);
    again.dispose();
    assert.equal(opens.count(), 3, 'no session was read again');
  } finally {
    opens.restore();
  }
});

test('a FIFO named like a session is refused at once as "not a regular file"; reading it blocks no one', { timeout: 30_000 }, async (t) => {
  const dir = tmp();
  const fifo = path.join(dir, 'fifo.jsonl');
  assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
  const real = path.join(dir, 'real.jsonl');
  fs.writeFileSync(real, [JSON.stringify(sessionHeader(findPreset('server-heartbeat-under-nat')!, 't')), ...syntheticSession(10).map((e) => JSON.stringify(e))].join('\n') + '\n');
  // Without the fix each read waits in open() for a writer: a writer's open lets them go, so even a
  // failing run of this test leaves no thread stuck.
  t.after(() => {
    try {
      fs.closeSync(fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch {
      // ENXIO: no reader is waiting, as it should be.
    }
  });
  const host = new RunHost(() => {}, new SessionStore({ dir }));
  try {
    // More requests than libuv has threads (4): blocked opens would starve the read of real.jsonl.
    const fifoReads = Array.from({ length: 6 }, () => host.handle('session.read', { id: 'lib:fifo.jsonl', offset: 0 }));
    const ok = (await host.handle('session.read', { id: 'lib:real.jsonl', offset: 0 })) as { ok: true; value: SessionChunk };
    assert.equal(ok.ok, true);
    for (const r of (await Promise.all(fifoReads)) as { ok: false; error: string }[]) assert.match(r.error, /fifo\.jsonl: not a regular file/);
  } finally {
    await host.dispose();
  }
});

test('a session still being recorded is neither deleted nor renamed by another page; once the run ends it can be', { timeout: 60_000 }, async () => {
  const dir = tmp();
  const store = new SessionStore({ dir });
  let done: () => void = () => {};
  const finished = new Promise<void>((r) => (done = r));
  // Page A runs; page B, on the same data folder (as serve's pages are), sees it listed as recording.
  const a = new RunHost((c, m) => c === 'run.status' && (m as RunStatusMessage).status === 'done' && done(), store);
  const b = new RunHost(() => {}, store);
  try {
    assert.equal(((await a.handle('run.start', { scenario: findPreset('server-heartbeat-under-nat'), mode: 'realtime', speed: 1 })) as { ok: boolean }).ok, true);
    const [rec] = ((await b.handle('session.list', null)) as { ok: true; value: SessionInfo[] }).value;
    assert.equal(rec?.pending, 'recording');
    const del = (await b.handle('session.delete', { id: rec.id })) as { ok: false; error: string };
    assert.equal(del.ok, false, 'delete refused');
    assert.match(del.error, /: still being recorded; delete it when the run ends$/);
    const ren = (await b.handle('session.rename', { id: rec.id, name: 'other' })) as { ok: false; error: string };
    assert.match(ren.error, /: still being recorded; rename it when the run ends$/);
    assert.equal(sessionsIn(dir).length, 1, 'the recording is still there');
    await a.handle('run.stop', null);
    await finished;
    assert.deepEqual(await b.handle('session.delete', { id: rec.id }), { ok: true, value: null });
    assert.deepEqual(sessionsIn(dir), []);
  } finally {
    await Promise.all([a.dispose(), b.dispose()]);
    store.dispose();
  }
});

test('a fast run whose session file meets a full disk ends whole, says the file is cut, and is listed from what the file holds', { timeout: 60_000 }, async (t) => {
  await withSmallDisk(t, async (dir) => {
    let done: (m: RunStatusMessage) => void = () => {};
    const finished = new Promise<RunStatusMessage>((r) => (done = r));
    let streamed = 0;
    const host = new RunHost((c, m) => {
      if (c === 'run.events') streamed += (m as { events: unknown[] }).events.length;
      if (c === 'run.status' && ['done', 'failed'].includes((m as RunStatusMessage).status)) done(m as RunStatusMessage);
    }, new SessionStore({ dir }));
    try {
      // Its lines (about 50 KB) reach the 16 KB disk after the run ended.
      const r = (await host.handle('run.start', { scenario: findPreset('carrier-and-home-wifi'), mode: 'fast', speed: 1 })) as { ok: boolean };
      assert.equal(r.ok, true);
      const end = await finished;
      // The lines reach the disk in blocks: after the run (it ended whole) or, if a block's timer
      // fired first, during it (it stopped there). Either way the cause is the disk, not the cap.
      assert.ok(
        (end.status === 'done' && end.error === 'cannot write the session file (ENOSPC); the session file keeps the run up to its last whole line') ||
          (end.status === 'failed' && end.error === 'cannot write the session file (ENOSPC); the session file keeps the run up to here'),
        `${end.status}: ${end.error}`,
      );
      const [name] = sessionsIn(dir);
      const text = fs.readFileSync(path.join(dir, name!), 'utf8');
      assert.ok(text.endsWith('\n'), 'cut back to its last whole line');
      const held = text.split('\n').length - 2;
      assert.ok(held > 0 && held < streamed, `${held} of ${streamed} events held`);
      // Listed from the file (summarised in the background), not from the run's summary.
      let info: SessionInfo | undefined;
      for (let k = 0; k < 300 && (info === undefined || info.pending !== undefined); k++) {
        if (k) await new Promise((r) => setTimeout(r, 100));
        info = ((await host.handle('session.list', null)) as { ok: true; value: SessionInfo[] }).value[0];
      }
      assert.equal(info?.pending, undefined, JSON.stringify(info));
      assert.equal(info!.events, held);
    } finally {
      await host.dispose();
    }
  });
});

test('a disk too full for even a session header refuses each run with the cause, and leaves no file and no slot taken', { timeout: 60_000 }, async (t) => {
  await withSmallDisk(t, async (dir) => {
    fillDisk(dir);
    const host = new RunHost(() => {}, new SessionStore({ dir }));
    try {
      // More tries than a page has run slots (2): each is refused for the disk, none for the slots.
      for (let k = 0; k < 3; k++) {
        const r = (await host.handle('run.start', { scenario: findPreset('server-heartbeat-under-nat'), mode: 'fast', speed: 1 })) as { ok: boolean; error?: string };
        assert.deepEqual(r, { ok: false, error: 'run.start: cannot write the session file (ENOSPC)' });
      }
      assert.deepEqual(sessionsIn(dir), []);
    } finally {
      await host.dispose();
    }
  });
});
