// The Electron entry: window, menu, dialogs and IPC wiring. The engine, the session store and
// capture reading run in the host thread (main-host.ts), as in browser mode: this process only
// relays, so a long run, a sweep or a big session never stalls the window's menus and dialogs.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, type IpcMainInvokeEvent, type MenuItemConstructorOptions } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startupFilesProblem } from '../capture/startup-files.ts';
import type { HostThread } from '../host/host-thread.ts';
import { HOST_SCHEMAS, type HostChannel, type HostChannels, type MenuCommand, type PushChannel, type PushChannels } from '../../shared/contract/contract.ts';
import { BUNDLED_ENTRY, openPicked, startMainHost, stopMainHost, wireWindow } from './main-host.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/contract/csp.ts';
import { APP_HOST, APP_INDEX_URL, APP_SCHEME, devServerUrl, isTrustedFrame } from './trusted-sender.ts';
import { contentType, resolveStatic, SECURITY_HEADERS } from '../web/static-files.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
// A packaged app never loads code from a URL in its environment.
const rendererUrl = devServerUrl(app.isPackaged, process.env);
const rendererDir = path.join(here, '../renderer');
let win: BrowserWindow | null = null;
let thread: HostThread | null = null;

/**
 * Files named on the command line (`npm start -- A.jsonl [B.jsonl]`, or one capture), under the
 * same rules as `lifeline serve`; a problem is said on stderr and the app opens without them.
 */
function argvFiles(): string[] {
  const files = process.argv.slice(app.isPackaged ? 1 : 2).filter((a) => !a.startsWith('-')).map((a) => path.resolve(a));
  const problem = startupFilesProblem(files);
  if (!problem) return files;
  console.error(`lifeline: ${problem}`);
  return [];
}

// The renderer is served from app://lifeline, a standard secure origin of its own, rather than
// file://, whose pages may read any local file and share one origin with every other file.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

function serveApp(request: Request): Response {
  const u = new URL(request.url);
  const found = u.host === APP_HOST ? resolveStatic(rendererDir, u.pathname) : ({ status: 404 } as const);
  if ('status' in found) return new Response('not found', { status: found.status, headers: { ...SECURITY_HEADERS, 'content-type': 'text/plain' } });
  return new Response(fs.readFileSync(found.file), { headers: { ...SECURITY_HEADERS, 'content-type': contentType(found.file) } });
}

function trusted(e: IpcMainInvokeEvent): boolean {
  return e.sender === win?.webContents && isTrustedFrame(e.senderFrame?.url ?? '', rendererUrl);
}

function send<C extends PushChannel>(channel: C, message: PushChannels[C]): void {
  win?.webContents.send(channel, message);
}

function menuCommand(c: MenuCommand): void {
  send('menu.command', c);
}

/** A host channel's handler, typed by the contract's map; only the trusted page is heard. */
function handleHost<C extends HostChannel>(channel: C, fn: (e: IpcMainInvokeEvent, payload: unknown) => Promise<HostChannels[C]['res']>): void {
  ipcMain.handle(channel, fn);
}

async function openScenario(): Promise<HostChannels['file.open-scenario']['res']> {
  if (!win) return null;
  const r = await dialog.showOpenDialog(win, { title: 'Open scenario, session or capture', filters: [{ name: 'Scenario, session or capture', extensions: ['json', 'jsonl', 'pcap', 'pcapng', 'cap'] }], properties: ['openFile'] });
  const file = r.filePaths[0];
  if (r.canceled || !file || !thread) return null;
  // By content, not extension, and in the host thread: a capture or a session is read there by id.
  return openPicked(thread, file, menuCommand);
}

