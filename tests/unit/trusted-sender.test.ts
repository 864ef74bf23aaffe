import { test } from 'node:test';
import assert from 'node:assert/strict';
import { APP_INDEX_URL, devServerUrl, isTrustedFrame } from '../../electron/main/trusted-sender.ts';

test('only our own app:// page (or the dev server, by exact origin) is a trusted IPC sender', () => {
  assert.equal(isTrustedFrame(APP_INDEX_URL, undefined), true);
  assert.equal(isTrustedFrame('app://lifeline/other.html', undefined), false);
  assert.equal(isTrustedFrame('app://lifeline.evil/index.html', undefined), false);
  assert.equal(isTrustedFrame('app://x@lifeline/index.html', undefined), false);
  assert.equal(isTrustedFrame('file:///app/out/renderer/index.html', undefined), false);
  assert.equal(isTrustedFrame('https://evil.example/index.html', undefined), false);
  assert.equal(isTrustedFrame('', undefined), false);
  assert.equal(isTrustedFrame('http://localhost:5173/', 'http://localhost:5173'), true);
  assert.equal(isTrustedFrame('http://localhost:5173/src/x.html', 'http://localhost:5173/'), true);
  assert.equal(isTrustedFrame('http://localhost:5173.evil.example/', 'http://localhost:5173'), false);
  assert.equal(isTrustedFrame('http://localhost:51730/', 'http://localhost:5173'), false);
  assert.equal(isTrustedFrame('https://localhost:5173/', 'http://localhost:5173'), false);
  assert.equal(isTrustedFrame('http://localhost:5173@evil.example/', 'http://localhost:5173'), false);
  assert.equal(isTrustedFrame(APP_INDEX_URL, 'http://localhost:5173'), false);
});

test('ELECTRON_RENDERER_URL is honoured only when the app is not packaged', () => {
  assert.equal(devServerUrl(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' }), 'http://localhost:5173');
  assert.equal(devServerUrl(true, { ELECTRON_RENDERER_URL: 'http://evil.example' }), undefined);
  assert.equal(devServerUrl(false, {}), undefined);
});
