// Browser mode: the same renderer, served on loopback, with the same contract over a WebSocket.
// It runs next to a browser that visits arbitrary sites, so every request is treated as hostile:
// nothing a request or a frame carries may throw, and only our own pages are answered.
import http from 'node:http';
import fs from 'node:fs';
import { WebSocketServer, type WebSocket } from 'ws';
import { RunHost } from '../host/run-host.ts';
import type { ClientHost, HostThread } from '../host/host-thread.ts';
import { MAX_WS_MESSAGE_BYTES } from '../../shared/contract/contract.ts';
import { RequestGuard } from './request-guard.ts';
import { contentType, resolveStatic, SECURITY_HEADERS } from './static-files.ts';
import { SessionStore } from '../capture/session-store.ts';
import { ClientQuota, DEFAULT_CLIENT_LIMITS, DEFAULT_MAX_CLIENTS, DEFAULT_MAX_UNREAD_BYTES, MAX_REQUESTS_IN_FLIGHT, type ClientLimits } from '../host/client-limits.ts';
import { formatBytes } from '../../shared/util/format-bytes.ts';

export interface WebServerOptions {
  host: string;
  port: number;
  /** The built renderer (electron-vite's out/renderer). */
  root: string;
  /** Sessions from the command line and the data folder; default: none. */
  sessions?: SessionStore;
  /**
   * The host thread to hand every client to (`serve`): this thread then only relays. Without it,
   * each client's RunHost runs here, on `sessions` (tests that drive the batch timer themselves).
   */
  hostThread?: HostThread;
  /** What each connection may have going at once (default DEFAULT_CLIENT_LIMITS). */
  limits?: ClientLimits;
  /** WebSocket connections at once (default DEFAULT_MAX_CLIENTS); more are refused with 503. */
  maxClients?: number;
  /** Unsent bytes a connection may hold before it is closed (default DEFAULT_MAX_UNREAD_BYTES). */
  maxUnreadBytes?: number;
}

export class WebServer {
  private http: http.Server;
  private wss: WebSocketServer;
  private guard: RequestGuard;
  /** Each connection's host, to stop what it runs when the server stops. */
  private hosts = new Set<ClientHost>();
  port = 0;

