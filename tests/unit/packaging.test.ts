// The packaging step flips Electron's fuses; electron-builder's own schema checks the config, so a
// misspelt fuse fails here rather than in a release build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

test('electron-builder.yml is valid and turns off RunAsNode, NODE_OPTIONS, inspect and file:// privileges', async () => {
  const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
  const { DebugLogger, log } = require('builder-util');
  // electron-builder logs ("• loaded configuration") to stdout, which is the test runner's channel
  // to this file's process: a line written mid-message broke it once under load ("Unable to
  // deserialize cloned data"). Its log goes to a list while it runs.
  const logged: string[] = [];
  const stdout = log.stream;
  log.stream = { write: (s: string) => logged.push(s) };
  let config;
  try {
    config = await getConfig(process.cwd(), null, null);
    await validateConfiguration(config, new DebugLogger(false));
  } finally {
    log.stream = stdout;
  }
  assert.deepEqual(config.electronFuses, {
    runAsNode: false,
    enableCookieEncryption: true,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  });
});
