// The heartbeat server: a real net.Server on loopback speaking the line protocol.
// FACTS: Server heartbeat — the server writes to every client on a timer; each write wakes a VoIP app.
import net from 'node:net';
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { Wire } from './traffic-ledger.ts';
import { LineChannel } from './line-channel.ts';
import type { Message } from '../../../shared/model/protocol.ts';
import { listen } from './loopback.ts';
import { ExecTimers } from '../device/exec-timers.ts';
import { HeartbeatDriver } from '../policy/heartbeat-driver.ts';
import type { HeartbeatPolicy } from '../policy/heartbeat-policy.ts';
import { FixedPolicy } from '../policy/fixed-policy.ts';
import { LINUX_TCP_GIVE_UP_SEC } from '../../../shared/model/tcp.ts';

export interface HeartbeatServerOptions {
  host: string;
  port: number;
  heartbeatSec: number | null;
  pushEverySec: number | null;
  /** Dead-peer detection: a client that leaves this many PINGs unanswered is dropped. */
  deadAfterMissed: number;
  restartDownSec: number;
  /**
   * Limits of the standalone `lifeline server`, which faces real and hostile clients; a
   * simulation leaves them unset and keeps the modelled server (docs/services.md "Limits").
   */
  service?: ServerServiceLimits;
  /** How the server's PINGs are timed (default: fixed, every heartbeatSec). */
  policy?: HeartbeatPolicy;
  /** FACTS: MQTT keep-alive — drop a client that has sent nothing for this long (1.5 × K); null: never. */
  dropSilentAfterSec?: number | null;
  /** FACTS: MQTT keep-alive — answer HELLO (CONNECT) with WELCOME (CONNACK), as a broker does. */
  welcome?: boolean;
}

export interface ServerServiceLimits {
  /** A client that has not said HELLO this long after connecting is dropped. */
  helloTimeoutSec: number;
  /** Without a heartbeat (heartbeatSec null), a client that sends no whole line this long is dropped. */
  idleTimeoutSec: number;
  /** Connections held at once; more get `ERR too many connections` and are closed. */
  maxConnections: number;
}

/**
 * What the server queues for one client that does not read (a PING flood whose PONGs nobody
 * reads) before it drops that client: memory stays bounded by clients × this. Simulations never
 * get near it: a suspended app's backlog is a few heartbeats before dead-peer detection drops it.
 */
export const CLIENT_QUEUE_LIMIT_BYTES = 1 << 20;

/** The client's timer for its kernel giving up on unacknowledged bytes. */
const GIVE_UP = 'tcp-give-up';

interface Client {
  id: number;
  ch: LineChannel;
  deviceId: string | null;
  unanswered: number;
  seq: number;
  /** The client's own timers (heartbeat, reply, silence): cancelled together when it goes. */
  timers: ExecTimers;
  beats: HeartbeatDriver;
  /** Standalone limits: the pre-HELLO or idle deadline, and when the client last sent a line. */
  limit: Timer | null;
  lastLine: number;
}

export class HeartbeatServer {
  private server: net.Server | null = null;
  private clients = new Set<Client>();
  private nextClient = 1;
  private nextPush = 1;
  private pushTimer: Timer | null = null;
  private restartTimer: Timer | null = null;
  private readonly policy: HeartbeatPolicy;
  port = 0;
  /** Set when pushes go through the push service (server.pushVia) instead of the app's socket. */
  viaPushService: ((id: number, text: string) => void) | null = null;

  constructor(
    private readonly opts: HeartbeatServerOptions,
    private readonly clock: Clock,
    private readonly wire: Wire,
    private readonly rec: Recorder,
  ) {
    this.policy = opts.policy ?? new FixedPolicy(opts.heartbeatSec);
  }

  get address(): string {
    return `${this.opts.host}:${this.port}`;
  }

  async start(): Promise<void> {
    await this.listen(this.opts.port);
    this.schedulePushes();
  }

  private async listen(port: number): Promise<void> {
    const l = await listen(this.wire, this.opts.host, port, (s) => this.accept(s), {
      onServerError: (e) => this.rec.record({ kind: 'server', op: 'err', client: 0, reason: `accept: ${e.code ?? e.message}` }),
    });
    this.server = l.server;
    this.port = l.port;
    this.rec.record({ kind: 'server', op: 'listening', client: 0 });
  }

  private accept(socket: net.Socket): void {
    const timers = new ExecTimers(this.clock);
    const c: Client = { id: this.nextClient++, ch: null as unknown as LineChannel, deviceId: null, unanswered: 0, seq: 0, timers, beats: null as unknown as HeartbeatDriver, limit: null, lastLine: this.clock.now() };
    c.beats = this.beatsFor(c, timers);
    const ts = this.wire.adopt(socket, 'server', {
      onReady: () => {},
      onData: (chunk) => c.ch.receive(chunk, (m) => this.onMessage(c, m), (reason) => this.refuse(c, reason)),
      onClose: (err) => this.gone(c, err?.code ?? 'closed by peer'),
      onUnacked: () => this.unacked(c),
    });
    c.ch = new LineChannel(ts, 'server', this.rec);
    c.ch.onSend = () => c.beats.wrote();
    const svc = this.opts.service;
    if (svc && this.clients.size >= svc.maxConnections) {
      this.rec.record({ kind: 'server', op: 'err', client: c.id, reason: 'too many connections' });
      c.ch.send({ verb: 'ERR', reason: 'too many connections' });
      ts.end();
      return;
    }
    this.clients.add(c);
    this.armHelloDeadline(c);
  }

