// The layering rules of docs/design.md "Where code may run", as an ESLint plugin (VS Code's
// import zones, Signal Desktop's "where code may run"): a rule that only a document states is not
// a rule. Two rules:
//   layers/allowed-imports  each folder (a "zone") may import only the zones listed for it;
//   layers/no-cycle         no file reaches itself through relative imports.
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/**
 * Zones, most specific first, and what each may import (besides itself). shared/ is layered from
 * util/ at the bottom to player/ at the top; the engine knows nothing of storage or hosts.
 */
const SHARED_BASE = ['shared/util'];
export const ZONES = [
  ['shared/util', []],
  ['shared/model', [...SHARED_BASE]],
  ['shared/log', [...SHARED_BASE, 'shared/model']],
  ['shared/folds', [...SHARED_BASE, 'shared/model', 'shared/log']],
  ['shared/scenario', [...SHARED_BASE, 'shared/model', 'shared/log', 'shared/folds']],
  ['shared/session', [...SHARED_BASE, 'shared/model', 'shared/log', 'shared/folds', 'shared/scenario']],
  ['shared/capture', [...SHARED_BASE, 'shared/model', 'shared/log', 'shared/folds', 'shared/scenario']],
  ['shared/view', [...SHARED_BASE, 'shared/model', 'shared/log', 'shared/folds', 'shared/scenario']],
  ['shared/contract', [...SHARED_BASE, 'shared/model', 'shared/log', 'shared/folds', 'shared/scenario', 'shared/session', 'shared/capture']],
  ['shared/player', ['shared']],
  ['shared', ['shared']],
  ['renderer', ['shared', 'renderer']],
  ['electron/engine', ['shared']],
  ['electron/capture', ['shared']],
  ['electron/host', ['shared', 'electron/engine', 'electron/capture']],
  ['electron/web', ['shared', 'electron/engine', 'electron/capture', 'electron/host', 'electron/cli']],
  ['electron/cli', ['shared', 'electron/engine', 'electron/capture', 'electron/host', 'electron/web']],
  ['electron/main', ['shared', 'electron/host', 'electron/capture', 'electron/web']],
  ['electron/preload', ['shared/contract']],
];

const rel = (abs) => path.relative(ROOT, abs).split(path.sep).join('/');
const under = (file, zone) => file === zone || file.startsWith(zone + '/');
export const zoneOf = (file) => ZONES.find(([z]) => under(file, z));

/** What `spec` in `file` points at, relative to the root, or null for a package or a builtin. */
function target(file, spec) {
  if (!spec.startsWith('.')) return null;
  return rel(path.resolve(ROOT, path.dirname(file), spec));
}

function eachImport(context, visit) {
  const check = (node) => {
    const src = node.source;
    if (src && src.type === 'Literal' && typeof src.value === 'string') visit(src.value, node);
  };
  return {
    ImportDeclaration: check,
    ExportNamedDeclaration: check,
    ExportAllDeclaration: check,
    ImportExpression: check,
  };
}

const allowedImports = {
  meta: { type: 'problem', schema: [], docs: { description: 'Imports follow the layers of docs/design.md' } },
  create(context) {
    const file = rel(context.filename);
    const zone = zoneOf(file);
    return eachImport(context, (spec, node) => {
      // A path of this machine (a scratch file's absolute import) resolves nowhere else.
      if (path.isAbsolute(spec) || /^file:/.test(spec)) {
        context.report({ node, message: `import by an absolute path, which no other machine has: ${spec}` });
        return;
      }
      if (!zone) return;
      const [name, may] = zone;
      const to = target(file, spec);
      if (to === null) return;
      if (under(to, name) || may.some((z) => under(to, z))) return;
      const toZone = zoneOf(to)?.[0] ?? to.split('/').slice(0, 2).join('/');
      context.report({ node, message: `${name}/ may not import ${toZone}/ (docs/design.md "Where code may run"): ${spec}` });
    });
  },
};

// The import graph, read once per lint process from the files on disk (regex: relative specifiers only).
const IMPORT_RE = /(?:^|[\s;])(?:import|export)\s[^'"`]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const graph = new Map();
function edges(file) {
  let out = graph.get(file);
  if (out) return out;
  out = [];
  graph.set(file, out);
  let src;
  try {
    src = fs.readFileSync(path.join(ROOT, file), 'utf8');
  } catch {
    return out;
  }
  for (const m of src.matchAll(IMPORT_RE)) {
    const to = target(file, m[1] ?? m[2]);
    if (to && /\.(ts|tsx)$/.test(to)) out.push(to);
  }
  return out;
}

/** A path of imports from `from` back to `start`, or null. Depth-first, each file visited once. */
function cycleThrough(start) {
  const seen = new Set();
  const stack = [[start, 0]];
  const trail = [start];
  while (stack.length) {
    const top = stack[stack.length - 1];
    const next = edges(top[0])[top[1]++];
    if (next === undefined) {
      stack.pop();
      trail.pop();
      continue;
    }
    if (next === start) return [...trail, start];
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push([next, 0]);
    trail.push(next);
  }
  return null;
}

const noCycle = {
  meta: { type: 'problem', schema: [], docs: { description: 'No import cycles' } },
  create(context) {
    const file = rel(context.filename);
    if (!/\.(ts|tsx)$/.test(file)) return {};
    return {
      Program(node) {
        const cycle = cycleThrough(file);
        if (cycle) context.report({ node, message: `import cycle: ${cycle.join(' → ')}` });
      },
    };
  },
};

export default { rules: { 'allowed-imports': allowedImports, 'no-cycle': noCycle } };
