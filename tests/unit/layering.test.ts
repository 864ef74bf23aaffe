// The layering of docs/design.md "Where code may run" is enforced by lint, not only written down:
// each probe below is code that breaks a rule, and `npm run lint` must refuse it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ESLint } from 'eslint';

const eslint = new ESLint();

async function problems(file: string, code: string): Promise<string[]> {
  const [r] = await eslint.lintText(code, { filePath: path.resolve(file) });
  return (r?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

test('shared/ may not use Node, Buffer, the engine or the renderer', async () => {
  const found = await problems(
    'shared/folds/probe.ts',
    [
      "import { performance } from 'node:perf_hooks';",
      "import fs from 'fs';",
      "import { useStore } from '../../renderer/src/store.ts';",
      "import { Simulation } from '../../electron/engine/simulation.ts';",
      'export const x = [performance, fs, useStore, Simulation, Buffer.from("a"), process.pid];',
    ].join('\n'),
  );
  assert.ok(found.some((m) => m.includes("'node:perf_hooks'")), found.join('\n'));
  assert.ok(found.some((m) => m.includes("'fs'")), found.join('\n'));
  assert.ok(found.some((m) => m.includes('may not import renderer/')), found.join('\n'));
  assert.ok(found.some((m) => m.includes('may not import electron/engine/')), found.join('\n'));
  assert.ok(found.some((m) => m.includes("'Buffer'")), found.join('\n'));
  assert.ok(found.some((m) => m.includes("'process'")), found.join('\n'));
});

test('inside shared/, a lower layer may not import a higher one', async () => {
  const found = await problems('shared/log/probe.ts', "import { summarize } from '../folds/summary.ts';\nexport const s = summarize;\n");
  assert.deepEqual(found, ['layers/allowed-imports: shared/log/ may not import shared/folds/ (docs/design.md "Where code may run"): ../folds/summary.ts']);
  assert.deepEqual(await problems('shared/folds/probe.ts', "import { summarize } from './summary.ts';\nexport const s = summarize;\n"), []);
});

test('the renderer may not import the engine; the engine may not import storage or hosts', async () => {
  assert.ok((await problems('renderer/src/probe.ts', "import { Simulation } from '../../electron/engine/simulation.ts';\nexport const s = Simulation;\n")).some((m) => m.includes('renderer/ may not import electron/engine/')));
  assert.ok((await problems('electron/engine/probe.ts', "import { SessionWriter } from '../capture/session-file.ts';\nexport const s = SessionWriter;\n")).some((m) => m.includes('electron/engine/ may not import electron/capture/')));
  assert.ok((await problems('electron/engine/probe.ts', "import { RunHost } from '../host/run-host.ts';\nexport const s = RunHost;\n")).some((m) => m.includes('electron/engine/ may not import electron/host/')));
});

test('an import cycle fails lint, type-only imports included', async () => {
  const dir = fs.mkdtempSync(path.resolve('shared/util/.cycle-probe-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = B[];\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a.ts';\nexport type B = A | 1;\n");
    const found = await problems(path.join(dir, 'a.ts'), fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'));
    assert.ok(found.some((m) => m.startsWith('layers/no-cycle: import cycle:') && m.includes('a.ts → ') && m.includes('b.ts')), found.join('\n'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('an import by an absolute path of this machine fails lint', async () => {
  // The checkout's own absolute path, whatever machine runs this.
  const found = await problems('scripts/probe.ts', `import { x } from '${path.resolve('shared/util/random.ts')}';\nexport const y = x;\n`);
  assert.ok(found.some((m) => m.includes('absolute path')), found.join('\n'));
});

test('a renderer hook called only sometimes fails lint (a render that calls fewer hooks crashes the page)', async () => {
  const code = "import { useState } from 'react';\nexport function Probe({ on }: { on: boolean }) {\n  const ready = on && useState(0)[0] > 0;\n  return ready ? null : null;\n}\n";
  const found = await problems('renderer/src/components/Probe.tsx', code);
  assert.ok(found.some((m) => m.startsWith('react-hooks/rules-of-hooks')), found.join('\n'));
  assert.deepEqual(await problems('renderer/src/components/Probe.tsx', code.replace('on && useState(0)[0] > 0', 'useState(0)[0] > 0 && on')), []);
});

test('no tracked file names a path of one machine (a scratch script left behind)', () => {
  const files = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter((f) => f && !f.endsWith('package-lock.json') && !f.endsWith('.png') && fs.existsSync(f));
  const machinePath = /(^|[\s'"`(=])\/(work|root|home\/[a-z]+)\//;
  const offenders = files.filter((f) => machinePath.test(fs.readFileSync(f, 'utf8')));
  assert.deepEqual(offenders, []);
});
