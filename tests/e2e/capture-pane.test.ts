// The capture view's packet pane, Follow stream and the reader's warnings, in Debian's Chromium
// against `lifeline serve <capture>`: the pane's frame number, flags, sequence numbers and bytes are
// tshark's for the packet under the cursor (walked with the pane's own buttons, and by a click on an
// event row); Follow stream lists the conversation in tshark's order with each side's direction and
// pages a long one; every warning `lifeline analyze` prints is listed. Screenshots at three sizes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { ARTIFACTS, startServe } from '../helpers/browser.ts';
import { chromiumFixture, openInspector } from '../helpers/inspector-page.ts';
import { heartbeatPackets, writePcapng } from '../helpers/synth-capture.ts';
import { missing } from '../helpers/capture-tools.ts';
import { tsharkFields } from '../helpers/scapy-capture.ts';
import { PcapngWriter } from '../../electron/capture/pcapng-writer.ts';
import { ipv4Tcp } from '../../shared/capture/session-packets.ts';
import { LINKTYPE, TCP_ACK, TCP_FIN, TCP_PSH, TCP_SYN } from '../../shared/capture/packet-decode.ts';
import { FOLLOW_PAGE, followText, tcpFlagNames } from '../../shared/capture/packet-view.ts';
import { PAYLOAD_HEAD_BYTES } from '../../shared/capture/payload-head.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-pane-e2e-'));
const T0 = 1_700_000_000e6;
const C = [10, 0, 0, 2];
const S = [10, 0, 0, 1];
/** A link type Lifeline does not decode (LINKTYPE_USER0): its interface is skipped with a warning, its frames still numbered. */
const USER0 = 147;
const enc = (s: string) => new TextEncoder().encode(s);
/** 300 bytes of every value: more than the 96 kept, and most of them not printable. */
const BINARY = Uint8Array.from({ length: 300 }, (_, i) => (i * 7 + 3) & 0xff);

/**
 * A handshake, text both ways, a long binary payload, a FIN; between them frames of an interface
 * Lifeline skips (tshark numbers them) and a first IP fragment never completed (a warning).
 */
function writeConversation(file: string): void {
  const w = new PcapngWriter(file, 'lifeline test');
  const raw = w.addInterface(LINKTYPE.RAW, 'raw', 'synthetic raw IP');
  const other = w.addInterface(USER0, 'user0', 'a link type Lifeline does not decode');
  const at = (sec: number) => T0 + sec * 1e6;
  const fragment = ipv4Tcp([10, 9, 9, 9], [10, 9, 9, 8], 5555, 80, 1, 0, TCP_ACK | TCP_PSH, new Uint8Array(64));
  fragment[6] = 0x20; // more fragments, offset 0: the rest never comes
  fragment[7] = 0;
  w.packet(other, at(0), Uint8Array.from([1, 2, 3, 4]));
  w.packet(raw, at(1), ipv4Tcp(C, S, 40000, 4000, 1000, 0, TCP_SYN, new Uint8Array(0)));
  w.packet(raw, at(1.001), ipv4Tcp(S, C, 4000, 40000, 5000, 1001, TCP_SYN | TCP_ACK, new Uint8Array(0)));
  w.packet(raw, at(1.002), ipv4Tcp(C, S, 40000, 4000, 1001, 5001, TCP_ACK, new Uint8Array(0)));
  w.packet(raw, at(5), ipv4Tcp(C, S, 40000, 4000, 1001, 5001, TCP_ACK | TCP_PSH, enc('HELLO dev-1\n')));
  w.packet(other, at(5.5), Uint8Array.from([5, 6, 7, 8]));
  w.packet(raw, at(30), ipv4Tcp(S, C, 4000, 40000, 5001, 1013, TCP_ACK | TCP_PSH, enc('PING 1\n')));
  w.packet(raw, at(30.02), ipv4Tcp(C, S, 40000, 4000, 1013, 5008, TCP_ACK | TCP_PSH, BINARY));
  w.packet(raw, at(31), fragment);
  w.packet(raw, at(60), ipv4Tcp(S, C, 4000, 40000, 5008, 1313, TCP_ACK | TCP_PSH, Uint8Array.from([...enc('PUSH 7 hi\r\n'), 0, 1, 0xff])));
  w.packet(raw, at(90), ipv4Tcp(C, S, 40000, 4000, 1313, 5022, TCP_ACK | TCP_FIN, new Uint8Array(0)));
  w.close();
}

