// Only our own page may talk to the engine (GitHub Desktop's rule: only trusted senders are
// heard). Pure, so it is tested without an Electron binary.

/** The window loads the renderer from this origin (a custom protocol, not file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'lifeline';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * `frameUrl`: the URL of the frame that sent the IPC message. Trusted when its origin is exactly
 * the dev server's (scheme, host and port: not a string prefix, which `http://localhost:5173.evil…`
 * would pass), or, without a dev server, our app:// page.
 */
export function isTrustedFrame(frameUrl: string, devServerUrl: string | undefined): boolean {
  let u: URL;
  try {
    u = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      const d = new URL(devServerUrl);
      return u.protocol === d.protocol && u.host === d.host && !u.username && !u.password;
    } catch {
      return false;
    }
  }
  // Node's URL gives non-special schemes an opaque origin ("null"), so compare the parts.
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && u.pathname === '/index.html';
}

/** The dev server is honoured only in an unpackaged (development) app: a packaged one ignores the variable. */
export function devServerUrl(isPackaged: boolean, env: NodeJS.ProcessEnv): string | undefined {
  return isPackaged ? undefined : env.ELECTRON_RENDERER_URL || undefined;
}
