// `npm run screenshot`: redraws docs/inspector.png, the README's screenshot, from the inspector as
// it is now — browser mode (`lifeline serve`) in Debian's Chromium at 1440×900, a preset run in fast
// mode. It builds nothing: run `npm run build` first, so the picture is of the current renderer.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RENDERER_DIR } from '../electron/web/serve-command.ts';
import { CHROMIUM, launchChromium, startServe } from '../tests/helpers/browser.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'docs/inspector.png');
/** The README's caption describes this run: no heartbeat behind a 120 s NAT, dead for 58 minutes. */
const PRESET = 'voip-no-heartbeat-short-nat';
const VIEWPORT = { width: 1440, height: 900 };
/** Each wait is bounded: a page that never gets there fails the script instead of hanging it. */
const WAIT_MS = 60_000;

async function main(): Promise<number> {
  if (!fs.existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    console.error(`screenshot: no built renderer in ${RENDERER_DIR}: run npm run build first`);
    return 1;
  }
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`screenshot: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);
    return 1;
  }
  const serve = await startServe();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(serve.url);
    await page.waitForSelector(`[data-testid=preset-picker] option[value=${PRESET}]`, { state: 'attached', timeout: WAIT_MS });
    await page.selectOption('[data-testid=preset-picker]', PRESET);
    await page.click('[data-testid=run-button]');
    // Done, and the view has drawn its last events (views publish once per frame).
    await page.waitForFunction(
      () => document.querySelector('[data-testid=run-status]')?.textContent?.startsWith('done') && document.querySelector('.cursor-frame')?.getAttribute('data-status') === 'done',
      null,
      { timeout: WAIT_MS },
    );
    if (errors.length) {
      console.error(`screenshot: the page reported errors:\n${errors.join('\n')}`);
      return 1;
    }
    await page.screenshot({ path: OUT });
    console.log(`wrote ${path.relative(ROOT, OUT)} (${VIEWPORT.width}×${VIEWPORT.height}, ${PRESET})`);
    return 0;
  } finally {
    await browser.close();
    await serve.stop();
    fs.rmSync(serve.dataDir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