  constructor(private readonly opts: WebServerOptions) {
    this.guard = new RequestGuard(opts.host, () => this.port);
    this.http = http.createServer((req, res) => {
      try {
        this.serve(req, res);
      } catch {
        if (!res.headersSent) this.plain(res, 500, 'internal error');
        else res.destroy();
      }
    });
    // Scenarios the schema accepts always fit (MAX_WS_MESSAGE_BYTES); a bigger frame closes the
    // socket with 1009 and the page reports it.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
    this.http.on('upgrade', (req: http.IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
      socket.on('error', () => socket.destroy());
      // Only pages we served may drive the engine: refuse other hosts and cross-site origins.
      if (req.url !== '/ws' || !this.guard.hostOk(req.headers.host) || !this.guard.originOk(req.headers.origin)) {
        socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      const max = this.opts.maxClients ?? DEFAULT_MAX_CLIENTS;
      // Sockets, not pages served: a page dropped for not reading holds its unsent answers until
      // its close completes, and a new connection must not pile up more beside them.
      if (this.wss.clients.size >= max) {
        const why = `too many connections: at most ${max} pages at once (lifeline serve --max-clients)`;
        socket.end(`HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${why.length}\r\n\r\n${why}`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connect(ws));
    });
  }

  get url(): string {
    const h = this.opts.host.includes(':') ? `[${this.opts.host}]` : this.opts.host;
    return `http://${h}:${this.port}/`;
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

  private plain(res: http.ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8', ...extra }).end(text);
  }

  private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (!this.guard.hostOk(req.headers.host)) return this.plain(res, 421, 'misdirected request: this server answers only to its own host names');
    if (req.headers.origin !== undefined && !this.guard.originOk(req.headers.origin)) return this.plain(res, 403, 'forbidden');
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.plain(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
    // A request target that is no URL (`GET http://[`) is the client's error, not ours.
    const target = URL.parse(req.url ?? '/', 'http://x');
    if (!target) return this.plain(res, 400, 'bad request: the request target is no URL');
    const found = resolveStatic(this.opts.root, target.pathname);
    if ('status' in found) return this.plain(res, found.status, found.status === 400 ? 'bad request: malformed percent-escape in the path' : 'not found');
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': contentType(found.file) });
    if (req.method === 'HEAD') return void res.end();
    fs.createReadStream(found.file)
      .on('error', () => res.destroy())
      .pipe(res);
  }

  private connect(ws: WebSocket): void {
    const maxUnread = this.opts.maxUnreadBytes ?? DEFAULT_MAX_UNREAD_BYTES;
    // Every answer and push goes through here: a page that does not read them (a hostile client,
    // a stuck tab) would have them queue in this process until it runs out of memory.
    const send = (text: string) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount <= maxUnread) return ws.send(text);
      // The close frame waits behind the unsent bytes (ws destroys the socket if no answer comes
      // in 30 s); what the page started stops now. Its socket counts against --max-clients until
      // it is gone, so reconnecting cannot pile up more unsent bytes meanwhile.
      ws.close(1008, `this page is not reading its answers: over ${formatBytes(maxUnread)} unsent`);
      gone();
    };
    const push = (channel: string, message: unknown) => send(JSON.stringify({ push: channel, message }));
    const answer = (id: number | null, result: unknown) => send(JSON.stringify({ id, result }));
    let inFlight = 0;
    const limits = this.opts.limits ?? DEFAULT_CLIENT_LIMITS;
    const host: ClientHost = this.opts.hostThread?.client(push, limits) ?? new RunHost(push, this.opts.sessions, new ClientQuota(limits));
    this.hosts.add(host);
    // What the connection started (its run, its sweep) ends with it, once.
    const gone = () => {
      if (this.hosts.delete(host)) void host.dispose();
    };
    // A protocol error (oversized or reserved frame, bad UTF-8, unmasked frame) is the client's
    // fault: ws closes that connection; without a listener the 'error' would end the process.
    ws.on('error', () => ws.terminate());
    ws.on('message', async (data) => {
      // Closing (it stopped reading): what it still sends is not worked on.
      if (ws.readyState !== ws.OPEN) return;
      let msg: { id?: unknown; channel?: unknown; payload?: unknown };
      try {
        msg = JSON.parse(String(data));
      } catch {
        return answer(null, { ok: false, error: 'message is not valid JSON' });
      }
      const id = typeof msg?.id === 'number' ? msg.id : null;
      // Each request waiting for the host holds its payload (up to MAX_WS_MESSAGE_BYTES): bounded.
      if (inFlight >= MAX_REQUESTS_IN_FLIGHT) {
        return answer(id, { ok: false, error: `too many requests in flight: this connection has ${inFlight} awaiting their answers (at most ${MAX_REQUESTS_IN_FLIGHT}); wait for them` });
      }
      inFlight++;
      // A host answers every request, but a rejection here would be unhandled and end the process.
      const result = await host.handle(msg?.channel, msg?.payload ?? null).catch((e: unknown) => ({ ok: false, error: `internal error: ${e instanceof Error ? e.message : String(e)}` }));
      inFlight--;
      answer(id, result);
    });
    ws.on('close', gone);
  }

  /** Connections open now. */
  get clients(): number {
    return this.hosts.size;
  }

  /** Closes every connection, stops everything they started, and closes the port. */
  async stop(): Promise<void> {
    const stopping = [...this.hosts].map((h) => h.dispose());
    this.hosts.clear();
    for (const c of this.wss.clients) c.terminate();
    this.opts.sessions?.dispose();
    await Promise.all(stopping);
    await this.opts.hostThread?.stop();
    await new Promise<void>((r) => this.wss.close(() => r()));
    this.http.closeAllConnections();
    await new Promise<void>((r) => this.http.close(() => r()));
  }
}
