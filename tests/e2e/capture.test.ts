// A packet capture in the inspector, in Debian's Chromium: opened by `serve <capture>` and by the
// page's file picker, the connection list and default, the cadence statistics equal to
// `lifeline analyze --json`, packet marks per direction, the NAT timeout typed and dragged
// re-deriving the shaded gaps, a damaged capture shown up to its damage, and Export → pcapng.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Browser, Page } from 'playwright-core';
import { ARTIFACTS, launchChromium, startServe, watchClose } from '../helpers/browser.ts';
import { assertLoadBarMoved, openInspector, recordLoadBar, runDone, runFastPreset } from '../helpers/inspector-page.ts';
import { bigCapture, pingPongPackets, writePcapng, type SynthPacket } from '../helpers/synth-capture.ts';
import { missing } from '../helpers/capture-tools.ts';
import { readCapture } from '../../electron/capture/capture-reader.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { TCP_ACK, TCP_PSH, TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { roundMs } from '../../shared/util/time-format.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-capture-e2e-'));
const T0 = 1_700_000_000e6;
/** When the keep-alive client PINGs (s): every 60 s, one 400 s silence, then on. */
const PINGS = [60, 120, 180, 240, 300, 700, 760, 820];

/** A keep-alive connection (long, few packets) and a bulk transfer (short, many packets). */
function keepAliveCapture(): SynthPacket[] {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const out = pingPongPackets(PINGS, T0);
  for (let i = 0; i < 40; i++) out.push({ tsUs: T0 + 10e6 + i * 50_000, ip: ipv4Tcp(c, s, 40001, 443, 1 + i * 100, 1, TCP_ACK | TCP_PSH, new Uint8Array(100)) });
  return out.sort((a, b) => a.tsUs - b.tsUs);
}

const capture = path.join(dir, 'keepalive.pcapng');
writePcapng(capture, keepAliveCapture());

/** The capture cut mid-block: damaged, with packets before the damage. */
function cutCapture(name: string): string {
  const bytes = fs.readFileSync(capture);
  const cut = path.join(dir, name);
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.7)));
  return cut;
}

function analyze(file: string, nat?: number): { status: number; json: Record<string, unknown> & { selected: number; gapsOverTimeout: number; verdict: string; largestGapsSec: number[]; intervals: Record<'up' | 'down', { min: number; median: number; max: number }>; connections: { id: number; client: string; server: string; packets: number; startSec: number; durationSec: number }[] }; stderr: string } {
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'analyze', file, '--json', ...(nat ? ['--nat-timeout', String(nat)] : [])], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status ?? -1, json: r.stdout ? JSON.parse(r.stdout) : {}, stderr: r.stderr };
}

