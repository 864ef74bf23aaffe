// Browser mode: the same renderer, served on loopback, with the same contract over a WebSocket.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { RunHost } from '../engine/run-host.ts';
import { CONTENT_SECURITY_POLICY } from '../../shared/csp.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

export interface WebServerOptions {
  host: string;
  port: number;
  /** The built renderer (electron-vite's out/renderer). */
  root: string;
}

export class WebServer {
  private http: http.Server;
  private wss: WebSocketServer;
  port = 0;

  constructor(private readonly opts: WebServerOptions) {
    this.http = http.createServer((req, res) => this.serve(req, res));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
    this.http.on('upgrade', (req, socket, head) => {
      // Only pages we served may drive the engine: refuse cross-site WebSocket connections.
      if (req.url !== '/ws' || !this.sameOrigin(req.headers.origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
    });
  }

  get url(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `http://${h}:${this.port}/`;
  }

  private sameOrigin(origin: string | undefined): boolean {
    if (!origin) return false;
    try {
      const u = new URL(origin);
      return Number(u.port) === this.port && ['127.0.0.1', 'localhost', '[::1]', this.opts.host].includes(u.hostname);
    } catch {
      return false;
    }
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(this.opts.port, this.opts.host, () => {
        this.port = (this.http.address() as { port: number }).port;
        resolve();
      });
    });
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = path.resolve(this.opts.root, rel);
    if (!file.startsWith(path.resolve(this.opts.root) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    });
    fs.createReadStream(file).pipe(res);
  }

  private connect(ws: WebSocket): void {
    const host = new RunHost((channel, message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ push: channel, message }));
    });
    ws.on('message', async (data) => {
      let msg: { id?: unknown; channel?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        ws.send(JSON.stringify({ id: null, result: { ok: false, error: 'message is not valid JSON' } }));
        return;
      }
      const id = typeof msg?.id === 'number' ? msg.id : null;
      const result = await host.handle(msg?.channel, msg?.payload ?? null);
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, result }));
    });
    ws.on('close', () => host.dispose());
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    await new Promise<void>((r) => this.http.close(() => r()));
  }
}
