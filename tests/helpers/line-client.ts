// A plain TCP client for the line protocol, as `nc` would be: what it got, and whether it closed.
import net from 'node:net';

export interface LineClient {
  socket: net.Socket;
  got: () => string;
  closed: Promise<void>;
  /** Waits until the received text matches (or the connection closes, or `maxMs` passes). */
  until(re: RegExp, maxMs?: number): Promise<boolean>;
}

export function lineClient(port: number, o: net.NetConnectOpts | object = {}): Promise<LineClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', ...o });
    let text = '';
    let isClosed = false;
    const waiters = new Set<() => void>();
    const wake = () => waiters.forEach((w) => w());
    socket.on('data', (d) => {
      text += d.toString('latin1');
      wake();
    });
    socket.on('error', () => {});
    const closed = new Promise<void>((r) =>
      socket.once('close', () => {
        isClosed = true;
        wake();
        r();
      }),
    );
    socket.once('connect', () =>
      resolve({
        socket,
        got: () => text,
        closed,
        until: (re, maxMs = 15_000) =>
          new Promise((done) => {
            const check = () => {
              if (re.test(text) || isClosed) finish(re.test(text));
            };
            const finish = (v: boolean) => {
              clearTimeout(timer);
              waiters.delete(check);
              done(v);
            };
            const timer = setTimeout(() => finish(re.test(text)), maxMs);
            waiters.add(check);
            check();
          }),
      }),
    );
    socket.once('error', reject);
  });
}
