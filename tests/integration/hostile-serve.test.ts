// `lifeline serve` under hostile requests and frames: each gets a refusal, none ends the process,
// and a well-behaved page is still served afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebServer } from '../../electron/web/web-server.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { MAX_WS_MESSAGE_BYTES } from '../../shared/contract/contract.ts';
import { frame, rawRequest, wsRawFrame } from '../helpers/raw-http.ts';
import { connect as connectTo, rpc as rpcRaw } from '../helpers/ws-client.ts';

const connect = () => connectTo(server);
const rpc = (ws: Awaited<ReturnType<typeof connect>>, msg: unknown) => rpcRaw(ws, JSON.stringify(msg));

let server: WebServer;
let host = '';

test.before(async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-hostile-'));
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
  server = new WebServer({ host: '127.0.0.1', port: 0, root });
  await server.start();
  host = `127.0.0.1:${server.port}`;
});
test.after(() => server.stop());

const origin = () => `http://${host}`;

/** The page is still served: whatever came before did not take the server down. */
async function stillServing(): Promise<void> {
  const r = await rawRequest(server.port, 'GET / HTTP/1.1', { Host: host });
  assert.equal(r.status, 200);
}

function assertSecurityHeaders(h: Record<string, string>): void {
  assert.match(h['content-security-policy'] ?? '', /default-src 'self'/);
  assert.equal(h['x-content-type-options'], 'nosniff');
  assert.equal(h['x-frame-options'], 'DENY');
}

test('malformed percent-escapes and request targets that are no URL get 400, not a crash', async () => {
  for (const p of ['/%', '/%E0%A4%A', '/%ZZ', '/a%', '/%C0%80'.replace('%80', '%'), 'http://[', '//[']) {
    const r = await rawRequest(server.port, `GET ${p} HTTP/1.1`, { Host: host });
    assert.equal(r.status, 400, p);
    assertSecurityHeaders(r.headers);
  }
  await stillServing();
});

test('404, 405 and refusals carry the same security headers as 200', async () => {
  const ok = await rawRequest(server.port, 'GET / HTTP/1.1', { Host: host });
  assertSecurityHeaders(ok.headers);
  const missing = await rawRequest(server.port, 'GET /nope.js HTTP/1.1', { Host: host });
  assert.equal(missing.status, 404);
  assertSecurityHeaders(missing.headers);
  for (const method of ['POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'PATCH']) {
    const r = await rawRequest(server.port, `${method} / HTTP/1.1`, { Host: host, 'Content-Length': '0' });
    assert.equal(r.status, 405, method);
    assert.equal(r.headers.allow, 'GET, HEAD');
    assertSecurityHeaders(r.headers);
  }
  const head = await rawRequest(server.port, 'HEAD / HTTP/1.1', { Host: host });
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});

test('DNS rebinding: a Host or Origin that is not this server is refused', async () => {
  for (const h of [`evil.example:${server.port}`, '127.0.0.1:1', `127.0.0.1.evil.example:${server.port}`, `localhost:${server.port}@evil`]) {
    const r = await rawRequest(server.port, 'GET / HTTP/1.1', { Host: h });
    assert.equal(r.status, 421, h);
    assertSecurityHeaders(r.headers);
  }
  const noHost = await rawRequest(server.port, 'GET / HTTP/1.0', {});
  assert.equal(noHost.status, 421);
  for (const h of [`localhost:${server.port}`, `[::1]:${server.port}`]) assert.equal((await rawRequest(server.port, 'GET / HTTP/1.1', { Host: h })).status, 200, h);
  const crossOrigin = await rawRequest(server.port, 'GET / HTTP/1.1', { Host: host, Origin: 'http://evil.example' });
  assert.equal(crossOrigin.status, 403);
  // The WebSocket: wrong scheme, wrong host, wrong port, or a rebinding Host with a good Origin.
  for (const [o, h] of [[`https://${host}`, host], [`http://evil.example:${server.port}`, host], ['http://127.0.0.1:1', host], [origin(), `evil.example:${server.port}`], ['null', host]] as const) {
    const r = await rawRequest(server.port, 'GET /ws HTTP/1.1', { Host: h, Origin: o, Upgrade: 'websocket', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version': '13' });
    assert.ok(r.status === 403 || r.status === 421, `${o} via ${h}: ${r.status}`);
  }
  await stillServing();
});

test('WebSocket protocol errors close that connection only', async () => {
  const bad: [string, Buffer][] = [
    ['reserved opcode', frame(0x3, Buffer.from('x'))],
    ['unmasked frame', frame(0x1, Buffer.from('{}'), { masked: false })],
    ['RSV1 without an extension', frame(0x1, Buffer.from('{}'), { rsv: 4 })],
    ['invalid UTF-8', frame(0x1, Buffer.from([0xc3, 0x28, 0xff]))],
    ['over the size limit', frame(0x1, Buffer.alloc(16), { declaredLength: MAX_WS_MESSAGE_BYTES + 1 })],
  ];
  for (const [what, f] of bad) {
    const got = await wsRawFrame(server.port, origin(), f);
    assert.match(got, /^HTTP\/1\.1 101/, what);
  }
  await stillServing();
  const ws = await connect();
  assert.ok(Array.isArray((await rpc(ws, { id: 1, channel: 'presets.list', payload: null })).result));
  ws.close();
});

test('every name on Object.prototype as a channel gets "unknown channel", never a crash', async () => {
  const ws = await connect();
  const names = [...Object.getOwnPropertyNames(Object.prototype), '__proto__', 'prototype', 'hasOwnProperty'];
  assert.ok(names.length > 10);
  for (const [i, channel] of names.entries()) {
    const r = await rpc(ws, { id: i, channel, payload: null });
    assert.equal(r.result.ok, false, channel);
    assert.match(r.result.error ?? '', /unknown channel/, channel);
  }
  ws.close();
  await stillServing();
});

test('a scenario with 40,000 timeline entries (1.3 MB) fits; the limit covers every valid scenario', async () => {
  const base = findPreset('server-heartbeat-under-nat')!;
  const timeline = Array.from({ length: 40_000 }, (_, i) => ({ atSec: (i * base.durationSec) / 40_000, action: i % 2 ? 'foreground' : 'background' }));
  const scenario = { ...base, timeline };
  assert.ok(JSON.stringify(scenario).length > 1 << 20);
  const ws = await connect();
  const r = await rpc(ws, { id: 1, channel: 'scenario.validate', payload: { scenario } });
  assert.equal(r.result.ok, true, r.result.error);
  ws.close();
});