let browser: Browser;
before(async () => {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

const stat = (page: Page, name: string) => page.textContent(`[data-testid=capture-stats] [data-stat=${name}]`);
const shaded = (page: Page) => page.locator('[data-testid=heartbeat-chart] .dead-stretch').count();
// To the millisecond, as analyze prints them.
const fmt = (s: { min: number; median: number; max: number }) => `${roundMs(s.min)} / ${roundMs(s.median)} / ${roundMs(s.max)}`;

/** The panel and chart agree with `lifeline analyze --json --nat-timeout nat`. */
async function assertMatchesAnalyze(page: Page, nat: number): Promise<void> {
  const a = analyze(capture, nat).json;
  await page.waitForFunction((n) => document.querySelector('[data-testid=capture-stats] [data-stat=verdict]')?.textContent?.includes(`${n} s NAT`), nat);
  assert.equal(await stat(page, 'up'), fmt(a.intervals.up));
  assert.equal(await stat(page, 'down'), fmt(a.intervals.down));
  assert.equal(await stat(page, 'over'), String(a.gapsOverTimeout));
  assert.equal(await stat(page, 'largest'), a.largestGapsSec.map(roundMs).join(', '));
  assert.equal(await stat(page, 'verdict'), a.verdict);
  // Every gap over the timeout is one shaded stretch and one expiry mark.
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=heartbeat-chart] .dead-stretch').length === n, a.gapsOverTimeout, { timeout: 10_000 });
  assert.equal(await page.locator('[data-marker=nat-expiry]').count(), a.gapsOverTimeout);
}

async function assertCaptureView(page: Page): Promise<void> {
  const a = analyze(capture).json;
  await page.waitForSelector('[data-testid=capture-panel]');
  // The connections, as analyze lists them; the default is the one analyze selects.
  const rows = await page.$$eval('[data-testid=capture-connections] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim())));
  assert.deepEqual(rows.map((r) => [Number(r[0]), r[1], r[2], Number(r[3]), r[5], r[6]]), a.connections.map((c) => [c.id, c.client, c.server, c.packets, String(roundMs(c.startSec)), String(roundMs(c.durationSec))]));
  assert.equal(await page.getAttribute('[data-testid=capture-connections] tr[aria-selected=true]', 'data-conn'), String(a.selected));
  assert.equal(await page.inputValue('[data-testid=capture-nat]'), '300');
  await assertMatchesAnalyze(page, 300);
  // Payload packets as marks, one kind per direction.
  assert.equal(await page.locator('[data-marker=client-heartbeat]').count(), PINGS.length);
  assert.equal(await page.locator('[data-marker=server-heartbeat]').count(), PINGS.length);
}

test('serve <capture>: the connections, the default, statistics equal to analyze --json, marks per direction; the NAT timeout typed and dragged', async () => {
  const serve = await startServe([capture]);
  try {
    const { page, errors } = await openInspector(browser, serve.url, { width: 1440, height: 1100 });
    await assertCaptureView(page);
    // Only the cards a capture can fill: no wakeups, pushes or radio energy of a device model.
    const cards = await page.$$eval('[data-testid^=metric-]', (els) => els.map((e) => e.getAttribute('data-testid')));
    assert.deepEqual(cards, ['metric-disconnects', 'metric-natExpiries', 'metric-deadSec', 'metric-connectedRatio', 'metric-heartbeats']);
    // They say what the flow lane draws, at the cursor: at the end, one gap over 300 s (its idle
    // past the timeout is the gap less 300 s), the rest within it. (A capture invents no connection,
    // so a run's reachability figures stayed 0 s and 0 % here.)
    await page.focus('[data-testid=seek-bar]');
    await page.keyboard.press('End');
    const largest = analyze(capture).json.largestGapsSec[0]!;
    const card = async (k: string) => JSON.parse((await page.getAttribute(`[data-testid=metric-${k}]`, 'data-value'))!) as number;
    await page.waitForFunction((v) => document.querySelector('[data-testid=metric-deadSec]')?.getAttribute('data-value') === String(v), roundMs(largest - 300));
    assert.equal(await card('disconnects'), 1);
    const within = await card('connectedRatio');
    assert.ok(within > 0.5 && within < 1, `within the timeout ${within}`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'capture-view.png'), fullPage: true });

    // Lower: every 60 s cadence gap outlasts a 50 s NAT. Higher: none does.
    // The field can be cleared and typed from scratch; not a timeout says so and changes nothing.
    await page.click('[data-testid=capture-nat]');
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    assert.equal(await page.getAttribute('[data-testid=capture-nat]', 'aria-invalid'), 'true');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    assert.equal(await page.inputValue('[data-testid=capture-nat]'), '0');
    assert.match((await page.textContent('[data-testid=capture-nat-error]'))!, /at least 0\.001/);
    assert.match((await stat(page, 'verdict'))!, /a 300 s NAT/);
    await page.fill('[data-testid=capture-nat]', '5');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    assert.equal(await page.getAttribute('[data-testid=capture-nat]', 'aria-invalid'), 'false');
    await assertMatchesAnalyze(page, 50);
    assert.ok((await shaded(page)) > 1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'capture-nat-50.png'), fullPage: true });
    await page.fill('[data-testid=capture-nat]', '500');
    await page.press('[data-testid=capture-nat]', 'Enter');
    await assertMatchesAnalyze(page, 500);
    assert.equal(await shaded(page), 0);

    // Dragging the line down sets a lower timeout (whatever it lands on), and everything follows.
    const grip = (await page.locator('[data-testid=nat-drag] rect').boundingBox())!;
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
    await page.mouse.down();
    await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2 + 120, { steps: 5 });
    await page.mouse.up();
    await page.waitForFunction(() => Number((document.querySelector('[data-testid=capture-nat]') as HTMLInputElement).value) < 500);
    const dragged = Number(await page.inputValue('[data-testid=capture-nat]'));
    assert.ok(dragged >= 1 && dragged < 500, `dragged to ${dragged}`);
    await assertMatchesAnalyze(page, dragged);

    // Two clicks in a row: the last one wins, though the first is still loading.
    await page.$$eval('[data-testid=capture-connections] tr', (trs) => {
      (trs.find((t) => t.getAttribute('data-conn') === '2') as HTMLElement).click();
      (trs.find((t) => t.getAttribute('data-conn') === '1') as HTMLElement).click();
    });
    await page.waitForSelector('[data-testid=capture-connections] tr[data-conn="1"][aria-selected=true]');
    await page.waitForFunction(() => !document.querySelector('[role=progressbar]'));
    // The chart draws the chosen connection a frame after it is selected: wait for its marks.
    await page.waitForFunction((n) => document.querySelectorAll('[data-marker=client-heartbeat]').length === n, PINGS.length, { timeout: 10_000 }).catch(() => {});
    assert.equal(await page.locator('[data-marker=client-heartbeat]').count(), PINGS.length);
    // No modelled radio lane in a capture view.
    assert.equal(await page.locator('[data-testid=lane-radio]').count(), 0);
    // The lanes speak about the capture: its flow lane, no app lifecycle, believed connection or actions.
    for (const lane of ['lifecycle', 'connection', 'app socket', 'actions']) assert.equal(await page.locator(`[data-testid="lane-${lane}"]`).count(), 0, lane);
    assert.equal(await page.locator('[data-testid=lane-flow]').count(), 1);
    const lanes = await page.locator('section.lanes').innerText();
    for (const word of ['believed', 'via app socket', 'timeline action', 'live action', 'suspended']) assert.ok(!lanes.includes(word), `lanes say "${word}": ${lanes}`);
    assert.ok(lanes.includes('idle past the NAT timeout'), lanes);
    // Another connection re-derives the view: the bulk transfer has no gap over the timeout.
    await page.click('[data-testid=capture-connections] tr[data-conn="2"]');
    await page.waitForSelector('[data-testid=capture-connections] tr[data-conn="2"][aria-selected=true]');
    await page.waitForFunction(() => document.querySelectorAll('[data-marker=client-heartbeat]').length === 40);
    assert.equal(await page.locator('[data-marker=server-heartbeat]').count(), 0);
    // A capture view offers no pcapng export (it is one already).
    assert.equal(await page.locator('[data-testid=export-pcapng]').count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await serve.stop();
  }
});

