// Electron's main process runs no engine: its windows' requests go to the host thread through
// electron/main/main-host.ts, driven here from source (the bundled worker: tests/e2e/main-host-bundle.test.ts).
import { test } from 'node:test';
import { driveMainHost } from '../helpers/main-host-drive.ts';

test('Electron main wiring, from source: IPC relayed to the host thread, picked files told apart there, a crash survived', { timeout: 120_000 }, async () => {
  await driveMainHost(undefined);
});
