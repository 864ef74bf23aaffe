// The push service (APNs in the model): a real TCP hop that is not the app's own socket. The
// device's system keeps one always-on connection to it (the app has no part in keeping it), and
// the heartbeat server, as a provider, hands it pushes on a connection of its own. FACTS: PushKit
// VoIP pushes — the server sends through APNs and the system launches or wakes the app. The same
// box, marked `local`, is the Local Push server on a Wi-Fi network (FACTS: Local Push
// Connectivity), whose device end is the app's provider extension; it answers the provider's PINGs.
import type net from 'node:net';
import type { EventBody, Recorder } from '../recorder.ts';
import type { Wire } from './traffic-ledger.ts';
import type { Message } from '../../../shared/model/protocol.ts';
import { LineChannel } from './line-channel.ts';
import { dial, listen } from './loopback.ts';

interface Peer {
  ch: LineChannel;
  who: 'device' | 'provider' | null;
}

export class PushService {
  private server: net.Server | null = null;
  private peers = new Set<Peer>();
  private device: Peer | null = null;
  port = 0;

  constructor(
    private readonly wire: Wire,
    private readonly rec: Recorder,
    private readonly local = false,
  ) {}

  /** The server side knows whether its own local push server has the device (the fallback decision). */
  get deviceConnected(): boolean {
    return this.device !== null;
  }

  private record(body: Omit<Extract<EventBody, { kind: 'push.service' }>, 'kind' | 'local'>): void {
    this.rec.record({ kind: 'push.service', ...body, ...(this.local ? { local: true as const } : {}) });
  }

  async start(): Promise<void> {
    const l = await listen(this.wire, '127.0.0.1', 0, (s) => this.accept(s));
    this.server = l.server;
    this.port = l.port;
    this.record({ op: 'listening' });
  }

  private accept(socket: net.Socket): void {
    const p: Peer = { ch: null as unknown as LineChannel, who: null };
    const ts = this.wire.adopt(socket, 'server', {
      onReady: () => {},
      onData: (chunk) => p.ch.receive(chunk, (m) => this.onMessage(p, m), (reason) => this.refuse(p, reason)),
      onClose: (err) => this.gone(p, err?.code ?? 'FIN'),
    });
    p.ch = new LineChannel(ts, 'server', null);
    this.peers.add(p);
  }

  /** HELLO makes a connection the device's; PUSH makes it a provider's. */
  private onMessage(p: Peer, m: Message): void {
    if (m.verb === 'HELLO' && p.who === null) {
      p.who = 'device';
      this.device = p;
      this.record({ op: 'connected', who: 'device' });
    } else if (m.verb === 'PUSH' && p.who !== 'device') {
      if (p.who === null) this.record({ op: 'connected', who: 'provider' });
      p.who = 'provider';
      this.forward(m.id, m.text);
    } else if (m.verb === 'PING' && p.who === 'device') {
      p.ch.send({ verb: 'PONG', seq: m.seq });
    } else if (m.verb !== 'ACK' || p.who !== 'device') {
      this.refuse(p, `${m.verb} is not expected from ${p.who ?? 'a new connection'}`);
    }
  }

  private forward(id: number, text: string): void {
    const d = this.device;
    if (!d) {
      this.record({ op: 'lost', id, reason: 'the device is not connected to the push service' });
      this.rec.record({ kind: 'push', op: 'lost', id, reason: `${this.local ? 'local push server' : 'push service'}: device not connected` });
      return;
    }
    this.record({ op: 'forward', id });
    d.ch.send({ verb: 'PUSH', id, text });
  }

  private refuse(p: Peer, reason: string): void {
    p.ch.send({ verb: 'ERR', reason });
    p.ch.ts.end();
    this.gone(p, reason);
  }

  private gone(p: Peer, reason: string): void {
    if (!this.peers.delete(p)) return;
    if (this.device === p) this.device = null;
    if (p.who) this.record({ op: 'closed', who: p.who, reason });
  }

  /** Stops without recording: the run is over. */
  async stop(): Promise<void> {
    for (const p of this.peers) p.ch.ts.socket.destroy();
    this.peers.clear();
    this.device = null;
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}

/** The heartbeat server's side of the push service: one connection, PUSH lines only. */
export class PushProvider {
  private ch: LineChannel | null = null;

  constructor(
    private readonly wire: Wire,
    private readonly rec: Recorder,
  ) {}

  connect(port: number): void {
    dial(
      this.wire,
      '127.0.0.1',
      port,
      {
        onReady: (ts) => {
          this.ch = new LineChannel(ts, 'server', null);
        },
        onData: () => {},
        onClose: () => {
          this.ch = null;
        },
      },
      (err) => this.rec.record({ kind: 'push.service', op: 'closed', who: 'provider', reason: err.code ?? err.message }),
    );
  }

  /** Hands a push to the service; with no connection to it the push is lost. */
  send(id: number, text: string): void {
    if (this.ch?.ts.open) return this.ch.send({ verb: 'PUSH', id, text });
    this.rec.record({ kind: 'push', op: 'lost', id, reason: 'push service unreachable' });
  }

  stop(): void {
    this.ch?.ts.socket.destroy();
    this.ch = null;
  }
}