/** Sixty short connections in the first seconds, then the longest-lived one (the default pick, listed last) with one 867 s gap. */
function lateKeepAliveCapture(): SynthPacket[] {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const out: SynthPacket[] = [];
  for (let k = 0; k < 60; k++) {
    const at = T0 + k * 10_000;
    out.push({ tsUs: at, ip: ipv4Tcp([10, 3, 0, k + 1], s, 30000 + k, 443, 1, 0, TCP_SYN, new Uint8Array(0)) });
    out.push({ tsUs: at + 1000, ip: ipv4Tcp(s, [10, 3, 0, k + 1], 443, 30000 + k, 1, 2, TCP_SYN | TCP_ACK, new Uint8Array(0)) });
  }
  [2, 32, 899, 929].forEach((sec, i) => out.push({ tsUs: T0 + sec * 1e6, ip: ipv4Tcp(c, s, 40000, 4000, 2 + i * 7, 2, TCP_ACK | TCP_PSH, new TextEncoder().encode(`PING ${i}\n`)) }));
  return out;
}

test('the default connection, listed last, is scrolled into view; the y axis reaches the 867 s gap; screenshots at three sizes', async () => {
  const file = path.join(dir, 'late-keepalive.pcapng');
  writePcapng(file, lateKeepAliveCapture());
  assert.equal(analyze(file).json.selected, 61);
  const serve = await startServe([file]);
  try {
    for (const [width, height] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
      const { page, errors } = await openInspector(browser, serve.url, { width, height });
      const row = page.locator('[data-testid=capture-connections] tr[data-conn="61"][aria-selected=true]');
      await row.waitFor();
      await page.waitForFunction(() => {
        const list = document.querySelector('.capture-conns-scroll')!.getBoundingClientRect();
        const r = document.querySelector('[data-testid=capture-connections] tr[aria-selected=true]')!.getBoundingClientRect();
        return r.top >= list.top && r.bottom <= list.bottom + 1;
      }, undefined, { timeout: 10_000 });
      const yTicks = page.locator('[data-testid=heartbeat-chart] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value');
      await yTicks.first().waitFor();
      // The chart draws the capture as it is read (CI under load once read 0–10 s ticks mid-load):
      // the axis is checked once it reaches the gap, or after a bounded wait, as it stands then.
      await page
        .waitForFunction((sel) => Math.max(...[...document.querySelectorAll(sel)].map((e) => Number(e.textContent))) >= 867, '[data-testid=heartbeat-chart] .recharts-yAxis-tick-labels .recharts-cartesian-axis-tick-value', { timeout: 60_000 })
        .catch(() => undefined);
      const ticks = (await yTicks.allTextContents()).map(Number);
      assert.ok(Math.max(...ticks) >= 867, `y ticks ${ticks.join(', ')}`);
      // A capture's words: gaps against the timeout, not a simulation's beliefs or push services.
      const cards = (await page.locator('.cards').textContent())!;
      assert.match(cards, /Gaps over the NAT timeout1/);
      assert.doesNotMatch(cards, /believed|a push sent/);
      assert.doesNotMatch((await page.locator('.chart-legend').textContent())!, /PushKit|CallKit|believed/);
      await page.screenshot({ path: path.join(ARTIFACTS, `capture-late-keepalive-${width}x${height}.png`), fullPage: true });
      assert.deepEqual(errors, []);
      await page.close();
    }
  } finally {
    await serve.stop();
  }
});

