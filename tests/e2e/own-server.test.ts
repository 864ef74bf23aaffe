// The inspector's server choice in Debian's Chromium, against a real mosquitto: "Server: built-in |
// MQTT broker | WebSocket server" with its URL, the mode fixed at realtime 1× with the one line
// saying why, a run whose cards, chart and lanes show the broker dropping the suspended app, and
// a refused CONNECT shown as the CLI words it; and a `ws` server with its own ping interval and a
// push endpoint, chosen and run the same way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ARTIFACTS } from '../helpers/browser.ts';
import { inspectorFixture, runDone } from '../helpers/inspector-page.ts';
import { startMosquitto, type Broker } from '../helpers/mosquitto.ts';
import { startWsServer } from '../helpers/ws-heartbeat-server.ts';
import { scenario } from '../helpers/run.ts';

const { open } = inspectorFixture();
const PASSWORD = 'e2e-secret';
let broker: Broker;
before(async () => {
  broker = await startMosquitto({ users: { alice: PASSWORD } });
});
after(async () => {
  await broker.stop();
});

/**
 * Keep-alive 2 s, a VoIP app suspended at 1.5 s: the broker drops it a few seconds later (mosquitto
 * checks keep-alives on its own wall-clock rhythm, so the run leaves it 10 s) and the close wakes it.
 */
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-e2e-own-')), 'broker-drop.json');
fs.writeFileSync(
  file,
  JSON.stringify(
    scenario({
      name: 'broker-drop', durationSec: 15,
      app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 2, reconnect: { initialSec: 0.5, maxSec: 0.5 } },
      server: { heartbeatSec: null, pushEverySec: null },
      nat: { idleTimeoutSec: 30 },
      timeline: [{ atSec: 0.5, action: 'background' }],
      model: { suspendAfterSec: 1, voipWakeSec: 2 },
    }),
  ),
);

/**
 * A VoIP app suspended at 1.5 s behind a 10 s NAT, a push every 2 s: a server pinging every second
 * keeps it (without the pings the mapping would expire by 11.5 s of a 15 s run). The real server keeps
 * wall-clock time, so the NAT leaves a 10× margin for a loaded machine (6× expired once, with a CI run
 * and the suite under load beside each other: load average 16 on 2 cores).
 */
const wsFile = path.join(path.dirname(file), 'ws-ping.json');
fs.writeFileSync(
  wsFile,
  JSON.stringify(
    scenario({
      name: 'ws-ping', durationSec: 15,
      app: { reconnect: { initialSec: 0.5, maxSec: 0.5 } },
      server: { heartbeatSec: null, pushEverySec: 2 },
      nat: { idleTimeoutSec: 10 },
      timeline: [{ atSec: 0.5, action: 'background' }],
      model: { suspendAfterSec: 1, voipWakeSec: 2 },
    }),
  ),
);

async function openScenario(page: Page, which = file): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
  await chooser.setFiles(which);
  const name = path.basename(which, '.json');
  await page.waitForFunction((n) => new RegExp(`opened ${n}`).test(document.querySelector('.notice')?.textContent ?? ''), name);
}

const metric = async (page: Page, key: string) => JSON.parse((await page.getAttribute(`[data-testid=metric-${key}]`, 'data-value'))!) as number;