const clean = path.join(dir, 'conversation-clean.pcapng');
writeConversation(clean);
/** The same, then the start of a block header that never ends: damage at a known byte. */
const damaged = path.join(dir, 'conversation.pcapng');
fs.writeFileSync(damaged, Buffer.concat([fs.readFileSync(clean), Buffer.from([6, 0, 0, 0, 64, 0, 0, 0])]));

/** tshark's view of the connection (stream 0): the reference for the pane and Follow stream. */
interface RefPacket {
  frame: number;
  up: boolean;
  flags: number;
  seq: number;
  ack: number | null;
  len: number;
  payload: string;
}
function reference(): RefPacket[] {
  return tsharkFields(clean, ['frame.number', 'ip.src', 'tcp.flags', 'tcp.seq', 'tcp.ack', 'tcp.len', 'tcp.payload'], 'tcp.stream == 0').map(([frame, src, flags, seq, ack, len, payload]) => ({
    frame: Number(frame),
    up: src === C.join('.'),
    flags: Number(flags),
    seq: Number(seq),
    ack: Number(flags) & TCP_ACK ? Number(ack) : null,
    len: Number(len),
    payload: payload!.replace(/:/g, ''),
  }));
}

const hexToLatin1 = (hex: string) => (hex.match(/../g) ?? []).map((h) => String.fromCharCode(parseInt(h, 16))).join('');

const browser = chromiumFixture();

/** What the pane shows now. */
async function pane(page: Page) {
  const p = page.getByRole('region', { name: 'packet under the cursor' });
  const field = (f: string) => p.locator(`[data-field=${f}]`).innerText();
  const hex = (await p.locator('[data-testid=packet-hex]').allInnerTexts()).join(' ').replace(/\s+/g, '');
  return {
    frame: Number((await p.getByTestId('packet-frame').innerText()).replace('#', '')),
    dir: await field('dir'),
    flags: await field('flags'),
    seq: await field('seq'),
    ack: await field('ack'),
    len: await field('len'),
    hex,
    cut: (await p.getByTestId('packet-cut').count()) ? await p.getByTestId('packet-cut').innerText() : null,
    line: (await p.locator('[data-field=line]').count()) ? await field('line') : null,
  };
}

/** The pane agrees with tshark's packet. */
function assertPacket(shown: Awaited<ReturnType<typeof pane>>, ref: RefPacket): void {
  assert.equal(shown.frame, ref.frame);
  assert.match(shown.dir, ref.up ? /^client → server 10\.0\.0\.2:40000 → 10\.0\.0\.1:4000/ : /^server → client 10\.0\.0\.1:4000 → 10\.0\.0\.2:40000/, `frame ${ref.frame}`);
  const names = tcpFlagNames(ref.flags);
  assert.equal(shown.flags, `${names.length ? `[${names.join(', ')}]` : 'none'} 0x${ref.flags.toString(16).padStart(3, '0')}`, `frame ${ref.frame}`);
  assert.match(shown.seq, new RegExp(`^${ref.seq} raw`), `frame ${ref.frame} seq`);
  assert.match(shown.ack, ref.ack === null ? /no ACK flag/ : new RegExp(`^${ref.ack} raw`), `frame ${ref.frame} ack`);
  assert.equal(shown.len, `${ref.len} byte${ref.len === 1 ? '' : 's'}`);
  // The bytes are the packet's real payload, cut at the head's length and saying so.
  assert.equal(shown.hex, ref.payload.slice(0, PAYLOAD_HEAD_BYTES * 2), `frame ${ref.frame} bytes`);
  if (ref.len > PAYLOAD_HEAD_BYTES) assert.match(shown.cut ?? '', new RegExp(`first ${PAYLOAD_HEAD_BYTES} of ${ref.len} bytes kept`));
  else assert.equal(shown.cut, null);
  // A line of Lifeline's protocol is named by its verb (HELLO and PING here; the binary and the PUSH with bytes after its CRLF are not lines).
  const verb = { 'HELLO dev-1\n': 'HELLO', 'PING 1\n': 'PING' }[hexToLatin1(ref.payload)];
  assert.equal(shown.line?.split(' ')[0] ?? null, verb ?? null, `frame ${ref.frame} line`);
}

