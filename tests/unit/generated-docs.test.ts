// The pages `npm run docs` writes are committed as generated: a change to the command specs, the
// presets or the compare pairs without `npm run docs` fails here, naming the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_DOCS, cliDoc } from '../../scripts/generate-docs.ts';
import { COMMAND_SPECS } from '../../electron/cli/command-specs.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

test('every generated page is current (else: npm run docs)', () => {
  for (const [file, make] of Object.entries(GENERATED_DOCS)) {
    const committed = fs.readFileSync(path.join(ROOT, file), 'utf8');
    assert.ok(committed === make(), `${file} is stale: run npm run docs and commit it`);
  }
});

test('docs/cli.md has a section per command, with every option the parser reads', () => {
  const doc = cliDoc();
  for (const spec of COMMAND_SPECS) {
    const at = doc.indexOf(`\n## lifeline ${spec.name}\n`);
    assert.ok(at >= 0, `a section for ${spec.name}`);
    const body = doc.slice(at, doc.indexOf('\n## ', at + 1) >>> 0);
    for (const o of spec.options) assert.ok(body.includes(`| \`--${o.name}`), `${spec.name} --${o.name}`);
  }
});
