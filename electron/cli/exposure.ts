// `server`, `nat` and `serve` bind loopback by default; binding anything else puts them in reach of
// every machine on the network, which the user should see said once, plainly.
import net from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  return net.isIPv4(h) && h.startsWith('127.');
}

/** One line on stderr when `host` is not a loopback address. */
export function warnIfExposed(host: string, what: string): void {
  if (isLoopbackHost(host)) return;
  console.error(`lifeline: warning: ${what} listens on ${host}, reachable from the network; anyone who can reach this machine can connect`);
}