test('a capture big enough to fold in many slices: a named progress bar while it opens and while it re-derives, gone when done; the statistics still those of analyze --json', async () => {
  const big = path.join(dir, 'big.pcapng');
  writePcapng(big, bigCapture(60_000));
  const serve = await startServe([big]);
  try {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const barSeen = await recordLoadBar(page);
    const ready = (nat: number) =>
      page.waitForFunction((n) => !document.querySelector('[data-testid=load-progress]') && !!document.querySelector('[data-testid=capture-stats] [data-stat=verdict]')?.textContent?.includes(`${n} s NAT`), nat, { timeout: 120_000 });
    const assertStats = async (nat: number) => {
      const a = analyze(big, nat).json;
      assert.equal(await stat(page, 'up'), fmt(a.intervals.up));
      assert.equal(await stat(page, 'down'), fmt(a.intervals.down));
      assert.equal(await stat(page, 'largest'), a.largestGapsSec.map(roundMs).join(', '));
      assert.equal(await stat(page, 'verdict'), a.verdict);
      assert.ok(a.gapsOverTimeout > 0);
    };

    await page.goto(serve.url);
    await ready(300);
    assertLoadBarMoved(await barSeen(), 'opening big.pcapng…');
    assert.equal(await page.locator('[data-testid=load-progress]').count(), 0, 'gone once open');
    await assertStats(300);
    // Dozens of connections: their list scrolls in a box of its own, and the chart stays near the top.
    const rows = await page.locator('[data-testid=capture-connections] tbody tr').count();
    assert.ok(rows > 20, `${rows} connections`);
    const list = (await page.locator('.capture-conns-scroll').boundingBox())!;
    const table = (await page.locator('[data-testid=capture-connections]').boundingBox())!;
    assert.ok(list.height < table.height / 2, `list box ${list.height} px for a ${table.height} px table`);

    await page.fill('[data-testid=capture-nat]', '120');
    await page.press('[data-testid=capture-nat]', 'Enter');
    await ready(120);
    const rederived = await barSeen();
    assert.ok(rederived.length >= 1 && rederived.every((b) => b.label === 'NAT timeout 120 s…'), JSON.stringify(rederived));
    assert.equal(await page.locator('[data-testid=load-progress]').count(), 0, 'gone once re-derived');
    await assertStats(120);
    assert.deepEqual(errors, []);
  } finally {
    await serve.stop();
  }
});

