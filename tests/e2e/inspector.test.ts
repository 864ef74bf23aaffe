// The inspector in browser mode, driven in Debian's Chromium: what a user sees and does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../helpers/browser.ts';
import { seriousA11yViolations } from './axe.ts';
import { formatTime } from '../../shared/util/time-format.ts';
import { chartTicks, inspectorFixture, runDone, runFastPreset } from '../helpers/inspector-page.ts';

const { open } = inspectorFixture();

const metric = async (page: Page, key: string) => JSON.parse((await page.getAttribute(`[data-testid=metric-${key}]`, 'data-value'))!);

test('first visit: an empty state says what to do, every preset is offered with its lesson', async () => {
  const { page, errors } = await open();
  assert.match(await page.textContent('[data-testid=empty-state]') ?? '', /Pick a preset/);
  const options = await page.$$eval('[data-testid=preset-picker] option', (o) => o.map((x) => (x as HTMLOptionElement).value));
  const cli = JSON.parse(spawnSync(process.execPath, ['bin/lifeline.js', 'presets', '--json'], { encoding: 'utf8' }).stdout) as { name: string }[];
  assert.deepEqual(options, cli.map((p) => p.name));
  await page.selectOption('[data-testid=preset-picker]', 'seed-snippet');
  assert.match(await page.textContent('[data-testid=lesson]') ?? '', /endBackgroundTask/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'empty-state.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a fast run draws the NAT timeout line, one marker per heartbeat, suspension in the lane, and the CLI’s numbers', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'server-heartbeat-under-nat');
  await page.waitForSelector('[data-marker=server-heartbeat]');
  assert.match(await page.textContent('[data-testid=heartbeat-chart]') ?? '', /NAT idle timeout 300 s/);
  assert.equal(await page.locator('.nat-timeout-line').count(), 1);
  const cli = JSON.parse(spawnSync(process.execPath, ['bin/lifeline.js', 'run', 'server-heartbeat-under-nat', '--json'], { encoding: 'utf8' }).stdout);
  assert.equal(await page.locator('[data-marker=server-heartbeat]').count(), cli.heartbeats.server);
  assert.equal(cli.heartbeats.server, 13);
  assert.ok((await page.locator('[data-testid=lane-lifecycle] rect[data-state=suspended]').count()) >= 13, 'suspended between heartbeats');
  assert.ok((await page.locator('[data-testid=lane-lifecycle] rect[data-state=woken]').count()) >= 13);
  for (const key of ['disconnects', 'natExpiries', 'deadSec', 'connectedRatio', 'wakeups', 'terminations', 'heartbeats']) {
    assert.deepEqual(await metric(page, key), cli[key], key);
  }
  assert.equal(await metric(page, 'pushesLost'), cli.pushes.lost);
  await page.screenshot({ path: path.join(ARTIFACTS, 'run-under-nat.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test('a broken configuration shows its dead time shaded and its expiry marked', async () => {
  const { page } = await open();
  await runFastPreset(page, 'voip-no-heartbeat-short-nat');
  await page.waitForSelector('[data-marker=nat-expiry]');
  assert.equal(await page.locator('[data-marker=nat-expiry]').count(), 1);
  assert.ok((await page.locator('.dead-stretch').count()) >= 1);
  assert.equal(await metric(page, 'deadSec'), 3480);
  assert.ok((await page.locator('[data-testid=lane-connection] rect[data-state=dead]').count()) >= 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'run-short-nat.png'), fullPage: true });
  await page.close();
});

test('the cards, lanes and shading follow the push path: PushKit every push arrives (100 %, no dead time) while the app socket is shown as such; Local Push is down off the Wi-Fi', async () => {
  const { page, errors } = await open({ width: 1440, height: 900 });
  await runFastPreset(page, 'pushkit-with-callkit');
  const cli = JSON.parse(spawnSync(process.execPath, ['bin/lifeline.js', 'run', 'pushkit-with-callkit', '--json'], { encoding: 'utf8' }).stdout);
  assert.deepEqual([await metric(page, 'connectedRatio'), await metric(page, 'deadSec'), await metric(page, 'disconnects')], [1, 0, 0]);
  assert.deepEqual(await metric(page, 'appSocket'), cli.appSocket);
  assert.match(await page.textContent('[data-testid=metric-connectedRatio]') ?? '', /100\.0%.*PushKit/);
  assert.match(await page.textContent('[data-testid=metric-appSocket]') ?? '', /App's own socket2\.3%not the push path/);
  assert.match(await page.textContent('[data-testid=lane-connection] .lane-name') ?? '', /connection\s*PushKit/);
  assert.equal(await page.locator('[data-testid=lane-connection] rect[data-state=dead]').count(), 0);
  assert.ok((await page.locator('[data-testid="lane-app socket"] rect[data-state=dead]').count()) >= 4, 'the app socket dies at each suspension');
  assert.equal(await page.locator('.dead-stretch').count(), 0, 'no shading: a push would have arrived all along');
  await page.screenshot({ path: path.join(ARTIFACTS, 'run-pushkit-with-callkit.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
  // A page of its own: on the same page "done" would still be the first run's.
  const ward = await open({ width: 1440, height: 900 });
  await runFastPreset(ward.page, 'local-push-hospital-wifi');
  await checkLocalPush(ward.page);
  assert.deepEqual(ward.errors, []);
  await ward.page.close();
});

async function checkLocalPush(page: Page): Promise<void> {
  assert.equal(await metric(page, 'connectedRatio'), 0.7222);
  assert.equal(await metric(page, 'deadSec'), 0);
  assert.match(await page.textContent('[data-testid=lane-connection] .lane-name') ?? '', /Local Push/);
  assert.ok((await page.locator('[data-testid=lane-connection] rect[data-state=disconnected]').count()) >= 1, 'down off the listed Wi-Fi');
  await page.screenshot({ path: path.join(ARTIFACTS, 'run-local-push-hospital-wifi.png'), fullPage: true });
}

test('realtime: live actions from the keyboard land at the virtual time on screen', async () => {
  const { page, errors } = await open();
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.selectOption('select[name=mode]', 'realtime');
  await page.click('.speed-presets button[data-speed="60"]');
  assert.match(await page.textContent('#speed-label') ?? '', /×60/);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('running'));
  await page.waitForSelector('[data-testid=metric-disconnects]');
  // Time is driven through the engine: pause, act, resume — the outcome cannot depend on how fast
  // the keys land relative to a running clock.
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('paused'));
  const pausedAt = (await page.textContent('[data-testid=run-status]'))!.split('·')[1]!.split('/')[0]!.trim();
  await page.keyboard.press('k');
  await page.waitForFunction(() => document.querySelector('[data-testid=metric-terminations]')?.getAttribute('data-value') === '1', null, { timeout: 10_000 });
  await page.keyboard.press('f');
  await page.waitForFunction(() => document.querySelector('[data-testid=metric-disconnects]')?.getAttribute('data-value') === '1', null, { timeout: 10_000 });
  // C and B: a call in the app, begun and ended (the buttons come from the same list as the keys).
  await page.keyboard.press('c');
  await page.click('[data-action=call-end]');
  await page.waitForSelector('[data-testid=lane-actions] [data-action=call-end]', { timeout: 10_000 });
  await page.screenshot({ path: path.join(ARTIFACTS, 'realtime-live-actions.png'), fullPage: true });
  // An action's label runs over no flag but those it names (a label crossed the next flags).
  assert.ok((await page.locator('[data-testid=lane-actions] .action-label').count()) > 0, 'the lane labels its actions');
  const crossed = await page.$$eval('[data-testid=lane-actions] .action-label', (labels) =>
    labels
      .map((l) => {
        const b = l.getBoundingClientRect();
        const flags = [...l.closest('svg')!.querySelectorAll('rect[data-action]')].filter((r) => {
          const f = r.getBoundingClientRect();
          return f.right > b.left && f.left < b.right;
        }).length;
        return { text: l.textContent!, flags, named: l.textContent!.split(' · ').length };
      })
      .filter((l) => l.flags > l.named),
  );
  assert.deepEqual(crossed, []);
  await page.keyboard.press('Space');
  await page.waitForFunction(() => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('running'));
  await page.keyboard.press('x');
  await runDone(page, 10_000);
  await page.click('.events .filters label:has-text("action") input');
  const rows = await page.$$eval('[data-testid=event-table] .row', (rs) => rs.map((r) => [r.getAttribute('data-t'), r.querySelector('.c-desc')!.textContent]));
  const live = rows.filter(([, d]) => /source=live/.test(d ?? ''));
  assert.deepEqual(live.map(([, d]) => d!.match(/action=(\S+)/)![1]), ['kill', 'foreground', 'call-start', 'call-end']);
  assert.deepEqual(live.map(([t]) => formatTime(Number(t))), [pausedAt, pausedAt, pausedAt, pausedAt], `rows ${JSON.stringify(rows)}; paused at ${pausedAt}`);
  assert.equal(await metric(page, 'terminations'), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('an invalid value is refused in the form with the CLI’s own message', async () => {
  const { page } = await open();
  await page.fill('input[name="app.keepAliveTimeoutSec"]', '300');
  const msg = await page.textContent('[data-testid=form-error]');
  // The field's own words, with the path the CLI prints beside them.
  assert.match(msg ?? '', /“keep-alive timeout” must be at least 600 s \(UIMinimumKeepAliveTimeout.* app\.keepAliveTimeoutSec/);
  assert.equal(await page.isDisabled('[data-testid=run-button]'), true);
  const file = path.join(ARTIFACTS, 'bad-keepalive.json');
  // The same value in a file: the first preset with keepAliveTimeoutSec 300.
  fs.copyFileSync(path.resolve('tests/e2e/fixtures/keepalive-300.json'), file);
  const cli = spawnSync(process.execPath, ['bin/lifeline.js', 'validate', file], { encoding: 'utf8' });
  assert.equal(cli.status, 2);
  const cliIssue = cli.stderr.slice(cli.stderr.indexOf('app.keepAliveTimeoutSec: ') + 'app.keepAliveTimeoutSec: '.length).trim();
  assert.ok(msg!.includes(cliIssue), `form "${msg}" vs CLI "${cli.stderr}"`);
  await page.fill('input[name="app.keepAliveTimeoutSec"]', '600');
  assert.equal(await page.locator('[data-testid=form-error]').count(), 0);
  await page.close();
});

test('zoom and pan on the time axis, filters on the event table, projector mode', async () => {
  const { page } = await open();
  await runFastPreset(page, 'keepalive-600-vs-carrier-300');
  const chart = page.locator('[data-testid=heartbeat-chart]');
  const box = (await chart.boundingBox())!;
  const ticks = () => chartTicks(page);
  const before = await ticks();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -200);
  await page.waitForSelector('text=Reset zoom');
  const zoomed = await ticks();
  assert.notDeepEqual(zoomed, before);
  await page.keyboard.down('Shift');
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 - 200, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  assert.notDeepEqual(await ticks(), zoomed, 'Shift-dragging pans the window');
  assert.equal(await page.locator('[data-testid=range-panel]').count(), 0, 'a pan selects no range');
  await page.dblclick('[data-testid=heartbeat-chart]');
  assert.deepEqual(await ticks(), before);

  const total = Number((await page.textContent('[data-testid=event-count]'))!.split(' of ')[1]!.replace(/,/g, ''));
  await page.check('.filters label:has-text("nat") >> nth=0');
  const natOnly = Number((await page.textContent('[data-testid=event-count]'))!.split(' of ')[0]!.replace(/,/g, ''));
  assert.ok(natOnly > 0 && natOnly < total, `${natOnly} of ${total}`);
  const rows = await page.$$eval('[data-testid=event-table] .c-hop', (r) => [...new Set(r.map((x) => x.textContent))]);
  assert.deepEqual(rows, ['nat']);

  await page.keyboard.press('g');
  assert.equal(await page.locator('.app.projector').count(), 1);
  await page.screenshot({ path: path.join(ARTIFACTS, 'projector-mode.png'), fullPage: true });
  await page.keyboard.press('?');
  assert.match(await page.textContent('[role=dialog]') ?? '', /server must write more often than the NAT timeout/);
  await page.close();
});

test('the help dialog takes focus, keeps Tab inside, closes with Escape, and no shortcut fires behind it', async () => {
  const { page, errors } = await open();
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.click('body');
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=help-dialog]');
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'help-dialog');
  // Space would start a run and G toggle projector mode behind the dialog: neither may happen.
  await page.keyboard.press('Space');
  await page.keyboard.press('g');
  assert.equal(await page.locator('[data-testid=run-status]').count(), 0, 'Space started a run behind the dialog');
  assert.equal(await page.locator('.app.projector').count(), 0, 'G toggled projector mode behind the dialog');
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')), `Tab ${i + 1} left the dialog`);
  }
  await page.keyboard.press('Shift+Tab');
  assert.ok(await page.evaluate(() => !!document.activeElement?.closest('[role=dialog]')));
  await page.keyboard.press('g');
  assert.equal(await page.locator('.app.projector').count(), 0, 'G toggled projector mode behind the dialog');
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('[data-testid=help-dialog]').count(), 0);
  // Shortcuts work again wherever focus is, except in a text field.
  await page.focus('input[name="app.keepAliveTimeoutSec"]');
  await page.keyboard.press('g');
  assert.equal(await page.locator('.app.projector').count(), 0, 'G in a text field is typing, not a shortcut');
  await page.focus('button.help-button');
  await page.keyboard.press('g');
  assert.equal(await page.locator('.app.projector').count(), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test('accessibility: axe-core finds no critical or serious violation after a run, nor with the help dialog open', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'server-heartbeat-over-nat');
  await page.waitForSelector('[data-marker=server-heartbeat]');
  assert.deepEqual(await seriousA11yViolations(page), []);
  await page.keyboard.press('?');
  await page.waitForSelector('[data-testid=help-dialog]');
  assert.deepEqual(await seriousA11yViolations(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a 24 h edited preset: round-hour ticks, bars of the longest idle, every brief state and action in the lanes; zoomed in, the sawtooth', async () => {
  const { page, errors } = await open();
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.fill('input[name=durationSec]', '86400');
  for (const [at, action] of [[30_000, 'kill'], [30_100, 'foreground'], [30_200, 'background'], [50_000, 'network-change']] as const) {
    await page.fill('#tl-at', String(at));
    await page.selectOption('#tl-action', action);
    await page.click('.timeline-add button');
  }
  // Edited: no longer the preset, and its lesson no longer promised.
  assert.equal(await page.$eval('[data-testid=preset-picker]', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent), 'server-heartbeat-under-nat (edited)');
  assert.match(await page.textContent('[data-testid=lesson]') ?? '', /may no longer apply/);
  assert.match(await page.textContent('[data-testid=socket-fate]') ?? '', /kept while suspended/);
  await page.click('[data-testid=run-button]');
  await runDone(page, 60_000);
  await page.waitForSelector('.idle-envelope');
  assert.equal(await page.locator('.sawtooth').count(), 0, 'more cycles than pixels: bars, not a solid block');
  const ticks = await page.$$eval('[data-testid=heartbeat-chart] .recharts-xAxis-tick-labels text', (t) => t.map((x) => x.textContent ?? ''));
  assert.ok(ticks.length >= 4 && ticks.every((t) => /^\d+:00:00$/.test(t)), `round hours: ${ticks.join(', ')}`);
  for (const state of ['woken', 'terminated', 'active']) {
    assert.ok((await page.locator(`[data-testid=lane-lifecycle] rect[data-state=${state}]`).count()) >= 1, `${state} drawn at whole-run zoom`);
  }
  assert.ok((await page.locator('[data-testid=lane-connection] rect[data-state=disconnected], [data-testid=lane-connection] rect[data-state=reconnecting]').count()) >= 1);
  assert.deepEqual(await page.$$eval('[data-testid=lane-actions] [data-action]', (g) => g.map((x) => x.getAttribute('data-action'))), ['background', 'kill', 'foreground', 'background', 'network-change']);
  assert.equal(await page.locator('[data-marker=disconnect]').count(), await metric(page, 'disconnects'));
  assert.equal(await page.locator('[data-marker=nat-expiry]').count(), await metric(page, 'natExpiries'));
  // Hover: the page's own card (no SVG <title>), listing the disconnect with what else is at its spot.
  assert.equal(await page.locator('[data-marker] title').count(), 0);
  await page.locator('[data-marker=disconnect]').first().hover();
  const tip = (await page.textContent('[data-testid=chart-tooltip]')) ?? '';
  assert.match(tip, /\d:\d\d:\d\d\.\d{3} disconnect #\d+/);
  assert.match(tip, /connection #\d+ · (idle \d+ s|its NAT mapping is gone|no NAT mapping)/);
  await page.mouse.move(0, 0);
  // 320 heartbeats in ~1100 px: drawn one in two, and the chart says so.
  assert.match(await page.textContent('[data-testid=thinned-marks]') ?? '', /server heartbeat: 1 mark in 2/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'day-whole-run.png'), fullPage: true });
  assert.deepEqual(await seriousA11yViolations(page), [], 'lane flags, actions and marks stay accessible');

  const box = (await page.locator('[data-testid=heartbeat-chart]').boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.58, box.y + box.height / 2);
  for (let i = 0; i < 40 && (await page.locator('.sawtooth').count()) === 0; i++) {
    await page.mouse.wheel(0, -300);
    await page.waitForTimeout(50);
  }
  await page.waitForSelector('.sawtooth');
  assert.equal(await page.locator('.idle-envelope').count(), 0, 'zoomed in: the sawtooth again');
  await page.screenshot({ path: path.join(ARTIFACTS, 'day-zoomed-in.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

// The modern path: the push service lane and markers of a PushKit run, the refresh lane, and the
// help's history of what replaced the VoIP socket.
test('an iOS 13 app that forgets CallKit: VoIP push and blocked-push markers, the push service lane turns blocked', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'ios13-forgets-callkit');
  await page.waitForSelector('[data-marker=push-blocked]');
  assert.equal(await page.locator('[data-marker=voip-push]').count(), 4);
  assert.equal(await page.locator('[data-marker=push-blocked]').count(), 8);
  // Base rects only: a flag marks a brief state inside one pixel (here the instant before the system connects).
  const states = await page.$$eval('[data-testid="lane-push service"] rect:not(.lane-flag)', (r) => r.map((x) => x.getAttribute('data-state')));
  assert.deepEqual(states, ['up', 'blocked']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'ios13-forgets-callkit.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('background refresh: the refresh lane shows the runs; help tells what replaced the VoIP socket', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'refresh-cannot-keep-socket');
  await page.waitForSelector('[data-testid=lane-refresh] rect[data-state=running]');
  // A 30 s run is a pixel or two at whole-run zoom, drawn as rects and flags: count the places.
  const xs = await page.$$eval('[data-testid=lane-refresh] rect[data-state=running]', (r) => r.map((x) => Number(x.getAttribute('x'))));
  const places = [...xs].sort((a, b) => a - b).filter((x, i, all) => i === 0 || x - all[i - 1]! > 5);
  assert.equal(places.length, 4);
  await page.screenshot({ path: path.join(ARTIFACTS, 'refresh-cannot-keep-socket.png') });
  await page.keyboard.press('?');
  const help = (await page.textContent('[data-testid=help-dialog]')) ?? '';
  for (const era of ['Legacy VoIP socket (iOS 4–9)', 'PushKit VoIP pushes (iOS 8)', 'The CallKit rule (iOS 13 SDK)', 'Local Push Connectivity (iOS 14)']) assert.ok(help.includes(era), era);
  assert.ok(help.indexOf('iOS 4–9') < help.indexOf('iOS 8)') && help.indexOf('iOS 8)') < help.indexOf('iOS 13 SDK)'), 'in order');
  assert.deepEqual(errors, []);
  await page.close();
});

test('Local Push on a hospital Wi-Fi: the provider lane runs, stops while the phone is off the network, runs again', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'local-push-hospital-wifi');
  const states = await page.$$eval('[data-testid="lane-local push"] rect:not(.lane-flag)', (r) => r.map((x) => x.getAttribute('data-state')));
  assert.deepEqual(states, ['running', 'stopped', 'running']);
  await page.screenshot({ path: path.join(ARTIFACTS, 'local-push-hospital-wifi.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

/** The Sweep tab: server-heartbeat-under-nat's server heartbeat from `from` to `to` s in 30 s steps, run until its last point is drawn. */
async function sweepHeartbeat(page: Page, from: number, to: number): Promise<void> {
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.click('[data-testid=view-sweep]');
  await page.selectOption('[data-testid=sweep-field]', 'server.heartbeatSec');
  await page.fill('input[name=sweep-from]', String(from));
  await page.fill('input[name=sweep-to]', String(to));
  await page.fill('input[name=sweep-step]', '30');
  await page.click('[data-testid=sweep-run]');
  await page.waitForSelector(`[data-testid=sweep-point-energy-${(to - from) / 30}]`, { timeout: 120_000 });
}

test('Sweep view: server heartbeat 120..420 s under a 300 s NAT, the recommended value, a point opens its run', async () => {
  const { page, errors } = await open();
  await sweepHeartbeat(page, 120, 420);
  assert.match(await page.textContent('[data-testid=sweep-recommended]') ?? '', /server\.heartbeatSec = 270/);
  assert.match(await page.textContent('[data-testid=sweep-chart]') ?? '', /NAT timeout 300 s/);
  assert.equal(await page.locator('[data-testid^=sweep-point-dead-]').count(), 11);
  // The "recommended" label (270 s) sits beside the NAT label (300 s): at each size it meets
  // neither that label nor any point.
  for (const [width, height] of [[1440, 900], [1024, 768]] as const) {
    await page.setViewportSize({ width, height });
    // Drawn at the new size: the recommended label stays put between two looks 100 ms apart.
    await page.waitForFunction(() => {
      const w = window as unknown as { sweepLabelX?: number };
      const x = document.querySelector('[data-testid=sweep-recommended-label]')?.getBoundingClientRect().x;
      const still = x !== undefined && x === w.sweepLabelX;
      w.sweepLabelX = x;
      return still;
    }, null, { polling: 100 });
    const rec = (await page.locator('[data-testid=sweep-recommended-label]').boundingBox())!;
    const others = [(await page.locator('[data-testid=sweep-nat-label]').boundingBox())!];
    for (const dot of await page.locator('.sweep-point').all()) others.push((await dot.boundingBox())!);
    assert.equal(others.length, 23);
    for (const o of others) {
      const apart = rec.x + rec.width <= o.x || o.x + o.width <= rec.x || rec.y + rec.height <= o.y || o.y + o.height <= rec.y;
      assert.ok(apart, `at ${width}×${height} the recommended label ${JSON.stringify(rec)} overlaps ${JSON.stringify(o)}`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, `sweep-view-${width}x${height}.png`) });
  }
  // The form moves on (another field, another preset) without a new sweep: the answer, the axis,
  // the NAT line and the points stay those of the sweep that ran, and say so.
  await page.selectOption('[data-testid=sweep-field]', 'nat.idleTimeoutSec');
  await page.selectOption('[data-testid=preset-picker]', 'lte-heartbeat-30s');
  await page.locator('[data-testid=sweep-of]', { hasText: 'server.heartbeatSec over “server-heartbeat-under-nat”' }).waitFor();
  assert.match(await page.textContent('[data-testid=sweep-recommended]') ?? '', /server\.heartbeatSec = 270/);
  assert.match(await page.textContent('[data-testid=sweep-chart]') ?? '', /NAT timeout 300 s/);
  assert.match(await page.textContent('[data-testid=sweep-chart]') ?? '', /server\.heartbeatSec/);
  // The point at 330 s (index 7): the swept scenario's run opens in the inspector, its heartbeat over
  // the NAT timeout. Hover first, as a user does: the point under the pointer must still take the click.
  await page.hover('[data-testid=sweep-point-dead-7]');
  await page.click('[data-testid=sweep-point-dead-7]');
  await runDone(page, 60_000);
  assert.equal(await page.textContent('[data-testid=open-source][aria-current] .link'), 'server-heartbeat-under-nat (server.heartbeatSec=330)');
  assert.ok((await metric(page, 'deadSec')) > 0);
  assert.ok((await page.locator('[data-testid=lane-radio] rect').count()) > 0, 'the radio lane is drawn');
  await page.screenshot({ path: path.join(ARTIFACTS, 'sweep-opened-run.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('Sweep view: no value recommended says why, counted; a refused sweep or an empty box leaves no old chart behind', async () => {
  const { page, errors } = await open();
  await sweepHeartbeat(page, 330, 390);
  // Every heartbeat is over the 300 s NAT timeout: dead time in each row.
  assert.match(await page.textContent('[data-testid=sweep-recommended]') ?? '', /^No value recommended: .*dead time in 3 of 3/);
  await page.fill('input[name=sweep-step]', '0');
  await page.click('[data-testid=sweep-run]');
  await page.locator('.sweep [role=alert]', { hasText: 'step' }).waitFor();
  assert.equal(await page.locator('[data-testid=sweep-chart]').count(), 0);
  await page.fill('input[name=sweep-step]', '30');
  await page.fill('input[name=sweep-from]', '');
  await page.click('[data-testid=sweep-run]');
  assert.equal(await page.textContent('.sweep [role=alert]'), 'from: enter a number');
  assert.equal(await page.locator('[data-testid=sweep-recommended]').count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test('Mars behind a 300 s carrier NAT: the interval step line climbs, fails over the NAT timeout and settles at 250 s', async () => {
  const { page, errors } = await open();
  await runFastPreset(page, 'mars-carrier-nat-300');
  await page.waitForSelector('[data-testid=interval-client]');
  assert.ok(((await page.getAttribute('[data-testid=interval-client]', 'd')) ?? '').length > 50);
  assert.equal(await metric(page, 'disconnects'), 2);
  await page.screenshot({ path: path.join(ARTIFACTS, 'mars-carrier-nat-300.png'), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
