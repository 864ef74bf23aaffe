// The contract is typed end to end: a handler with the wrong response type, or a renderer call with
// the wrong request, fails the typecheck (`npm run typecheck` compiles this file); at run time only
// the map's own channels are answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InvokeHandlers, LifelineApi } from '../../shared/contract/contract.ts';
import { RunHost } from '../../electron/host/run-host.ts';

test('a wrong response or request type is a type error', () => {
  // @ts-expect-error run.pause answers Result<null>, not a number
  const badHandler: InvokeHandlers['run.pause'] = async () => ({ ok: true, value: 1 });
  const call = (api: LifelineApi) => {
    // @ts-expect-error run.speed takes { speed }, not a bare number
    void api.invoke('run.speed', 60);
    // @ts-expect-error no such channel
    void api.invoke('run.nope', null);
  };
  assert.equal(typeof badHandler, 'function');
  assert.equal(typeof call, 'function');
});

test('RunHost answers own channels only: inherited names are unknown channels', async () => {
  const host = new RunHost(() => {});
  try {
    for (const c of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      assert.deepEqual(await host.handle(c, null), { ok: false, error: `unknown channel ${JSON.stringify(c)}` });
    }
    const presets = (await host.handle('presets.list', null)) as unknown[];
    assert.ok(presets.length > 0);
  } finally {
    host.dispose();
  }
});
