// The NAT box: a real TCP proxy between device and server with one mapping per connection and an
// idle timer on the virtual clock. FACTS: What an expired mapping does — the mapping is forgotten
// (nothing happens at expiry) or both ends get a RST; a forgotten flow's packets from outside are
// dropped, and the next packet from inside is dropped or answered with a RST; endpoints learn only
// when they send.
import net from 'node:net';
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { TrackedSocket, Wire } from './traffic-ledger.ts';
import { LineSplitter, verbOf } from '../../../shared/model/protocol.ts';
import type { NatExpiry } from '../../../shared/scenario/scenario.ts';
import type { FrameLabel } from '../../../shared/model/frame-labels.ts';
import { dial, listen, type SocketOptions } from './loopback.ts';

export type { NatExpiry };
export type NatRefresh = 'both' | 'outbound';

export interface NatOptions {
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
  idleTimeoutSec: number;
  onExpiry: NatExpiry;
  refreshOn: NatRefresh;
  /**
   * Limits of the standalone `lifeline nat`, which faces real and hostile peers; a simulation
   * leaves them unset and keeps the modelled behaviour (docs/services.md "Limits").
   */
  service?: NatServiceLimits;
  /**
   * The wire of the server side. Default: the box's own (a server in this process). Your own
   * server lives outside the process, so its side is outside the traffic ledger (docs/own-server.md).
   */
  upstream?: Wire;
  /** Splits what the box forwards into frames, only to label its events. Default: the line protocol's lines. */
  frames?: (dir: 'up' | 'down') => FrameLabeler;
}

/** Labels the frames in a direction's bytes as they pass; partial frames wait for their rest. */
export interface FrameLabeler {
  labels(text: string): (FrameLabel | '?')[];
}

function lineLabels(): FrameLabeler {
  const lines = new LineSplitter();
  return { labels: (text) => lines.push(text).map(verbOf) };
}

export interface NatServiceLimits {
  /** Connections held at once (expired flows still holding sockets included); more are refused. */
  maxConnections: number;
  /**
   * An expired flow's sockets are released this long after expiry at the latest, and at once
   * when either side closes: a real NAT keeps no socket for a forgotten flow, but this one does.
   */
  releaseExpiredSec: number;
}

/**
 * Relay flow control: a side whose bytes wait unsent past this is not read until the other side
 * drains (pause()/'drain'), so memory is bounded by flows × this whatever a peer does. Simulations
 * never get near it: a suspended app's backlog is a few heartbeats, since the server drops a client
 * after deadAfterMissed unanswered PINGs and a push wakes a VoIP app; and if one did, pause() is
 * the ledger's pause, so the bytes held back count as parked and the fast clock does not stall.
 */
export const RELAY_HIGH_WATER_BYTES = 1 << 20;

/** One flow through the box: the device-side and server-side sockets and the idle timer. */
interface NatMapping {
  id: number;
  /** expired: forgotten by the box, which still holds the proxy's sockets (they stand for the endpoints). */
  state: 'connecting' | 'active' | 'expired' | 'closed';
  /** Once forgotten: what a packet from inside meets (FACTS: What an expired mapping does). */
  inside: 'drop' | 'reset';
  down: TrackedSocket;
  up: TrackedSocket | null;
  /** Device bytes that arrived before the server-side connect completed. */
  queued: string[];
  queuedBytes: number;
  /** The device half-closed before the server-side connect completed. */
  finQueued: boolean;
  /** Which side is not being read because the other has too much unsent (flow control). */
  held: { up: boolean; down: boolean };
  lastActivity: number;
  timer: Timer | null;
  labelUp: FrameLabeler;
  labelDown: FrameLabeler;
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

  /** Standalone only: half-closes pass through (a PING then FIN still gets its PONG back). */
  private get sockets(): SocketOptions {
    return {
      allowHalfOpen: this.opts.service !== undefined,
      onServerError: (e) => this.rec.record({ kind: 'nat', op: 'refused', mapping: 0, side: 'device', reason: `accept: ${e.code ?? e.message}` }),
    };
  }

