// Browser mode: the LifelineApi over a WebSocket to `lifeline serve`. File dialogs happen in the
// page (a file picker, a download), so the server never touches the user's files.
import { API_METHOD_CHANNELS, MAX_WS_MESSAGE_BYTES, type LifelineApi, type PushChannels, type Result } from '../../../shared/contract.ts';
import { parseScenarioText, ScenarioError, type Scenario } from '../../../shared/scenario.ts';

type Listener<C extends keyof PushChannels> = (m: PushChannels[C]) => void;

export function createWsBridge(url: string): LifelineApi {
  let ws: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  const listeners: { [C in keyof PushChannels]: Set<Listener<C>> } = { 'run.events': new Set(), 'run.status': new Set(), 'sweep.progress': new Set() };

  const connect = (): Promise<WebSocket> => {
    if (opened) return opened;
    opened = new Promise((resolve, reject) => {
      const sock = new WebSocket(url);
      sock.onopen = () => resolve((ws = sock));
      sock.onerror = () => reject(new Error(`cannot reach the Lifeline engine at ${url}`));
      sock.onclose = (ev) => {
        opened = null;
        ws = null;
        const why = ev.reason ? `connection to the engine closed: ${ev.reason}` : 'connection to the engine closed';
        for (const w of waiting.values()) w({ ok: false, error: why });
        waiting.clear();
      };
      sock.onmessage = (ev) => {
        const msg = JSON.parse(String(ev.data));
        if (typeof msg.id === 'number') {
          waiting.get(msg.id)?.(msg.result);
          waiting.delete(msg.id);
        } else if (msg.push in listeners) {
          for (const l of listeners[msg.push as keyof PushChannels]) (l as Listener<keyof PushChannels>)(msg.message);
        }
      };
    });
    return opened;
  };

  const invoke = async (channel: string, payload: unknown): Promise<never> => {
    const sock = ws ?? (await connect());
    const id = nextId++;
    const text = JSON.stringify({ id, channel, payload });
    // The server closes the connection on a bigger frame; say why instead.
    const bytes = text.length * 3 > MAX_WS_MESSAGE_BYTES ? new TextEncoder().encode(text).byteLength : text.length;
    if (bytes > MAX_WS_MESSAGE_BYTES) return { ok: false, error: `request too large (${(bytes / 1e6).toFixed(1)} MB; the limit is ${(MAX_WS_MESSAGE_BYTES / 1e6).toFixed(1)} MB)` } as never;
    return new Promise((resolve) => {
      waiting.set(id, resolve as (r: unknown) => void);
      sock.send(text);
    });
  };

  const on = <C extends keyof PushChannels>(c: C) => (cb: Listener<C>) => {
    listeners[c].add(cb);
    return () => void listeners[c].delete(cb);
  };

  const c = API_METHOD_CHANNELS;
  return {
    host: 'browser',
    listPresets: () => invoke(c.listPresets, null),
    validateScenario: (scenario) => invoke(c.validateScenario, { scenario }),
    startRun: (req) => invoke(c.startRun, req),
    pauseRun: () => invoke(c.pauseRun, null),
    resumeRun: () => invoke(c.resumeRun, null),
    stopRun: () => invoke(c.stopRun, null),
    setSpeed: (speed) => invoke(c.setSpeed, { speed }),
    act: (action, atMs) => invoke(c.act, { action, atMs }),
    runSweep: (req) => invoke(c.runSweep, req),
    onSweepProgress: on('sweep.progress'),
    onEvents: on('run.events'),
    onStatus: on('run.status'),
    onMenu: () => () => {},
    openScenarioFile: pickScenarioFile,
    saveFile: async (name, text) => {
      const a = document.createElement('a');
      a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      return { ok: true, value: name };
    },
  };
}

function pickScenarioFile(): Promise<Result<{ scenario: Scenario; name: string }> | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.onchange = async () => {
      const f = input.files?.[0];
      if (!f) return resolve(null);
      try {
        resolve({ ok: true, value: { scenario: parseScenarioText(await f.text(), f.name), name: f.name } });
      } catch (e) {
        resolve({ ok: false, error: e instanceof ScenarioError ? e.message : String(e) });
      }
    };
    input.click();
  });
}
