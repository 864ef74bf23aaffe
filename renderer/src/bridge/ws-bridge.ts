// Browser mode: the LifelineApi over a WebSocket to `lifeline serve`. File dialogs happen in the
// page (a file picker, a download), so the server never touches the user's files.
import { MAX_WS_MESSAGE_BYTES, type InvokeChannel, type InvokeReq, type InvokeRes, type LifelineApi, type PushChannel, type PushChannels } from '../../../shared/contract/contract.ts';

type Listener<C extends PushChannel> = (m: PushChannels[C]) => void;

export function createWsBridge(url: string): LifelineApi {
  let ws: WebSocket | null = null;
  let opened: Promise<WebSocket> | null = null;
  let nextId = 1;
  const waiting = new Map<number, (r: unknown) => void>();
  const listeners: { [C in PushChannel]: Set<Listener<C>> } = { 'run.events': new Set(), 'run.status': new Set(), 'menu.command': new Set(), 'sweep.progress': new Set(), 'capture.progress': new Set() };

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
        } else if (typeof msg.push === 'string' && Object.hasOwn(listeners, msg.push)) {
          for (const l of listeners[msg.push as PushChannel]) (l as Listener<PushChannel>)(msg.message);
        }
      };
    });
    return opened;
  };

  // The engine answers each request with the channel's response type (RunHost's handler map is
  // typed by the same contract); the wire itself is JSON, hence the one cast.
  const invoke = async <C extends InvokeChannel>(channel: C, payload: InvokeReq<C>): Promise<InvokeRes<C>> => {
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

  return {
    host: 'browser',
    invoke,
    on: (channel, cb) => {
      listeners[channel].add(cb);
      return () => void listeners[channel].delete(cb);
    },
    // Browser mode picks files in the page (player/open-file.ts): there is no native dialog.
    openScenarioFile: async () => null,
    saveFile: async (name, text, base64) => {
      const a = document.createElement('a');
      const body = base64 ? Uint8Array.from(atob(text), (c) => c.charCodeAt(0)) : text;
      a.href = URL.createObjectURL(new Blob([body]));
      a.download = name;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      return { ok: true, value: name };
    },
  };
}