test('the packet pane shows the packet under the cursor as tshark reads it; Follow stream is the conversation in order; every reader warning is listed', { skip: missing('tshark') }, async () => {
  const ref = reference();
  assert.equal(ref.length, 8, 'the connection as tshark sees it');
  assert.ok(ref[0]!.frame === 2 && ref.at(-1)!.frame === 11, 'frames of the skipped interface and the fragment are numbered too');
  const serve = await startServe([damaged]);
  try {
    const { page, errors } = await openInspector(browser(), serve.url, { width: 1440, height: 900 });
    // Warnings: every line analyze prints (run where the file is, so it names it as the page does).
    const cli = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'analyze', path.basename(damaged)], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    assert.equal(cli.status, 2, cli.stderr);
    const cliLines = cli.stderr.split('\n').filter(Boolean).map((l) => l.replace(/^lifeline: /, '').replace(/; analysed the (\d+) packets before it$/, '; showing the $1 packets before it'));
    assert.equal(cliLines.length, 3, cli.stderr);
    await page.getByTestId('capture-panel').waitFor();
    // The panel shows once the connections are listed; the reader's last warning (where the file is
    // cut) can come a render later. Wait for as many lines as analyze printed (bounded), then compare.
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=capture-warning]').length >= n, cliLines.length, { timeout: 30_000 }).catch(() => {});
    const shown = (await page.getByTestId('capture-warning').allInnerTexts()).map((w) => w.replace(/^⚠\s*/, ''));
    assert.deepEqual(shown, cliLines);
    assert.ok(shown.some((w) => /conversation\.pcapng: byte \d+: interface 1 has link type 147/.test(w)));
    assert.ok(shown.some((w) => /fragmented IP datagram/.test(w)));
    assert.ok(shown.some((w) => /conversation\.pcapng: byte \d+: block header cut short/.test(w)));

    const region = page.getByRole('region', { name: 'packet under the cursor' });
    await region.waitFor();
    // A click on an event row (the table holds the events up to the cursor: here, all) moves the
    // cursor, and the pane follows: the binary packet, cut at 96.
    const binary = ref.find((r) => r.len === BINARY.length)!;
    await page.fill('[data-testid=event-search]', 'verb=?');
    await page.locator('[data-testid=event-table] .row.kind-frame').filter({ hasText: 'bytes=300' }).click();
    await page.waitForFunction((f) => document.querySelector('[data-testid=packet-frame]')?.textContent === `#${f}`, binary.frame);
    assertPacket(await pane(page), binary);
    await page.fill('[data-testid=event-search]', '');

    // Forward to the last packet with the pane's button, then back to the first (by keyboard).
    await region.getByRole('button', { name: 'next packet' }).click();
    await page.waitForFunction((f) => document.querySelector('[data-testid=packet-frame]')?.textContent === `#${f}`, ref.at(-2)!.frame);
    await region.getByRole('button', { name: 'next packet' }).click();
    // The cursor's move is drawn a frame later: the last packet shown first, then its button state.
    await page.waitForFunction((f) => document.querySelector('[data-testid=packet-frame]')?.textContent === `#${f}`, ref.at(-1)!.frame);
    assert.equal(await region.getByRole('button', { name: 'next packet' }).isDisabled(), true);
    for (let k = ref.length - 1; k >= 0; k--) {
      await page.waitForFunction((f) => document.querySelector('[data-testid=packet-frame]')?.textContent === `#${f}`, ref[k]!.frame);
      assertPacket(await pane(page), ref[k]!);
      // The view's cursor moved there: its event row is the marked one.
      const cursorRowT = Number(await page.locator('[data-testid=event-table] .row.at-cursor').getAttribute('data-t'));
      const shownMs = Number((await region.locator('[data-field=time]').innerText()).split(' ')[0]) * 1000;
      assert.ok(Math.abs(cursorRowT - shownMs) < 0.01, `cursor row at ${cursorRowT} ms, pane at ${shownMs} ms`);
      if (k > 0) {
        await region.getByRole('button', { name: 'previous packet' }).focus();
        await page.keyboard.press('Enter');
      }
    }
    assert.equal(await region.getByRole('button', { name: 'previous packet' }).isDisabled(), true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'capture-pane-first.png'), fullPage: true });

    // Follow stream: every packet with payload, in tshark's order, each side by its direction, its text.
    await region.getByRole('button', { name: 'Follow stream' }).click();
    const follow = page.getByTestId('follow-stream');
    await follow.waitFor();
    const withPayload = ref.filter((r) => r.len > 0);
    const items = follow.locator('.follow-packet');
    assert.deepEqual(
      await items.evaluateAll((els) => els.map((e) => [Number(e.getAttribute('data-frame')), e.getAttribute('data-dir')])),
      withPayload.map((r) => [r.frame, r.up ? 'up' : 'down']),
    );
    const texts = await follow.locator('.follow-bytes').allTextContents();
    assert.deepEqual(texts, withPayload.map((r) => followText(hexToLatin1(r.payload.slice(0, PAYLOAD_HEAD_BYTES * 2)))));
    for (const [k, r] of withPayload.entries()) assert.match(await items.nth(k).locator('.follow-meta').innerText(), r.up ? /client → server/ : /server → client/);
    assert.equal(await follow.getByTestId('follow-note').innerText(), `showing 1–${withPayload.length} of ${withPayload.length} packets with payload`);
    // Hex: the same bytes as hex rows.
    await follow.getByTestId('follow-hex').check();
    const hexTexts = await follow.locator('.follow-bytes').allTextContents();
    hexTexts.forEach((h, k) => {
      const bytes = h.split('\n').map((line) => line.slice(6, 6 + 48).replace(/\s+/g, '')).join('');
      assert.equal(bytes, withPayload[k]!.payload.slice(0, PAYLOAD_HEAD_BYTES * 2));
    });
    // A packet's number in the stream moves the cursor there.
    await items.first().getByRole('button').click();
    await page.waitForFunction((f) => document.querySelector('[data-testid=packet-frame]')?.textContent === `#${f}`, withPayload[0]!.frame);

    for (const [width, height] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
      await page.setViewportSize({ width, height });
      await region.scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(ARTIFACTS, `capture-pane-${width}x${height}.png`), fullPage: true });
      // Nothing of the pane or the stream sticks out of the page.
      const overflow = await page.evaluate(() => [...document.querySelectorAll('.packet-pane, .follow-stream, .capture-warnings')].map((e) => e.scrollWidth - e.clientWidth).filter((d) => d > 1));
      assert.deepEqual(overflow, [], `${width}x${height}`);
    }
    // The same file picked in the page (read there, not on the host): the same warnings.
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('text=Open…')]);
    await chooser.setFiles(damaged);
    await page.locator('[data-testid=open-source][data-source^="file:"][aria-current=true]').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=capture-warning]').length === n, cliLines.length);
    assert.deepEqual((await page.getByTestId('capture-warning').allInnerTexts()).map((w) => w.replace(/^⚠\s*/, '')), cliLines);
    assert.deepEqual(errors, []);
  } finally {
    await serve.stop();
  }
});