test('the file picker opens a capture by its content; a damaged one shows what was valid with the file and byte offset', async () => {
  const serve = await startServe();
  try {
    const { page, errors } = await openInspector(browser, serve.url, { width: 1440, height: 1100 });
    // Named like a session: recognised by its magic bytes, not its name.
    const renamed = path.join(dir, 'renamed.jsonl');
    fs.copyFileSync(capture, renamed);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    // Read off the thread that draws: a picked capture starts the page's file reader, a Web Worker.
    const [reader] = await Promise.all([page.waitForEvent('worker'), chooser.setFiles(renamed)]);
    assert.match(reader.url(), /file-reader-worker/);
    const readerClosed = watchClose(reader);
    await assertCaptureView(page);
    // The same file picked again: the second reading takes over its view, and the first reader stops.
    const [again] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    const [reader2] = await Promise.all([page.waitForEvent('worker'), again.setFiles(renamed)]);
    await readerClosed(15_000);
    const reader2Closed = watchClose(reader2);
    await assertCaptureView(page);

    // Cut mid-block: the same message as analyze (exit 2), and the view shows the packets before it.
    const cut = cutCapture('cut.pcapng');
    const cli = analyze(cut);
    assert.equal(cli.status, 2);
    const offset = /byte (\d+)/.exec(cli.stderr)![1]!;
    const [c2] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await c2.setFiles(cut);
    await page.waitForSelector('[data-testid=capture-warning]');
    const warning = (await page.textContent('[data-testid=capture-warning]'))!;
    assert.match(warning, new RegExp(`cut\\.pcapng: byte ${offset}: `));
    // The warning can come before the chart has drawn the packets it kept: wait for them, not a snapshot.
    await page.waitForSelector('[data-marker=client-heartbeat]', { timeout: 15_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'capture-damaged.png'), fullPage: true });

    // Not a capture at all, named like one: a notice naming the file and byte 0; nothing breaks.
    const junk = path.join(dir, 'junk.pcap');
    fs.writeFileSync(junk, 'this is not a capture\n');
    const [c3] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    const [junkReader] = await Promise.all([page.waitForEvent('worker'), c3.setFiles(junk)]);
    const junkClosed = watchClose(junkReader);
    await page.waitForFunction(() => document.querySelector('.notice')?.textContent?.includes('junk.pcap: byte 0: not a pcap or pcapng file'));
    // A capture that failed to open stops its reader; so does one closed from the list.
    await junkClosed(15_000);
    await page.click(`[data-testid=close-source][aria-label="close renamed.jsonl"]`);
    await reader2Closed(15_000);
    assert.deepEqual(errors, []);
  } finally {
    await serve.stop();
  }
});

