// The built renderer's files, as `lifeline serve` and the Electron window's app:// protocol both
// serve them: only regular files inside the root, whatever the request path says.
import fs from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp.ts';

export const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** On every response, errors included: a 404 must not be a page another site can frame or sniff. */
export const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'same-origin',
  'cache-control': 'no-store',
};

export const contentType = (file: string): string => CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';

/** A URL path to a file under `root`: 400 for a malformed escape, 404 for anything not a file there. */
export function resolveStatic(root: string, pathname: string): { file: string } | { status: 400 | 404 } {
  let rel: string;
  try {
    rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  } catch {
    return { status: 400 };
  }
  const base = path.resolve(root);
  const file = path.resolve(base, rel);
  if (rel.includes('\0') || !file.startsWith(base + path.sep)) return { status: 404 };
  try {
    return fs.statSync(file).isFile() ? { file } : { status: 404 };
  } catch {
    return { status: 404 };
  }
}
