// Who may talk to `lifeline serve`: only pages it served itself, addressed by a name that is this
// server's own. A web page the user visits elsewhere can point a DNS name at 127.0.0.1 (DNS
// rebinding) and then reads our responses as same-origin; refusing any Host that is not one of our
// own names (loopback names, or this machine's addresses when bound to all interfaces) stops that.
import os from 'node:os';

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '::1'];
const WILDCARDS = ['0.0.0.0', '::', ''];

export class RequestGuard {
  constructor(
    private readonly bindHost: string,
    private readonly port: () => number,
  ) {}

  /** The host names this server answers to. Interface addresses are read per call: they change. */
  private names(): Set<string> {
    const names = new Set(LOOPBACK_NAMES);
    const bound = bare(this.bindHost);
    if (WILDCARDS.includes(bound)) {
      for (const list of Object.values(os.networkInterfaces())) for (const a of list ?? []) names.add(bare(a.address));
    } else names.add(bound);
    return names;
  }

  /** A `Host` header (host:port) that names this server. */
  hostOk(host: string | undefined): boolean {
    if (!host) return false;
    return this.authorityOk(`http://${host}`, 'http:');
  }

  /** An `Origin` header that is a page this server served: http, our name, our port. */
  originOk(origin: string | undefined): boolean {
    if (!origin) return false;
    return this.authorityOk(origin, 'http:');
  }

  private authorityOk(url: string, scheme: string): boolean {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return false;
    }
    if (u.protocol !== scheme || u.username || u.password) return false;
    const port = u.port === '' ? 80 : Number(u.port);
    return port === this.port() && this.names().has(bare(u.hostname));
  }
}

function bare(host: string): string {
  return host.replace(/^\[|\]$/g, '').toLowerCase();
}
