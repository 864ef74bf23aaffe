// Electron smoke test through Playwright's _electron: the window opens, a preset runs, no console
// errors. It needs an Electron binary (ELECTRON_OVERRIDE_DIST_PATH or a normal install); where
// there is none it reports itself skipped, with the reason — a skip proves nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { _electron } from 'playwright-core';
import { findElectron } from '../../scripts/electron-binary.js';
import { ARTIFACTS } from '../helpers/browser.ts';
import { runDone } from '../helpers/inspector-page.ts';

const electron = findElectron();
const skip = electron.path ? false : `no Electron binary (${electron.reason}); set ELECTRON_OVERRIDE_DIST_PATH or run node node_modules/electron/install.js`;

test('Electron: the window opens, a preset runs in fast mode, no console errors', { skip }, async () => {
  const app = await _electron.launch({ executablePath: electron.path!, args: [path.resolve('.'), '--no-sandbox'], timeout: 60_000 });
  try {
    const win = await app.firstWindow();
    const errors: string[] = [];
    win.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    win.on('pageerror', (e) => errors.push(e.message));
    assert.equal(await win.title(), 'Lifeline');
    await win.waitForSelector('[data-testid=preset-picker] option[value=seed-snippet]', { state: 'attached' });
    assert.equal(await win.evaluate(() => typeof (window as unknown as { require?: unknown }).require), 'undefined', 'no Node in the renderer');
    await win.selectOption('[data-testid=preset-picker]', 'seed-snippet');
    await win.click('[data-testid=run-button]');
    await runDone(win);
    assert.equal(await win.getAttribute('[data-testid=metric-terminations]', 'data-value'), '1');
    await win.screenshot({ path: path.join(ARTIFACTS, 'electron-window.png') });
    assert.deepEqual(errors, []);
  } finally {
    await app.close();
  }
});