  /** Standalone: a client must say HELLO (or ask for an IDLE probe) within helloTimeoutSec. */
  private armHelloDeadline(c: Client): void {
    const svc = this.opts.service;
    if (!svc) return;
    c.limit = this.clock.after(svc.helloTimeoutSec * 1000, () => {
      c.limit = null;
      this.refuse(c, `no HELLO within ${svc.helloTimeoutSec} s`);
    });
  }

  /**
   * Standalone, no heartbeat: a client that sends no whole line for idleTimeoutSec is dropped. One
   * timer per idle period, re-armed when it fires if a line came meanwhile (not one per line).
   */
  private armIdle(c: Client): void {
    const svc = this.opts.service;
    if (!svc || this.opts.heartbeatSec !== null) return;
    const due = c.lastLine + svc.idleTimeoutSec * 1000;
    c.limit = this.clock.after(Math.max(0, due - this.clock.now()), () => {
      c.limit = null;
      if (!this.clients.has(c)) return;
      if (c.lastLine + svc.idleTimeoutSec * 1000 > this.clock.now()) return this.armIdle(c);
      this.refuse(c, `idle for ${svc.idleTimeoutSec} s`);
    });
  }

  /** The client's heartbeat, run by the server's policy (FACTS: Heartbeat designs worth modelling). */
  private beatsFor(c: Client, timers: ExecTimers): HeartbeatDriver {
    return new HeartbeatDriver(this.policy, timers, {
      side: 'server',
      // A server has no foreground and knows nothing of the device's network.
      ctx: () => ({ now: this.clock.now(), inactive: true, foreground: false, foregroundChangedAt: 0, network: 'server' }),
      beforeBeat: () => this.stillAlive(c),
      beat: (intervalSec) => {
        c.seq++;
        c.unanswered++;
        this.rec.record({ kind: 'heartbeat', source: 'server', seq: c.seq, intervalSec });
        this.send(c, { verb: 'PING', seq: c.seq });
        return this.clients.has(c) ? c.seq : null;
      },
      giveUp: (reason) => {
        this.rec.record({ kind: 'server', op: 'dead', client: c.id, reason });
        this.drop(c);
      },
    }, this.rec);
  }

  private onMessage(c: Client, m: Message): void {
    if (this.opts.service) c.lastLine = this.clock.now();
    this.heardFrom(c);
    switch (m.verb) {
      case 'HELLO':
        if (c.deviceId !== null) return this.refuse(c, 'HELLO twice');
        c.deviceId = m.deviceId;
        this.rec.record({ kind: 'server', op: 'hello', client: c.id });
        this.clock.cancel(c.limit);
        this.armIdle(c);
        if (this.opts.welcome) this.send(c, { verb: 'WELCOME' });
        c.beats.start();
        break;
      case 'PING':
        this.send(c, { verb: 'PONG', seq: m.seq });
        break;
      case 'PONG':
        c.unanswered = 0;
        c.beats.pong(m.seq);
        break;
      case 'ACK':
      case 'ERR':
        break;
      case 'PUSH':
      case 'WELCOME':
        this.refuse(c, `${m.verb} goes from server to device`);
        break;
      case 'IDLE':
        this.idleThenPing(c, m.ms);
        break;
    }
  }

  /**
   * `lifeline probe`: echo IDLE at once (so the prober knows this server understands it), stay
   * silent on this connection for `ms` — no heartbeat either — then PING. Whether the PING
   * arrives tells the prober if the path's NAT kept the mapping that long.
   */
  private idleThenPing(c: Client, ms: number): void {
    this.send(c, { verb: 'IDLE', ms });
    c.beats.stop();
    // The silence was asked for: neither the pre-HELLO nor the idle deadline runs through it.
    // Afterwards they apply again; MAX_IDLE_MS and maxConnections bound what a client can hold.
    this.clock.cancel(c.limit);
    c.limit = null;
    c.timers.set('idle-probe', ms, () => {
      if (!this.clients.has(c)) return;
      c.lastLine = this.clock.now();
      this.send(c, { verb: 'PING', seq: ++c.seq });
      if (!this.clients.has(c)) return;
      if (c.deviceId === null) return this.armHelloDeadline(c);
      this.armIdle(c);
      c.beats.start();
    });
  }

