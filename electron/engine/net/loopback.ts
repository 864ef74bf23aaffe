// Listening and connecting with the clock told to wait until the port is bound or the connect has
// an outcome; a connected socket is adopted by the wire at once.
import net from 'node:net';
import type { Wire } from './traffic-ledger.ts';

/** `allowHalfOpen`: a peer's FIN does not end our side; the standalone NAT passes it on instead. */
export interface SocketOptions {
  allowHalfOpen?: boolean;
  /**
   * Errors of a listening server, such as accept() failing with EMFILE when the process is out of
   * file descriptors. Without a listener Node would throw them and end the process.
   */
  onServerError?: (err: NodeJS.ErrnoException) => void;
}

export function listen(wire: Wire, host: string, port: number, onConnection: (s: net.Socket) => void, o: SocketOptions = {}): Promise<{ server: net.Server; port: number }> {
  const done = wire.begin();
  const server = net.createServer({ noDelay: true, allowHalfOpen: o.allowHalfOpen ?? false }, onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      done();
      reject(e);
    });
    server.listen(port, host, () => {
      server.on('error', (e: NodeJS.ErrnoException) => o.onServerError?.(e));
      done();
      resolve({ server, port: (server.address() as net.AddressInfo).port });
    });
  });
}

/** Connects as the client end; `onFail` hears a connect that never succeeded (e.g. ECONNREFUSED). */
export function dial(wire: Wire, host: string, port: number, handlers: Parameters<Wire['adopt']>[2], onFail: (err: NodeJS.ErrnoException) => void, o: SocketOptions = {}): void {
  const done = wire.begin();
  const s = net.connect({ host, port, noDelay: true, allowHalfOpen: o.allowHalfOpen ?? false });
  let connected = false;
  s.once('connect', () => {
    connected = true;
    done();
    wire.adopt(s, 'client', handlers);
  });
  s.once('error', (err: NodeJS.ErrnoException) => {
    if (connected) return;
    done();
    onFail(err);
  });
}
