// Listening and connecting with the clock told to wait until the port is bound or the connect has
// an outcome; a connected socket is adopted by the wire at once.
import net from 'node:net';
import type { Wire } from './traffic-ledger.ts';

export function listen(wire: Wire, host: string, port: number, onConnection: (s: net.Socket) => void): Promise<{ server: net.Server; port: number }> {
  const done = wire.begin();
  const server = net.createServer({ noDelay: true }, onConnection);
  return new Promise((resolve, reject) => {
    server.once('error', (e) => {
      done();
      reject(e);
    });
    server.listen(port, host, () => {
      done();
      resolve({ server, port: (server.address() as net.AddressInfo).port });
    });
  });
}

/** Connects as the client end; `onFail` hears a connect that never succeeded (e.g. ECONNREFUSED). */
export function dial(wire: Wire, host: string, port: number, handlers: Parameters<Wire['adopt']>[2], onFail: (err: NodeJS.ErrnoException) => void): void {
  const done = wire.begin();
  const s = net.connect({ host, port, noDelay: true });
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
