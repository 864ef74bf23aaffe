// Only our own page may talk to the engine (GitHub Desktop's rule: only trusted senders are
// heard). Pure, so it is tested without an Electron binary.
import path from 'node:path';

/**
 * `frameUrl`: the URL of the frame that sent the IPC message. Trusted when it is our dev server
 * (when one is configured) or exactly our built index.html on disk.
 */
export function isTrustedFrame(frameUrl: string, devServerUrl: string | undefined, indexHtml: string): boolean {
  if (devServerUrl) return frameUrl.startsWith(devServerUrl);
  if (!frameUrl.startsWith('file://')) return false;
  try {
    return path.resolve(decodeURIComponent(new URL(frameUrl).pathname)) === path.resolve(indexHtml);
  } catch {
    return false;
  }
}
