// The NAT timeout a capture proves, in the inspector (Debian's Chromium): the band on the chart and
// its sentence equal `lifeline analyze --json`'s natTimeoutSec, the frames that prove each
// bound are listed, a button sets the NAT timeout field from the band, and "Make scenario" puts a
// scenario reproducing the capture into the scenario form. Screenshots at three sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ARTIFACTS } from '../helpers/browser.ts';
import { inspectorFixture } from '../helpers/inspector-page.ts';
import { pingPongPackets, writePcapng, type SynthPacket } from '../helpers/synth-capture.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { formatSecMs } from '../../shared/util/time-format.ts';
import { TCP_ACK, TCP_PSH, TCP_RST } from '../../shared/capture/packet-decode.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-capture-nat-e2e-'));
const T0 = 1_700_000_000e6;
/** Client PINGs (s), each answered: 60 s apart, one 240 s silence the path survives; then after 300 s idle a PING the path answers with a RST. */
const PINGS = [60, 120, 180, 420, 480];
const FORGOTTEN_AT = 780;

function capture(): SynthPacket[] {
  const c = [10, 0, 0, 2];
  const s = [10, 0, 0, 1];
  const enc = (x: string) => new TextEncoder().encode(x);
  const out = pingPongPackets(PINGS, T0);
  const n = PINGS.length;
  out.push({ tsUs: T0 + FORGOTTEN_AT * 1e6, ip: ipv4Tcp(c, s, 40000, 4000, 2 + n * 7, 2 + n * 7, TCP_ACK | TCP_PSH, enc(`PING ${n}\n`)) });
  out.push({ tsUs: T0 + FORGOTTEN_AT * 1e6 + 3000, ip: ipv4Tcp(s, c, 4000, 40000, 2 + n * 7, 0, TCP_RST, enc('')) });
  return out;
}

const file = path.join(dir, 'forgotten.pcapng');
writePcapng(file, capture());

function bounds(): { low: number; high: number; evidence: { bound: string; beforeFrame: number; afterFrame: number; proofFrame: number; proof: string; gapSec: number }[] } {
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'analyze', file, '--json'], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).natTimeoutSec;
}

const inspector = inspectorFixture([file]);

test('a capture view shows the NAT band the capture proves, sets the NAT timeout from it, and makes a scenario', async () => {
  const b = bounds();
  assert.deepEqual([b.low, b.high], [239.998, 299.998], 'PONG at 180.002 s → PING at 420 s answered; PONG at 480.002 s → PING at 780 s reset');
  for (const [width, height] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
    const { page, errors } = await inspector.open({ width, height });
    await page.waitForSelector('[data-testid=nat-bounds-band]');
    const band = page.locator('[data-testid=nat-bounds-band]');
    assert.deepEqual([Number(await band.getAttribute('data-low')), Number(await band.getAttribute('data-high'))], [b.low, b.high]);
    // The band sits between the two gaps on the chart's idle axis: a real height, inside the plot.
    const box = (await band.locator('rect').boundingBox())!;
    assert.ok(box.height > 4 && box.width > 100, JSON.stringify(box));
    // Drawn under the marks: its label ran through a NAT-expiry X and a heartbeat.
    assert.ok(await page.$eval('[data-testid=heartbeat-chart] .nat-bounds-band', (g) => !!(g.compareDocumentPosition(g.closest('svg')!.querySelector('.markers')!) & Node.DOCUMENT_POSITION_FOLLOWING)), 'the marks are drawn after the band');
    assert.equal(await page.textContent('[data-testid=capture-nat-bounds-text]'), `this path forgot the connection after ${b.low}–${b.high} s idle`);
    const items = await page.$$eval('[data-testid=capture-nat-bounds] li', (li) => li.map((x) => [x.getAttribute('data-bound'), x.textContent]));
    assert.deepEqual(items, b.evidence.map((e) => [e.bound, `${e.bound === 'low' ? 'survived' : 'forgot'} ${formatSecMs(e.gapSec)} idle: frames ${e.beforeFrame} → ${e.afterFrame}, ${e.proof} at frame ${e.proofFrame}`]));
    await page.screenshot({ path: path.join(ARTIFACTS, `capture-nat-${width}x${height}.png`), fullPage: false });
    if (width === 1440) {
      // The NAT timeout field from the band: a second under the gap that broke the connection.
      await page.click('[data-testid=capture-nat-from-capture]');
      await page.waitForFunction(() => (document.querySelector('[data-testid=capture-nat]') as HTMLInputElement).value === '299');
      await page.waitForFunction(() => document.querySelector('[data-testid=capture-stats] [data-stat=verdict]')?.textContent?.includes('299 s NAT'));
      // Make scenario: the scenario form holds the capture's cadence, NAT and span.
      await page.click('[data-testid=capture-make-scenario]');
      await page.waitForSelector('input[name="nat.idleTimeoutSec"]');
      assert.equal(await page.inputValue('input[name="nat.idleTimeoutSec"]'), '299');
      assert.equal(await page.inputValue('input[name="app.clientHeartbeatSec"]'), '60');
      assert.equal(await page.inputValue('input[name="durationSec"]'), String(Math.ceil(FORGOTTEN_AT + 0.003)));
      await page.screenshot({ path: path.join(ARTIFACTS, 'capture-nat-scenario.png'), fullPage: false });
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});