  async start(): Promise<void> {
    const l = await listen(this.wire, this.opts.listenHost, this.opts.listenPort, (s) => this.accept(s), this.sockets);
    this.server = l.server;
    this.port = l.port;
    const svc = this.opts.service;
    if (svc) {
      // The kernel's accept queue refuses past the limit: Node closes the new socket at once.
      l.server.maxConnections = svc.maxConnections;
      l.server.on('drop', () => this.rec.record({ kind: 'nat', op: 'refused', mapping: 0, side: 'device', reason: `more than ${svc.maxConnections} connections` }));
    }
  }

  private accept(socket: net.Socket): void {
    const label = this.opts.frames ?? lineLabels;
    const m = { queued: [] as string[], queuedBytes: 0, finQueued: false, held: { up: false, down: false }, labelUp: label('up'), labelDown: label('down') } as unknown as NatMapping;
    this.wire.adopt(socket, 'server', {
      onReady: (ts) => {
        m.down = ts;
        this.open(m);
      },
      onData: (chunk) => this.fromDevice(m, chunk),
      onClose: (err) => this.closed(m, 'device', err),
      onEnd: () => this.halfClosed(m, 'device'),
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
      this.opts.upstream ?? this.wire,
      this.opts.targetHost,
      this.opts.targetPort,
      {
        onReady: (ts) => {
          m.up = ts;
          this.upReady(m);
        },
        onData: (chunk) => this.fromServer(m, chunk),
        onClose: (err) => this.closed(m, 'server', err),
        onEnd: () => this.halfClosed(m, 'server'),
      },
      (e) => {
        if (m.state !== 'connecting') return;
        m.state = 'closed';
        this.forget(m);
        this.rec.record({ kind: 'nat', op: 'refused', mapping: m.id, reason: e.code ?? e.message });
        m.down.reset();
      },
      this.sockets,
    );
  }

  private upReady(m: NatMapping): void {
    if (m.state !== 'connecting') return m.up?.end();
    m.state = 'active';
    for (const q of m.queued) this.forward(m, 'up', q);
    if (m.queuedBytes > RELAY_HIGH_WATER_BYTES) m.down.resume();
    m.queued = [];
    m.queuedBytes = 0;
    if (m.finQueued) m.up?.socket.end();
  }

  private fromDevice(m: NatMapping, chunk: Buffer): void {
    const text = chunk.toString('latin1');
    if (m.state === 'expired') {
      // The box has forgotten this flow (FACTS: What an expired mapping does): the device's packet
      // is dropped, and its TCP retransmits until it gives up; or it is answered with a RST.
      if (m.inside === 'drop') return this.dropped(m, 'up', text);
      m.state = 'closed';
      this.rec.record({ kind: 'nat', op: 'rst', mapping: m.id, side: 'device', reason: 'packet for an expired mapping' });
      m.down.reset();
      return;
    }
    if (m.state === 'connecting') {
      m.queued.push(text);
      m.queuedBytes += text.length;
      // Flow control before the server side exists: stop reading; upReady() resumes.
      if (m.queuedBytes > RELAY_HIGH_WATER_BYTES) m.down.pause();
    } else if (m.state === 'active') this.forward(m, 'up', text);
  }

  private fromServer(m: NatMapping, chunk: Buffer): void {
    const text = chunk.toString('latin1');
    if (m.state === 'expired' || m.state === 'closed') return this.dropped(m, 'down', text);
    this.forward(m, 'down', text);
  }

  /** Bytes of a forgotten flow are dropped: nobody acknowledges them, so the sender's TCP retransmits in vain. */
  private dropped(m: NatMapping, dir: 'up' | 'down', text: string): void {
    for (const verb of (dir === 'up' ? m.labelUp : m.labelDown).labels(text)) this.rec.record({ kind: 'nat', op: 'drop', mapping: m.id, dir, verb });
    (dir === 'up' ? m.down : m.up)?.withholdAck();
  }

  private forward(m: NatMapping, dir: 'up' | 'down', text: string): void {
    // `both`: every packet refreshes. `outbound`: packets from inside do, and so do the ACKs the
    // device's kernel sends for bytes from outside, whether or not the app reads them (RFC 4787
    // REQ-6 refreshes per packet; FACTS: Mapping refresh direction): bytes that reach an open
    // device socket draw one.
    const refreshed = dir === 'up' || this.opts.refreshOn === 'both' || m.down.open;
    if (refreshed) m.lastActivity = this.clock.now();
    for (const verb of (dir === 'up' ? m.labelUp : m.labelDown).labels(text)) {
      this.rec.record({ kind: 'nat', op: 'forward', mapping: m.id, dir, verb, refreshed });
    }
    const to = dir === 'up' ? m.up : m.down;
    if (!to) return;
    to.write(text);
    if (to.socket.writableLength > RELAY_HIGH_WATER_BYTES) this.hold(m, dir);
  }

  /** Stops reading the side that sends `dir` until the other side's unsent bytes drain. */
  private hold(m: NatMapping, dir: 'up' | 'down'): void {
    const from = dir === 'up' ? m.down : m.up;
    const to = dir === 'up' ? m.up : m.down;
    if (!from || !to || m.held[dir]) return;
    m.held[dir] = true;
    from.pause();
    to.socket.once('drain', () => {
      m.held[dir] = false;
      from.resume();
    });
  }

  /**
   * The idle timer is set for the deadline and, when it fires, re-armed if traffic moved the
   * deadline meanwhile: one timer per idle period instead of one per packet.
   */
  private armIdle(m: NatMapping): void {
    const due = m.lastActivity + this.opts.idleTimeoutSec * 1000;
    m.timer = this.clock.after(Math.max(0, due - this.clock.now()), () => {
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
    if (how !== 'reset-both') {
      // Forgotten, and nothing happens now: each end learns only when it sends.
      m.state = 'expired';
      m.inside = how === 'drop' ? 'drop' : 'reset';
      const svc = this.opts.service;
      if (svc) m.timer = this.clock.after(svc.releaseExpiredSec * 1000, () => this.release(m));
      return;
    }
    // 'reset-both' (firewalls that reset on timeout): RST both sides at the same virtual instant;
    // the server side a timer later so the order in which the two ends learn is always the same.
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
  networkChange(next?: Pick<NatOptions, 'idleTimeoutSec' | 'onExpiry' | 'refreshOn'>): void {
    for (const m of [...this.mappings]) {
      if (m.state !== 'active' && m.state !== 'connecting') continue;
      this.expire(m, 'network-change', 'drop');
      this.rec.record({ kind: 'nat', op: 'rst', mapping: m.id, side: 'device', reason: 'network change' });
      m.down.reset();
    }
    // The new network's NAT applies to every mapping from now on.
    if (next) Object.assign(this.opts, next);
  }

  /**
   * A FIN from one side of a half-open (standalone) flow: passed on as a FIN, and the other
   * direction keeps flowing until that side closes too. On a forgotten flow it releases both.
   */
  private halfClosed(m: NatMapping, by: 'device' | 'server'): void {
    if (m.state === 'expired') return this.release(m);
    if (m.state !== 'active' && m.state !== 'connecting') return;
    const other = by === 'device' ? m.up : m.down;
    if (other?.open) other.socket.end();
    else if (by === 'device' && m.state === 'connecting') m.finQueued = true; // upReady passes it on
  }

  /**
   * Standalone only: lets go of an expired flow's sockets (FACTS: What an expired mapping does).
   * A proxy cannot withhold the TCP ACKs its kernel already sent, so a real device whose bytes
   * were dropped does not retransmit; this RST is how it learns.
   */
  private release(m: NatMapping): void {
    if (m.state !== 'expired') return;
    m.state = 'closed';
    this.forget(m);
    this.rec.record({ kind: 'nat', op: 'closed', mapping: m.id, side: 'both', reason: 'expired flow released' });
    m.down.reset();
    m.up?.reset();
  }

  private closed(m: NatMapping, by: 'device' | 'server', err: NodeJS.ErrnoException | null): void {
    if (m.state === undefined) return; // never rendezvoused
    if (m.state === 'expired' && this.opts.service) return this.release(m);
    const wasLive = m.state === 'active' || m.state === 'connecting';
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