  /**
   * FACTS: TCP retransmission timeout — what the server wrote was dropped on the way (a NAT that
   * forgot the flow): its kernel (Linux) retransmits and drops the connection when it gives up.
   */
  private unacked(c: Client): void {
    if (c.timers.has(GIVE_UP)) return;
    c.timers.set(GIVE_UP, LINUX_TCP_GIVE_UP_SEC * 1000, () => {
      if (!this.forget(c)) return;
      if (c.deviceId !== null) this.rec.record({ kind: 'server', op: 'closed', client: c.id, reason: `ETIMEDOUT: TCP gave up after retransmitting for ${LINUX_TCP_GIVE_UP_SEC} s` });
      c.ch.ts.reset();
    });
  }

  /** Dead-peer detection before each beat: a client that left deadAfterMissed PINGs unanswered is dropped. */
  private stillAlive(c: Client): boolean {
    if (!this.clients.has(c)) return false;
    if (c.unanswered < this.opts.deadAfterMissed) return true;
    this.rec.record({ kind: 'server', op: 'dead', client: c.id, reason: `${c.unanswered} PINGs unanswered` });
    this.drop(c);
    return false;
  }

  /** FACTS: MQTT keep-alive — the server MUST disconnect a client silent for 1.5 × keep-alive. */
  private heardFrom(c: Client): void {
    const sec = this.opts.dropSilentAfterSec;
    if (!sec) return;
    c.timers.set('silence', sec * 1000, () => {
      if (!this.clients.has(c)) return;
      this.rec.record({ kind: 'server', op: 'dead', client: c.id, reason: `silent for ${sec} s (1.5 × keep-alive)` });
      this.drop(c);
    });
  }

  /** Sends to a client, and drops a client whose unsent queue passes the limit (it is not reading). */
  private send(c: Client, m: Message): void {
    c.ch.send(m);
    if (c.ch.ts.socket.writableLength > CLIENT_QUEUE_LIMIT_BYTES && this.clients.has(c)) {
      this.refuse(c, `not reading: more than ${CLIENT_QUEUE_LIMIT_BYTES} bytes queued`);
    }
  }

  private refuse(c: Client, reason: string): void {
    this.rec.record({ kind: 'server', op: 'err', client: c.id, reason });
    c.ch.send({ verb: 'ERR', reason });
    this.drop(c);
  }

  private drop(c: Client): void {
    this.forget(c);
    c.ch.ts.end();
  }

  private forget(c: Client): boolean {
    if (!this.clients.delete(c)) return false;
    c.beats.stop();
    c.timers.clear();
    this.clock.cancel(c.limit);
    return true;
  }

  private gone(c: Client, reason: string): void {
    if (this.forget(c) && c.deviceId !== null) this.rec.record({ kind: 'server', op: 'closed', client: c.id, reason });
  }

  /** The newest client that said HELLO: the device's current connection, as the server sees it. */
  private current(): Client | null {
    let best: Client | null = null;
    for (const c of this.clients) if (c.deviceId !== null && (!best || c.id > best.id)) best = c;
    return best;
  }

  private schedulePushes(): void {
    const sec = this.opts.pushEverySec;
    if (sec === null) return;
    this.pushTimer = this.clock.after(sec * 1000, () => {
      this.push();
      this.schedulePushes();
    });
  }

  /** Sends a push to the device. Sent while the path is dead, it is lost: counted, not retried. */
  push(text = 'you have mail'): void {
    const id = this.nextPush++;
    const c = this.current();
    this.rec.record({ kind: 'push', op: 'sent', id });
    if (this.viaPushService) return this.viaPushService(id, text);
    if (!c) {
      this.rec.record({ kind: 'push', op: 'lost', id, reason: 'no connection' });
      return;
    }
    this.send(c, { verb: 'PUSH', id, text });
  }

  /** Closes every connection, stays down for restartDownSec, then listens on the same port. */
  restart(): void {
    this.rec.record({ kind: 'server', op: 'restart', client: 0 });
    this.closeAll();
    this.restartTimer = this.clock.after(this.opts.restartDownSec * 1000, () => {
      this.restartTimer = null;
      this.listen(this.port).catch((e: Error) => this.rec.record({ kind: 'server', op: 'err', client: 0, reason: `restart failed: ${e.message}` }));
    });
  }

  private closeAll(): void {
    for (const c of [...this.clients]) {
      this.forget(c);
      if (c.deviceId !== null) this.rec.record({ kind: 'server', op: 'closed', client: c.id, reason: 'server restart' });
      c.ch.ts.end();
    }
    const s = this.server;
    this.server = null;
    if (s) {
      const done = this.wire.begin();
      s.close(() => done());
    }
  }

  /** Stops without recording: the run is over. */
  async stop(): Promise<void> {
    this.clock.cancel(this.pushTimer);
    this.clock.cancel(this.restartTimer);
    for (const c of this.clients) {
      c.timers.clear();
      this.clock.cancel(c.limit);
      c.ch.ts.socket.destroy();
    }
    this.clients.clear();
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }
}