test('a capture open: the sidebar names it, no preset looks loaded; choosing one and Run replaces the capture', async () => {
  const serve = await startServe();
  try {
    const { page, errors } = await openInspector(browser, serve.url, { width: 1440, height: 1100 });
    await page.waitForFunction(() => (document.querySelector('[data-testid=preset-picker]') as HTMLSelectElement | null)?.value);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await chooser.setFiles(capture);
    await page.waitForSelector('[data-testid=capture-panel]');
    // No preset selected: the picker and the form say a capture is open, by its file name.
    assert.equal(await page.inputValue('[data-testid=preset-picker]'), '');
    assert.equal(await page.$eval('[data-testid=preset-picker]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent), '(capture open: keepalive.pcapng)');
    assert.match((await page.textContent('[data-testid=form-source]'))!, /capture keepalive\.pcapng: no scenario is loaded/);
    assert.equal(await page.locator('[data-testid=lesson], [data-testid=socket-fate], input[name="server.heartbeatSec"]').count(), 0, "the last preset's lesson, fate and form are not shown");
    assert.equal(await page.locator('[data-testid=run-button]').isDisabled(), true, 'nothing to run until a preset is chosen');
    assert.equal(await page.locator('[data-testid=lesson-button]').isDisabled(), true, 'lesson mode tells a run, not a capture');
    assert.equal(await page.locator('section[aria-label="live actions"]').count(), 0, 'no live actions above a capture');
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('e');
    await page.waitForSelector('.notice');
    assert.match((await page.textContent('.notice'))!, /Lesson mode tells a run: a capture is open/);
    assert.equal(await page.locator('[data-testid=lesson-caption]').count(), 0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'capture-sidebar.png'), fullPage: true });
    // Choosing a preset loads it; Run replaces the capture with the run.
    await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
    await page.waitForSelector('[data-testid=lesson]');
    assert.equal(await page.locator('[data-testid=form-source]').count(), 0);
    await page.click('[data-testid=run-button]');
    await runDone(page);
    assert.equal(await page.locator('[data-testid=capture-panel], [data-testid=replay-controls]').count(), 0, 'the capture view is gone');
    assert.equal(await page.inputValue('[data-testid=preset-picker]'), 'server-heartbeat-under-nat');
    // Back to the capture from the Open list: the sidebar names the capture again, as when it was opened.
    await page.click('[data-testid=open-source][data-kind=capture] .link');
    await page.waitForSelector('[data-testid=capture-panel]');
    assert.equal(await page.$eval('[data-testid=preset-picker]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent), '(capture open: keepalive.pcapng)');
    assert.equal(await page.locator('[data-testid=lesson], [data-testid=socket-fate]').count(), 0);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test("a damaged capture's warning stays while the capture is re-derived and goes when a run replaces it", async () => {
  const serve = await startServe();
  try {
    const { page, errors } = await openInspector(browser, serve.url, { width: 1440, height: 1100 });
    const cut = cutCapture('cut-then-run.pcapng');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await chooser.setFiles(cut);
    // The damage is listed with the capture's warnings (once: not again as a notice over the view).
    const damage = () => page.$$eval('[data-testid=capture-warning]', (ws) => ws.map((w) => w.textContent ?? '').filter((t) => t.includes('cut-then-run.pcapng: byte ')).length);
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=capture-warning]')].some((w) => w.textContent?.includes('cut-then-run.pcapng: byte ')));
    assert.equal(await page.locator('.notice', { hasText: 'cut-then-run.pcapng: byte ' }).count(), 0, 'the damage is said once');
    // Another connection of the same capture: still that capture, so its warning stays.
    const other = page.locator('[data-testid=capture-connections] tr[aria-selected=false]').first();
    const conn = (await other.getAttribute('data-conn'))!;
    await other.click();
    await page.waitForSelector(`[data-testid=capture-connections] tr[aria-selected=true][data-conn="${conn}"]`);
    await page.waitForFunction(() => document.querySelector('[data-testid=load-progress]') === null);
    assert.equal(await damage(), 1);
    // A run replaces the capture: the warning about the capture goes with it.
    await runFastPreset(page, 'server-heartbeat-over-nat');
    assert.equal(await page.locator('.notice').count(), 0, 'no notice about the capture over the run');
    assert.equal(await page.locator('[data-testid=capture-warning]').count(), 0, 'no capture warning over the run');
    await page.screenshot({ path: path.join(ARTIFACTS, 'notice-cleared-by-run.png'), fullPage: true });
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await serve.stop();
  }
});

test('Export → pcapng from the app: the packets and comments of `lifeline export --pcapng`; tshark reads it', async () => {
  const session = path.join(dir, 'over.jsonl');
  const run = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'run', 'server-heartbeat-over-nat', '--out', session], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(run.status, 0, run.stderr);
  const cliOut = path.join(dir, 'cli.pcapng');
  const exp = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'export', session, '--pcapng', cliOut], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(exp.status, 0, exp.stderr);
  const serve = await startServe([session]);
  try {
    const { page, errors } = await openInspector(browser, serve.url, { width: 1440, height: 1100 });
    await page.waitForSelector('[data-testid=replay-controls]');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-pcapng]')]);
    const appOut = path.join(dir, 'app.pcapng');
    await download.saveAs(appOut);
    assert.equal(download.suggestedFilename(), 'over.pcapng');
    const packets = async (f: string) => {
      const out: [number, number, string][] = [];
      await readCapture(f, (p) => out.push([p.tsUs, p.origLen, p.comments.join('|')]));
      return out;
    };
    const app = await packets(appOut);
    assert.ok(app.length > 0);
    assert.deepEqual(app, await packets(cliOut));
    const why = missing('tshark');
    if (why) return void test.skip?.(why);
    const t = spawnSync('tshark', ['-r', appOut, '-Y', 'frame.comment'], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(t.status, 0, t.stderr);
    assert.equal(t.stdout.trim().split('\n').length, app.filter((p) => p[2] !== '').length);
    assert.deepEqual(errors, []);
  } finally {
    await serve.stop();
  }
});
