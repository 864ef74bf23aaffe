// Runs the test suites with Node's own test runner (through tsx for TypeScript).
// Usage: node scripts/test.js [unit] [integration] [e2e]   (default: all)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const suites = process.argv.slice(2);
const dirs = (suites.length ? suites : ['unit', 'integration', 'e2e']).map((s) => path.join('tests', s));
const files = dirs.flatMap((d) => (fs.existsSync(d) ? walk(d) : [])).filter((f) => f.endsWith('.test.ts'));
if (files.length === 0) {
  console.error(`no test files under ${dirs.join(', ')}`);
  process.exit(1);
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? walk(p) : [p];
  });
}

const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
