// The NAT box: a real TCP proxy between device and server with one mapping per connection and an
// idle timer on the virtual clock. FACTS: NAT and middleboxes — an expired mapping is forgotten;
// later packets from outside are dropped; the next packet from inside is dropped or answered with
// a RST; endpoints learn only when they send.
import net from 'node:net';
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { TrackedSocket, Wire } from './traffic-ledger.ts';
import { LineSplitter, verbOf } from '../../../shared/protocol.ts';
import { dial, listen } from './loopback.ts';

export type NatExpiry = 'silent-drop' | 'reset';
export type NatRefresh = 'both' | 'outbound';

export interface NatOptions {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
  idleTimeoutSec: number;
  onExpiry: NatExpiry;
  refreshOn: NatRefresh;
}

/** One flow through the box: the device-side and server-side sockets and the idle timer. */
interface NatMapping {
  id: number;
  state: 'connecting' | 'active' | 'expired' | 'closed';
  down: TrackedSocket;
  up: TrackedSocket | null;
  /** Device bytes that arrived before the server-side connect completed. */
  queued: string[];
  lastActivity: number;
  timer: Timer | null;
  labelUp: LineSplitter;
  labelDown: LineSplitter;
}

export class NatBox {
  private server: net.Server | null = null;
  private mappings = new Set<NatMapping>();
  private nextId = 1;
  port = 0;

  constructor(
    private readonly opts: NatOptions,
    private readonly clock: Clock,
    private readonly wire: Wire,
    private readonly rec: Recorder,
  ) {}

  get address(): string {
    return `${this.opts.listenHost}:${this.port}`;
  }

  async start(): Promise<void> {
    const l = await listen(this.wire, this.opts.listenHost, this.opts.listenPort, (s) => this.accept(s));
    this.server = l.server;
    this.port = l.port;
  }

  private accept(socket: net.Socket): void {
    const m = { queued: [] as string[], labelUp: new LineSplitter(), labelDown: new LineSplitter() } as unknown as NatMapping;
    this.wire.adopt(socket, 'server', {
      onReady: (ts) => {
        m.down = ts;
        this.open(m);
      },
      onData: (chunk) => this.fromDevice(m, chunk),
      onClose: (err) => this.closed(m, 'device', err),
    });
  }

  private open(m: NatMapping): void {
    m.id = this.nextId++;
    m.state = 'connecting';
    m.lastActivity = this.clock.now();
    this.mappings.add(m);
    this.rec.record({ kind: 'nat', op: 'created', mapping: m.id });
    this.armIdle(m);
    dial(
      this.wire,
      this.opts.targetHost,
      this.opts.targetPort,
      {
        onReady: (ts) => {
          m.up = ts;
          this.upReady(m);
        },
        onData: (chunk) => this.fromServer(m, chunk),
        onClose: (err) => this.closed(m, 'server', err),
      },
      (e) => {
        if (m.state !== 'connecting') return;
        m.state = 'closed';
        this.forget(m);
        this.rec.record({ kind: 'nat', op: 'refused', mapping: m.id, reason: e.code ?? e.message });
        m.down.reset();
      },
    );
  }

  private upReady(m: NatMapping): void {
    if (m.state !== 'connecting') return m.up?.end();
    m.state = 'active';
    for (const q of m.queued) this.forward(m, 'up', q);
    m.queued = [];
  }

  private fromDevice(m: NatMapping, chunk: Buffer): void {
    const text = chunk.toString('latin1');
    if (m.state === 'expired') {
      // The box has forgotten this flow; the device's packet gets a RST (FACTS: NAT and middleboxes).
      m.state = 'closed';
      this.rec.record({ kind: 'nat', op: 'rst', mapping: m.id, side: 'device', reason: 'packet for an expired mapping' });
      m.down.reset();
      return;
    }
    if (m.state === 'connecting') m.queued.push(text);
    else if (m.state === 'active') this.forward(m, 'up', text);
  }

