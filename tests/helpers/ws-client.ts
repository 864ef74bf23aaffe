// A page's side of browser mode's WebSocket, for tests: connect with an Origin, send one raw
// request, get its answer.
import { WebSocket } from 'ws';
import type { WebServer } from '../../electron/web/web-server.ts';

export function connect(s: WebServer, origin = `http://127.0.0.1:${s.port}`): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}/ws`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

export type RpcAnswer = { id: number | null; result: { ok: boolean; error?: string; value?: unknown } };

/** Sends `raw` and resolves with the next answer; rejects if the server closes the connection first. */
export function rpc(ws: WebSocket, raw: string): Promise<RpcAnswer> {
  return new Promise((resolve, reject) => {
    const on = (d: Buffer) => {
      const m = JSON.parse(String(d));
      if ('result' in m) {
        ws.off('message', on);
        ws.off('close', closed);
        resolve(m);
      }
    };
    const closed = (code: number, reason: Buffer) => reject(new Error(`closed ${code} ${String(reason)}`));
    ws.on('message', on);
    ws.once('close', closed);
    ws.send(raw);
  });
}
