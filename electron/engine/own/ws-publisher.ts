// Lifeline's own WebSocket client straight to your server (not through the NAT box): for the push
// endpoint it stays open and sends each push as the text `<id> <text>`, which the server passes on
// to the device's connection (docs/own-server.md says what the server must offer). Opening it is
// also the check that a URL is right, before the run starts.
import WebSocket from 'ws';
import type { ServerUrl } from '../../../shared/scenario/own-server.ts';
import { connectError, CONNECT_TIMEOUT_MS } from './connect-error.ts';

/** The URL to open, credentials included (ws sends them as HTTP Basic authentication). */
export function wsAddress(url: ServerUrl): string {
  const host = url.host.includes(':') ? `[${url.host}]` : url.host;
  const auth = url.username !== undefined ? `${encodeURIComponent(url.username)}${url.password !== undefined ? `:${encodeURIComponent(url.password)}` : ''}@` : '';
  return `ws://${auth}${host}:${url.port}${url.path}`;
}

/**
 * What an error before the upgrade's answer means. Node's HTTP client reports a peer that hangs up
 * before answering as ECONNRESET ("socket hang up", or "read ECONNRESET" when it reset) and bytes
 * that are not HTTP as an HPE_ code: both say the peer is no WebSocket server, not that the
 * connection could not be made.
 */
function upgradeError(e: NodeJS.ErrnoException): string {
  if (e.code?.startsWith('HPE_')) return `not a WebSocket server? its answer to the upgrade is not HTTP (${e.message})`;
  return e.code ? connectError(e, 'the server closed the connection before answering the upgrade (is it a WebSocket server?)') : `the upgrade failed: ${e.message}`;
}

export class WsPublisher {
  /** Why the connection is gone, once it is. */
  lost: string | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('close', (code: number) => (this.lost ??= `the server closed the push connection (${code})`));
    ws.on('error', () => {});
  }

  /** Opens a WebSocket to `url`; rejects with one line saying what went wrong. */
  static connect(url: ServerUrl): Promise<WsPublisher> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(wsAddress(url), { perMessageDeflate: false, followRedirects: false, handshakeTimeout: CONNECT_TIMEOUT_MS });
      const fail = (why: string) => {
        ws.removeAllListeners();
        ws.on('error', () => {});
        ws.terminate();
        reject(new Error(why));
      };
      ws.once('unexpected-response', (_req, res) => fail(`the server answered the upgrade with HTTP ${res.statusCode}${res.statusMessage ? ` ${res.statusMessage}` : ''}, not 101 Switching Protocols`));
      ws.once('error', (e: NodeJS.ErrnoException) => fail(upgradeError(e)));
      ws.once('close', () => fail('the server closed the connection during the upgrade'));
      ws.once('open', () => {
        ws.removeAllListeners();
        resolve(new WsPublisher(ws));
      });
    });
  }

  /** Sends `text`; false when the connection is gone. */
  publish(text: string): boolean {
    if (this.lost || this.ws.readyState !== WebSocket.OPEN) return false;
    this.ws.send(text);
    return true;
  }

  close(): void {
    this.lost ??= 'closed';
    this.ws.terminate();
  }
}