  private fromServer(m: NatMapping, chunk: Buffer): void {
    const text = chunk.toString('latin1');
    if (m.state === 'expired' || m.state === 'closed') {
      for (const line of m.labelDown.push(text)) this.rec.record({ kind: 'nat', op: 'drop', mapping: m.id, dir: 'down', verb: verbOf(line) });
      return;
    }
    this.forward(m, 'down', text);
  }

  private forward(m: NatMapping, dir: 'up' | 'down', text: string): void {
    const refreshed = dir === 'up' || this.opts.refreshOn === 'both';
    if (refreshed) m.lastActivity = this.clock.now();
    for (const line of (dir === 'up' ? m.labelUp : m.labelDown).push(text)) {
      this.rec.record({ kind: 'nat', op: 'forward', mapping: m.id, dir, verb: verbOf(line), refreshed });
    }
    (dir === 'up' ? m.up : m.down)?.write(text);
  }

  /**
   * The idle timer is set for the deadline and, when it fires, re-armed if traffic moved the
   * deadline meanwhile: one timer per idle period instead of one per packet.
   */
  private armIdle(m: NatMapping): void {
    const deadline = m.lastActivity + this.opts.idleTimeoutSec * 1000;
    m.timer = this.clock.after(Math.max(0, deadline - this.clock.now()), () => {
      m.timer = null;
      if (m.state !== 'active' && m.state !== 'connecting') return;
      if (m.lastActivity + this.opts.idleTimeoutSec * 1000 > this.clock.now()) return this.armIdle(m);
      this.expire(m, 'idle', this.opts.onExpiry);
    });
  }

  private expire(m: NatMapping, reason: 'idle' | 'network-change', how: NatExpiry): void {
    this.clock.cancel(m.timer);
    m.timer = null;
    this.rec.record({ kind: 'nat', op: 'expired', mapping: m.id, reason });
    if (how === 'silent-drop') {
      m.state = 'expired';
      return;
    }
    // 'reset': RST both sides at the same virtual instant; the server side a timer later so the
    // order in which the two ends learn is always the same.
    m.state = 'closed';
    this.forget(m);
    this.rec.record({ kind: 'nat', op: 'rst', mapping: m.id, side: 'both', reason: 'mapping expired' });
    m.down.reset();
    this.clock.after(0, () => m.up?.reset());
  }

  /**
   * A network change (Wi-Fi to cellular): the device's old interface is gone, so its socket fails
   * at once (a RST toward the device), and the new network has none of the old mappings, so the
   * server's later bytes on the old flow vanish (FACTS: NAT and middleboxes). The RST toward the
   * device is a model assumption (FACTS: Network change): the old interface's sockets fail at once.
   */
  networkChange(): void {
    for (const m of [...this.mappings]) {
      if (m.state !== 'active' && m.state !== 'connecting') continue;
      this.expire(m, 'network-change', 'silent-drop');
      this.rec.record({ kind: 'nat', op: 'rst', mapping: m.id, side: 'device', reason: 'network change' });
      m.down.reset();
    }
  }

  private closed(m: NatMapping, by: 'device' | 'server', err: NodeJS.ErrnoException | null): void {
    const wasLive = m.state === 'active' || m.state === 'connecting';
    if (m.state === undefined) return; // never rendezvoused
    m.state = 'closed';
    this.forget(m);
    if (wasLive) {
      this.rec.record({ kind: 'nat', op: 'closed', mapping: m.id, side: by, reason: err?.code ?? 'FIN' });
      // Pass the close on: a RST as a RST, a FIN as a FIN.
      const other = by === 'device' ? m.up : m.down;
      if (err?.code === 'ECONNRESET') other?.reset();
      else other?.end();
    }
    // A forgotten (expired) flow passes nothing on: the other end learns only when it sends.
  }

  private forget(m: NatMapping): void {
    this.clock.cancel(m.timer);
    m.timer = null;
    this.mappings.delete(m);
  }

  async stop(): Promise<void> {
    for (const m of this.mappings) {
      this.clock.cancel(m.timer);
      m.down.socket.destroy();
      m.up?.socket.destroy();
    }
    this.mappings.clear();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