test('Follow stream on a long connection shows a page at a time, with how many of how many', async () => {
  const file = path.join(dir, 'long.pcapng');
  const beats = 700;
  writePcapng(file, heartbeatPackets(beats, 1));
  const serve = await startServe([file]);
  try {
    const { page, errors } = await openInspector(browser(), serve.url, { width: 1280, height: 720 });
    const region = page.getByRole('region', { name: 'packet under the cursor' });
    await region.waitFor();
    await page.getByTestId('follow-toggle').click();
    const follow = page.getByTestId('follow-stream');
    // Opened where the cursor is (the last packet): the last page.
    const total = beats * 2;
    const lastFrom = Math.floor((total - 1) / FOLLOW_PAGE) * FOLLOW_PAGE;
    assert.equal(await follow.getByTestId('follow-note').innerText(), `showing ${(lastFrom + 1).toLocaleString('en')}–${total.toLocaleString('en')} of ${total.toLocaleString('en')} packets with payload`);
    await follow.getByRole('button', { name: 'first' }).click();
    assert.equal(await follow.getByTestId('follow-note').innerText(), `showing the first ${FOLLOW_PAGE} of ${total.toLocaleString('en')} packets with payload`);
    assert.equal(await follow.locator('.follow-packet').count(), FOLLOW_PAGE);
    // In order, alternating PING up and PONG down, from the first.
    const first = await follow.locator('.follow-packet').evaluateAll((els) => els.slice(0, 4).map((e) => [e.getAttribute('data-dir'), e.querySelector('.follow-bytes')!.textContent]));
    assert.deepEqual(first, [['up', 'PING 0\n'], ['down', 'PONG 0\n'], ['up', 'PING 1\n'], ['down', 'PONG 1\n']]);
    await follow.getByTestId('follow-next').click();
    assert.equal(await follow.getByTestId('follow-note').innerText(), `showing ${FOLLOW_PAGE + 1}–${2 * FOLLOW_PAGE} of ${total.toLocaleString('en')} packets with payload`);
    assert.equal(await follow.locator('.follow-packet').first().locator('.follow-bytes').textContent(), `PING ${FOLLOW_PAGE / 2}\n`);
    await follow.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'capture-follow-long.png'), fullPage: true });
    assert.deepEqual(errors, []);
  } finally {
    await serve.stop();
  }
});
