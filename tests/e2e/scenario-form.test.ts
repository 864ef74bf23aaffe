// The scenario form in Debian's Chromium: every schema field has an editor, a preset's networks and
// modern-path fields show, a Mars scenario with networks is built from the form and run, and an
// inconsistent combination shows the CLI's own message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../helpers/browser.ts';
import { seriousA11yViolations } from './axe.ts';
import { inspectorFixture, runDone } from '../helpers/inspector-page.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { scenarioJsonSchema } from '../../shared/scenario/scenario.ts';

const { open } = inspectorFixture();

const value = (page: Page, name: string) => page.$eval(`[name="${name}"]`, (el) => (el as HTMLInputElement).value);
const presetName = (page: Page) => page.$eval('[data-testid=preset-picker]', (s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent);
/** Tall enough that the whole form is on screen: the sidebar scrolls, and an element shot shows only what is. */
const TALL = { width: 1440, height: 3200 };
const formShot = (page: Page, file: string) => page.locator('form.policy').screenshot({ path: path.join(ARTIFACTS, file) });

/** Runs a scenario file through the CLI: its --json summary, or its exit code and stderr. */
function cli(args: string[]) {
  return spawnSync(process.execPath, ['bin/lifeline.js', ...args], { encoding: 'utf8' });
}

/**
 * Every field path a scenario file may hold, from the exported JSON Schema: `*` for a record key
 * (the network labels), `[]` for an array's entries. Metadata the form does not edit is left out: the name
 * (set by the preset and "(edited)"), the lesson and `expect` (dropped on edit), `$schema`.
 */
function schemaFields(node: Record<string, unknown>, at: string[] = []): string[] {
  const variants = (node.anyOf as Record<string, unknown>[] | undefined) ?? [node];
  const obj = variants.find((v) => v.type === 'object');
  if (!obj) {
    // An array of objects (the timeline): its entries' fields; an array of strings is one field.
    const items = node.items as Record<string, unknown> | undefined;
    return items?.type === 'object' ? schemaFields(items, [...at, '[]']) : [at.join('.')];
  }
  const props = obj.properties as Record<string, Record<string, unknown>> | undefined;
  if (props) return Object.entries(props).flatMap(([k, v]) => schemaFields(v, [...at, k]));
  return schemaFields(obj.additionalProperties as Record<string, unknown>, [...at, '*']);
}
const METADATA = new Set(['$schema', 'name', 'lesson', 'expect']);

test('every scenario field has an editor: a preset with networks and Local Push, refresh and MQTT ticked on', async () => {
  const { page, errors } = await open();
  await page.selectOption('[data-testid=preset-picker]', 'local-push-hospital-wifi');
  await page.check('input[name="app.backgroundRefresh"]');
  await page.selectOption('select[name="app.heartbeatPolicy"]', 'mqtt');
  await page.selectOption('#tl-action', 'network-change');
  const names = new Set(await page.$$eval('form.policy [name]', (els) => els.map((e) => e.getAttribute('name')!)));
  const labels = ['hospital-wifi', 'car-park-lte'];
  const fields = schemaFields(scenarioJsonSchema() as Record<string, unknown>).filter((f) => !METADATA.has(f.split('.')[0]!));
  assert.ok(fields.length > 40, `${fields.length} fields`);
  const missing = fields.filter((f) => {
    // With networks, `nat` and `radio` are the start network's: edited there.
    if (f.startsWith('nat.') || f === 'radio') return !labels.every((l) => names.has(f.replace(/^(nat\.)?/, `networks.${l}.`)));
    if (f.startsWith('networks.*.')) return !labels.every((l) => names.has(f.replace('*', l)));
    if (f.startsWith('timeline.')) return !names.has(f.replace(/^timeline\.[^.]*/, 'timeline.new'));
    return !names.has(f);
  });
  assert.deepEqual(missing, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('a preset shows what makes it different: networks, start network, network-change targets, Local Push, Mars, refresh', async () => {
  const { page, errors } = await open(TALL);
  await page.selectOption('[data-testid=preset-picker]', 'local-push-hospital-wifi');
  assert.equal(await value(page, 'network'), 'hospital-wifi');
  assert.equal(await value(page, 'networks.hospital-wifi.idleTimeoutSec'), '300');
  assert.equal(await value(page, 'networks.hospital-wifi.radio'), 'wifi');
  assert.equal(await value(page, 'networks.car-park-lte.radio'), 'lte');
  assert.equal(await page.locator('input[name="nat.idleTimeoutSec"]').count(), 0, 'with networks, the single NAT is not offered');
  assert.equal(await page.isChecked('input[name="app.localPush"]'), true);
  assert.equal(await value(page, 'app.localPush.ssids'), 'hospital-wifi');
  assert.equal(await page.isChecked('input[name="app.localPush.ssids.hospital-wifi"]'), true);
  assert.equal(await page.isChecked('input[name="app.localPush.ssids.car-park-lte"]'), false);
  assert.equal(await value(page, 'server.pushVia'), 'local-push');
  assert.equal(await value(page, 'server.fallback'), '');
  const rows = await page.$$eval('.timeline-row', (r) => r.map((x) => x.textContent ?? ''));
  assert.ok(rows.some((r) => /1500 s.*network-change.*→ car-park-lte/.test(r)), rows.join(' | '));
  await formShot(page, 'form-local-push-hospital-wifi.png');
  assert.deepEqual(await seriousA11yViolations(page), [], 'the new fields are labelled');

  // Editing a network is an edit of the preset; editing it back is the preset again.
  await page.fill('input[name="networks.car-park-lte.idleTimeoutSec"]', '120');
  assert.equal(await presetName(page), 'local-push-hospital-wifi (edited)');
  await page.fill('input[name="networks.car-park-lte.idleTimeoutSec"]', '300');
  assert.equal(await presetName(page), 'local-push-hospital-wifi');

  await page.selectOption('[data-testid=preset-picker]', 'mars-carrier-nat-300');
  assert.equal(await value(page, 'app.heartbeatPolicy'), 'mars');
  assert.equal(await value(page, 'app.platform'), 'android');
  assert.match(await page.textContent('label:has(select[name="app.platform"])') ?? '', /comparison model, not an Android simulator/);
  assert.equal(await value(page, 'server.heartbeatPolicy'), 'fixed');
  assert.equal(await page.locator('input[name="app.mqttKeepAliveSec"]').count(), 0, 'MQTT keep-alive shows only for mqtt');
  await formShot(page, 'form-mars-carrier-nat-300.png');

  await page.selectOption('[data-testid=preset-picker]', 'refresh-cannot-keep-socket');
  assert.equal(await value(page, 'app.backgroundRefresh.earliestBeginSec'), '900');
  assert.deepEqual(errors, []);
  await page.close();
});

test('a Mars scenario built in the form runs with its values; networks and a network change added in the form show in the run', async () => {
  const { page, errors } = await open();
  await page.selectOption('[data-testid=preset-picker]', 'server-heartbeat-under-nat');
  await page.fill('input[name=ios]', '13');
  await page.fill('input[name=durationSec]', '10800');
  await page.selectOption('select[name="app.heartbeatPolicy"]', 'mars');
  await page.selectOption('select[name="app.platform"]', 'android');
  await page.fill('input[name="server.heartbeatSec"]', '');
  await page.fill('input[name="server.pushEverySec"]', '');
  assert.equal(await page.locator('[data-testid=form-error]').count(), 0);
  await page.click('[data-testid=run-button]');
  await runDone(page, 60_000);

  // The same edits in a file: the CLI's numbers are the form's.
  const p = findPreset('server-heartbeat-under-nat')!;
  const { lesson: _l, expect: _e, ...fields } = p;
  const file = path.join(ARTIFACTS, 'form-mars.json');
  const mars = { ...fields, name: 'form-mars', ios: 13, durationSec: 10800, app: { ...p.app, heartbeatPolicy: 'mars', platform: 'android' }, server: { ...p.server, heartbeatSec: null, pushEverySec: null } };
  fs.writeFileSync(file, JSON.stringify(mars));
  const summary = JSON.parse(cli(['run', file, '--json']).stdout);
  const metric = async (key: string) => JSON.parse((await page.getAttribute(`[data-testid=metric-${key}]`, 'data-value'))!);
  for (const key of ['disconnects', 'natExpiries', 'heartbeats']) assert.deepEqual(await metric(key), summary[key], key);
  assert.ok(summary.heartbeat.probes > 0 && summary.heartbeat.intervalSec.max > 210, 'Mars probed above its floor');
  // The interval step line is drawn, and the log has Mars probing up from its 210 s floor.
  await page.waitForSelector('[data-testid=interval-client]');
  await page.fill('[data-testid=event-search]', `intervalSec=${summary.heartbeat.intervalSec.max}`);
  await page.waitForSelector('[data-testid=event-table] .row.kind-policy');
  await page.fill('[data-testid=event-search]', '');

  // Two networks and a move to the second.
  await page.fill('input[name="networks.new.label"]', 'mobile_carrier');
  await page.click('.network-add button');
  await page.fill('input[name="networks.new.label"]', 'wifi_home');
  await page.click('.network-add button');
  assert.equal(await value(page, 'network'), 'mobile_carrier');
  assert.equal(await value(page, 'networks.mobile_carrier.idleTimeoutSec'), '300', 'the first network took the NAT');
  await page.fill('input[name="networks.wifi_home.idleTimeoutSec"]', '3600');
  await page.selectOption('select[name="networks.wifi_home.radio"]', 'wifi');
  await page.fill('#tl-at', '5400');
  await page.selectOption('#tl-action', 'network-change');
  await page.selectOption('#tl-to', 'wifi_home');
  await page.click('.timeline-add button');
  assert.equal(await page.locator('[data-testid=form-error]').count(), 0, (await page.textContent('form.policy')) ?? '');
  await formShot(page, 'form-built-mars-networks.png');
  // The search is typed before Run is clicked: the table's filters are the reader's, so the new
  // run's view keeps it (it was the view's own state once, and a new view dropped a query typed
  // while the run started: this test then waited for a row the unfiltered table never showed).
  await page.fill('[data-testid=event-search]', 'label=wifi_home');
  await page.click('[data-testid=run-button]');
  // Only this run joins wifi_home: its row is this run's, and the run is done after it.
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('[data-testid=event-table] .row.kind-network')];
    return rows.some((r) => r.textContent?.includes('label=wifi_home'));
  }, null, { timeout: 60_000 });
  await runDone(page, 60_000);
  assert.equal(await page.inputValue('[data-testid=event-search]'), 'label=wifi_home', 'the new run kept the search');
  const joined = (await page.$$eval('[data-testid=event-table] .row.kind-network', (r) => r.map((x) => x.textContent ?? ''))).filter((t) => t.includes('label=wifi_home'));
  assert.equal(joined.length, 1, joined.join(' | '));
  assert.match(joined[0]!, /1:30:00.*radio=wifi.*natIdleTimeoutSec=3600/);
  await page.fill('[data-testid=event-search]', 'network=wifi_home');
  // Mars keeps its state per network label: its events on the home Wi-Fi name it.
  await page.waitForSelector('[data-testid=event-table] .row.kind-policy');
  await page.screenshot({ path: path.join(ARTIFACTS, 'form-built-mars-run.png'), fullPage: true });

  // Projector mode folds the form away.
  // G in the search field is typing, not the shortcut.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('g');
  assert.equal(await page.locator('.app.projector').count(), 1);
  assert.equal(await page.locator('form.policy').count(), 0);
  await page.screenshot({ path: path.join(ARTIFACTS, 'form-projector.png') });
  assert.deepEqual(errors, []);
  await page.close();
});

test('an inconsistent combination shows the CLI’s own message and disables Run', async () => {
  const { page } = await open(TALL);
  await page.selectOption('[data-testid=preset-picker]', 'local-push-hospital-wifi');
  await page.fill('input[name="app.localPush.ssids"]', 'hospital-wifi, lobby');
  const msg = (await page.textContent('[data-testid=form-error]')) ?? '';
  assert.match(msg, /no network "lobby" in networks app\.localPush\.ssids\[1\]/);
  assert.equal(await page.isDisabled('[data-testid=run-button]'), true);
  const { lesson: _l, expect: _e, ...p } = findPreset('local-push-hospital-wifi')!;
  const file = path.join(ARTIFACTS, 'form-unknown-ssid.json');
  fs.writeFileSync(file, JSON.stringify({ ...p, app: { ...p.app, localPush: { ssids: ['hospital-wifi', 'lobby'] } } }));
  const r = cli(['validate', file]);
  assert.equal(r.status, 2);
  const issue = r.stderr.slice(r.stderr.indexOf('app.localPush.ssids[1]: ') + 'app.localPush.ssids[1]: '.length).trim();
  assert.ok(issue.length > 0 && msg.includes(issue), `form "${msg}" vs CLI "${r.stderr}"`);
  await formShot(page, 'form-unknown-ssid.png');
  // Ticking the list back to known networks clears it.
  await page.fill('input[name="app.localPush.ssids"]', 'hospital-wifi');
  assert.equal(await page.locator('[data-testid=form-error]').count(), 0);
  // A fallback without Local Push, and a removed network still named by the timeline.
  await page.selectOption('select[name="server.pushVia"]', 'socket');
  await page.selectOption('select[name="server.fallback"]', 'pushkit');
  assert.match((await page.textContent('[data-testid=form-error]')) ?? '', /only with server.pushVia "local-push" server\.fallback/);
  await page.selectOption('select[name="server.pushVia"]', 'local-push');
  await page.click('button[aria-label="remove network car-park-lte"]');
  assert.match((await page.textContent('[data-testid=form-error]')) ?? '', /no network "car-park-lte" in networks timeline\[1\]\.to/);
  assert.equal(await page.isDisabled('[data-testid=run-button]'), true);
  await page.close();
});
