import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTrustedFrame } from '../../electron/main/trusted-sender.ts';

const index = '/app/out/renderer/index.html';

test('only our own index.html (or the dev server) is a trusted IPC sender', () => {
  assert.equal(isTrustedFrame('file:///app/out/renderer/index.html', undefined, index), true);
  assert.equal(isTrustedFrame('file:///app/out/renderer/other.html', undefined, index), false);
  assert.equal(isTrustedFrame('file:///app/out/renderer/../renderer/index.html', undefined, index), true);
  assert.equal(isTrustedFrame('https://evil.example/index.html', undefined, index), false);
  assert.equal(isTrustedFrame('', undefined, index), false);
  assert.equal(isTrustedFrame('http://localhost:5173/', 'http://localhost:5173', index), true);
  assert.equal(isTrustedFrame('file:///app/out/renderer/index.html', 'http://localhost:5173', index), false);
});
