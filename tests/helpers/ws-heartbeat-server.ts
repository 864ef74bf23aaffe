// A WebSocket server configured the way production ones are (the `ws` README's heartbeat): every
// `pingEverySec` it terminates each client that has not answered its last ping, then pings the
// rest. `/device` is the app's path; every text message arriving on `/push` is passed on unchanged
// to the newest device connection (the push endpoint docs/own-server.md asks for).
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface WsHeartbeatServer {
  port: number;
  url: string;
  pushUrl: string;
  /** Clients terminated for a missing pong. */
  terminated: number;
  stop(): Promise<void>;
}

export async function startWsServer(pingEverySec: number): Promise<WsHeartbeatServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  const alive = new Map<WebSocket, boolean>();
  const devices: WebSocket[] = [];
  const out: WsHeartbeatServer = {
    port,
    url: `ws://127.0.0.1:${port}/device`,
    pushUrl: `ws://127.0.0.1:${port}/push`,
    terminated: 0,
    stop: async () => {
      clearInterval(timer);
      for (const c of wss.clients) c.terminate();
      await new Promise((r) => wss.close(r));
    },
  };
  wss.on('connection', (ws, req) => {
    if (req.url === '/push') {
      ws.on('message', (data, isBinary) => devices.at(-1)?.send(data, { binary: isBinary }));
      return;
    }
    if (req.url !== '/device') return ws.close(1008, 'unknown path');
    devices.push(ws);
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('close', () => {
      alive.delete(ws);
      devices.splice(devices.indexOf(ws), 1);
    });
  });
  const timer = setInterval(() => {
    for (const [ws, ok] of alive) {
      if (!ok) {
        out.terminated++;
        alive.delete(ws);
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, pingEverySec * 1000);
  return out;
}