async function save(suggestedName: string, text: string, base64?: boolean): Promise<HostChannels['file.save']['res']> {
  if (!win) return null;
  const ext = path.extname(suggestedName).slice(1) || 'json';
  const r = await dialog.showSaveDialog(win, { defaultPath: suggestedName, filters: [{ name: ext.toUpperCase(), extensions: [ext] }] });
  if (r.canceled || !r.filePath) return null;
  try {
    fs.writeFileSync(r.filePath, base64 ? Buffer.from(text, 'base64') : text);
    return { ok: true, value: r.filePath };
  } catch (e) {
    return { ok: false, error: `${r.filePath}: ${(e as Error).message}` };
  }
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'New run', accelerator: 'CmdOrCtrl+N', click: () => menuCommand({ kind: 'new-run' }) },
        {
          label: 'Open scenario or session…',
          accelerator: 'CmdOrCtrl+O',
          click: async () => {
            const r = await openScenario();
            if (r) menuCommand(r.ok ? { kind: 'open-scenario', scenario: r.value.scenario, path: r.value.name } : { kind: 'open-failed', error: r.error });
          },
        },
        { label: 'Save scenario as…', accelerator: 'CmdOrCtrl+Shift+S', click: () => menuCommand({ kind: 'save-scenario-as' }) },
        { label: 'Save summary as JSON…', accelerator: 'CmdOrCtrl+J', click: () => menuCommand({ kind: 'save-summary' }) },
        {
          label: 'Export',
          submenu: [
            { label: 'Chart as PNG (2×)…', click: () => menuCommand({ kind: 'export', format: 'png' }) },
            { label: 'Chart as SVG…', click: () => menuCommand({ kind: 'export', format: 'svg' }) },
            { label: 'Events as CSV…', click: () => menuCommand({ kind: 'export', format: 'csv' }) },
            { label: 'Summary as JSON…', click: () => menuCommand({ kind: 'export', format: 'json' }) },
            { label: 'Packets as pcapng…', click: () => menuCommand({ kind: 'export', format: 'pcapng' }) },
          ],
        },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        { label: 'Projector mode', accelerator: 'CmdOrCtrl+Shift+P', click: () => menuCommand({ kind: 'projector' }) },
        { label: 'Lesson mode', accelerator: 'CmdOrCtrl+Shift+L', click: () => menuCommand({ kind: 'lesson' }) },
        { role: 'togglefullscreen' },
      ],
    },
    {
      label: 'Help',
      submenu: [
        { label: 'How the technique works', accelerator: 'F1', click: () => menuCommand({ kind: 'help' }) },
        {
          label: 'About Lifeline',
          click: () => void dialog.showMessageBox({ type: 'info', title: 'About Lifeline', message: `Lifeline ${app.getVersion()}`, detail: 'Simulator and inspector for keeping an iOS app’s TCP connection alive in the background.' }),
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function createWindow(thread: HostThread): void {
  win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Lifeline',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  const host = wireWindow(thread, (channel, fn) => ipcMain.handle(channel, fn), trusted, send);
  handleHost('file.open-scenario', async (e) => (trusted(e) ? openScenario() : null));
  handleHost('file.save', async (e, payload) => {
    const r = HOST_SCHEMAS['file.save'].safeParse(payload);
    if (!trusted(e) || !r.success) return { ok: false, error: 'refused: untrusted sender or bad request' };
    return save(r.data.suggestedName, r.data.text, r.data.base64);
  });
  win.on('closed', () => {
    void host.dispose();
    win = null;
  });
  void win.loadURL(rendererUrl ?? APP_INDEX_URL);
}

app.on('web-contents-created', (_e, contents) => {
  // Navigation, redirects, new windows and webviews are never needed: block them all, in every
  // frame (will-navigate covers the main frame only).
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-frame-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
});

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) =>
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } }),
  );
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  // Checks (synchronous queries such as navigator.permissions) are refused as well as requests.
  session.defaultSession.setPermissionCheckHandler(() => false);
  protocol.handle(APP_SCHEME, serveApp);
  thread = startMainHost(app.getPath('userData'), argvFiles(), new URL(`./${BUNDLED_ENTRY}`, import.meta.url), (line) => console.error(line));
  buildMenu();
  createWindow(thread);
});

app.on('window-all-closed', () => app.quit());

// Runs still going stop and their session files close before the process ends (bounded).
app.on('will-quit', (e) => {
  const t = thread;
  if (!t) return;
  thread = null;
  e.preventDefault();
  void stopMainHost(t).finally(() => app.quit());
});