test('MQTT broker in the form: realtime at 1× said and enforced, a bad URL named, a run against mosquitto shown like any run', async () => {
  const { page, errors } = await open();
  await openScenario(page);
  await page.selectOption('select[name="server.choice"]', 'mqtt');
  assert.equal(await page.isDisabled('select[name=mode]'), true);
  assert.equal(await page.$eval('select[name=mode]', (s) => (s as HTMLSelectElement).value), 'realtime');
  assert.match((await page.textContent('[data-testid=mode-own-server]'))!, /^A run against your own server is realtime at 1× \(a real server keeps wall-clock time\): fast mode and other speeds are off/);
  await page.fill('input[name="server.url"]', `mqtt://alice:${PASSWORD}@127.0.0.1:99999`);
  assert.match((await page.textContent('[data-testid=server-error]'))!, /server URL: the port must be from 1 to 65535, got "mqtt:\/\/alice:\*\*\*@127\.0\.0\.1:99999"/);
  await page.fill('input[name="server.url"]', `mqtt://alice@127.0.0.1:${broker.port}`);
  await page.fill('input[name="server.password"]', PASSWORD);
  assert.equal(await page.locator('[data-testid=server-error]').count(), 0);
  for (const [w, h] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.$eval('[data-testid=server-editor]', (el) => el.scrollIntoView({ block: 'center' }));
    await page.screenshot({ path: path.join(ARTIFACTS, `own-server-form-${w}x${h}.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.click('[data-testid=run-button]');
  await page.waitForSelector('[data-testid=run-server]');
  assert.equal((await page.textContent('[data-testid=run-server]'))!.trim(), `against mqtt://alice@127.0.0.1:${broker.port}`);
  assert.equal(await page.isDisabled('[data-testid=run-button]'), true, 'no pause against a real server');
  await runDone(page, 40_000);
  assert.ok((await metric(page, 'disconnects')) >= 1, 'the broker dropped the app');
  assert.ok((await metric(page, 'wakeups')) >= 1, 'the close woke it');
  assert.equal(await metric(page, 'natExpiries'), 0);
  assert.ok((await page.locator('[data-testid=heartbeat-chart] svg').count()) > 0);
  // The event table finds the broker's frames and its reason for the drop.
  for (const [query, shown] of [['CONNACK', /CONNACK 0 \(accepted\)/], ['keep-alive', /silent for .* \(1\.5 × keep-alive 2 s = 3 s\)/]] as const) {
    await page.fill('[data-testid=event-search]', query);
    await page.waitForFunction((q) => [...document.querySelectorAll('[data-testid=event-table] .row')].some((r) => r.textContent?.includes(q)), query);
    const rows = await page.$$eval('[data-testid=event-table] .row', (rs) => rs.map((r) => r.textContent ?? '').join('\n'));
    assert.match(rows, shown);
  }
  await page.fill('[data-testid=event-search]', '');
  const elsewhere = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    body.querySelector('input[name="server.password"]')?.remove();
    return body.outerHTML;
  });
  assert.ok(!elsewhere.includes(PASSWORD), 'the password is nowhere on the page but its own (masked) field');
  assert.equal(await page.getAttribute('input[name="server.password"]', 'type'), 'password');
  for (const [w, h] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: path.join(ARTIFACTS, `own-server-run-${w}x${h}.png`) });
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('a refused CONNECT fails the run with the CLI’s words, naming the URL without its password', async () => {
  const { page, errors } = await open();
  await openScenario(page);
  await page.selectOption('select[name="server.choice"]', 'mqtt');
  await page.fill('input[name="server.url"]', `mqtt://alice:wrong@127.0.0.1:${broker.port}`);
  await page.click('[data-testid=run-button]');
  await page.waitForFunction(() => /refused CONNECT/.test(document.querySelector('.controls .form-error')?.textContent ?? ''), null, { timeout: 20_000 });
  const shown = (await page.textContent('.controls .form-error'))!;
  assert.match(shown, new RegExp(`^mqtt://alice@127\\.0\\.0\\.1:${broker.port}: the broker refused CONNECT: CONNACK [45] `));
  await page.selectOption('select[name="server.choice"]', 'built-in');
  assert.equal(await page.isDisabled('select[name=mode]'), false, 'the built-in server: every mode again');
  assert.deepEqual(errors, []);
  await page.close();
});

test('WebSocket server in the form: a push endpoint or a note that pushes are off; a run against a ws server pinging every second', async () => {
  const server = await startWsServer(1);
  try {
    const { page, errors } = await open();
    await openScenario(page, wsFile);
    await page.selectOption('select[name="server.choice"]', 'ws');
    assert.equal(await page.locator('input[name="server.pushUrl"]').count(), 1);
    await page.fill('input[name="server.url"]', server.url);
    const notes = () => page.$$eval('[data-testid=server-editor] .own-server-note', (ps) => ps.map((p) => p.textContent ?? ''));
    assert.ok((await notes()).some((n) => /pushes are off: no push endpoint was named, so server\.pushEverySec \(2 s\) sends nothing/.test(n)), (await notes()).join(' | '));
    for (const [w, h] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
      await page.setViewportSize({ width: w, height: h });
      await page.$eval('[data-testid=server-editor]', (el) => el.scrollIntoView({ block: 'center' }));
      await page.screenshot({ path: path.join(ARTIFACTS, `own-server-ws-form-${w}x${h}.png`) });
    }
    await page.fill('input[name="server.pushUrl"]', 'http://127.0.0.1:1/push');
    assert.match((await page.textContent('[data-testid=server-error]'))!, /^push endpoint: expected ws:\/\//);
    await page.fill('input[name="server.pushUrl"]', server.pushUrl);
    assert.equal(await page.locator('[data-testid=server-error]').count(), 0);
    assert.ok(!(await notes()).some((n) => /pushes are off/.test(n)));
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.click('[data-testid=run-button]');
    await page.waitForSelector('[data-testid=run-server]');
    assert.equal((await page.textContent('[data-testid=run-server]'))!.trim(), `against ${server.url}`);
    await runDone(page, 40_000);
    assert.equal(await metric(page, 'disconnects'), 0, 'the server’s pings kept the NAT mapping');
    assert.equal(await metric(page, 'natExpiries'), 0);
    const beats = JSON.parse((await page.getAttribute('[data-testid=metric-heartbeats]', 'data-value'))!) as { server: number };
    assert.ok(beats.server >= 3, `server pings ${beats.server}`);
    assert.equal((await page.textContent('[data-testid=metric-pushesLost] .card-value'))!.trim(), '0 of 7', 'pushes at 2, 4, 6, 8, 10, 12 and 14 s all arrive');
    assert.ok((await metric(page, 'wakeups')) >= 2, 'pings and pushes woke the suspended app');
    assert.equal(server.terminated, 0);
    assert.deepEqual(errors, []);
    await page.close();
  } finally {
    await server.stop();
  }
});
