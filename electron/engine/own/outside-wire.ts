// The server side of the NAT box when the server is your own (docs/own-server.md): real sockets to
// a process Lifeline does not run, outside the traffic ledger (docs/design.md "The traffic
// ledger": nothing to wait for, as for the standalone commands' OpenWire). On the way it records
// what the server hop carries — the server's frames, its greeting, its heartbeats and its closes —
// so a run against your server tells the same story in the same events as one against the
// built-in server. A server that answers wrongly at the start stops the run (`fatal`).
import type { Socket } from 'node:net';
import type { Clock } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import { OpenWire, type TrackedSocket, type Wire } from '../net/traffic-ledger.ts';
import type { OwnServerKind } from '../../../shared/scenario/own-server.ts';
import { recordFrame, type WireFrame } from './wire-frames.ts';
import { framesOf } from './frames-of.ts';
import { CONNACK_CODES, SUBACK_FAILURE } from './mqtt-frames.ts';

export interface OutsideOptions {
  kind: OwnServerKind;
  /** The keep-alive the app's CONNECT carries (MQTT), to name why the broker closed. */
  keepAliveSec: number;
  /** The run cannot go on: the server refused or does not speak the protocol. */
  fatal: (why: string) => void;
}

/** FACTS: MQTT keep-alive — a close 1.5 × keep-alive after the client's last packet is the broker enforcing it. */
export const MQTT_GRACE = 1.5;

/**
 * How far virtual time may run behind the server's wall clock: it stands still while in-process
 * bytes are in flight (docs/design.md "The clock"), a millisecond at a time. A close this much
 * early by virtual time still counts as the keep-alive rule.
 */
const CLOCK_LAG_MS = 250;

export class OutsideWire implements Wire {
  private readonly inner = new OpenWire();
  private nextClient = 1;

  constructor(
    private readonly o: OutsideOptions,
    private readonly clock: Clock,
    private readonly rec: Recorder,
  ) {}

  begin(): () => void {
    return this.inner.begin();
  }

  adopt(socket: Socket, role: 'client' | 'server', h: Parameters<Wire['adopt']>[2]): TrackedSocket {
    const tap = new ServerTap(this.nextClient++, this.o, this.clock, this.rec);
    // No onEnd: as on the ledger, a simulation hears a server's close as a close, not as the
    // half-close the standalone NAT passes through (which would release an expired flow).
    // The box writes through what onReady hands it: this wrapper, so the tap sees every byte.
    let wrapper: TrackedSocket | null = null;
    const ts = this.inner.adopt(socket, role, {
      onReady: () => h.onReady(wrapper!),
      onData: (chunk) => {
        tap.fromServer(chunk);
        h.onData(chunk);
      },
      onClose: (err) => {
        tap.closed(err);
        h.onClose(err);
      },
    });
    wrapper = {
      socket: ts.socket,
      write: (text) => {
        if (ts.open) tap.toServer(Buffer.from(text, 'latin1'));
        ts.write(text);
      },
      end: () => ts.end(),
      reset: () => ts.reset(),
      pause: () => ts.pause(),
      resume: () => ts.resume(),
      withholdAck: () => ts.withholdAck(),
      get open() {
        return ts.open;
      },
    };
    return wrapper;
  }
}

/** One connection to the server, as the server hop sees it. */
class ServerTap {
  private readonly up;
  private readonly down;
  /** The server accepted the client: CONNACK 0, or the upgrade's 101. */
  private greeted = false;
  private lastFromClient: number;
  /** WebSocket: when the server last pinged, and whether a pong answered it since. */
  private lastPing: number | null = null;
  private pinged = 0;
  private ponged = true;
  private closeFrame: string | null = null;

  constructor(
    private readonly client: number,
    private readonly o: OutsideOptions,
    private readonly clock: Clock,
    private readonly rec: Recorder,
  ) {
    this.up = framesOf(o.kind, 'client');
    this.down = framesOf(o.kind, 'server');
    this.lastFromClient = clock.now();
  }

  /** Bytes the NAT box passes on to the server: the server receives them. */
  toServer(bytes: Buffer): void {
    this.lastFromClient = this.clock.now();
    for (const f of this.up.push(bytes)) {
      recordFrame(this.rec, 'server', 'recv', f);
      if (f.label === 'PONG') this.ponged = true;
    }
  }

  /** Bytes from the server. */
  fromServer(bytes: Buffer): void {
    for (const f of this.down.push(bytes)) {
      recordFrame(this.rec, 'server', 'send', f);
      this.heard(f);
    }
    if (this.down.problem) this.refuse(`not ${this.o.kind === 'mqtt' ? 'an MQTT broker' : 'a WebSocket server'}? ${this.down.problem}`);
  }

  private heard(f: WireFrame): void {
    const p = f.packet;
    if (p?.cmd === 'connack') {
      const rc = p.returnCode ?? 0;
      if (rc === 0) return this.hello('CONNACK 0 (accepted)');
      return this.refuse(`the broker refused CONNECT: CONNACK ${rc} (${CONNACK_CODES[rc] ?? 'unknown code'})`);
    }
    if (p?.cmd === 'suback' && (p.granted as number[])[0] === SUBACK_FAILURE) return this.refuse(`the broker refused SUBSCRIBE: ${f.line}`);
    if (f.label === 'UPGRADE') {
      if (/^HTTP\/1\.[01] 101 /.test(f.line)) return this.hello(f.line);
      return this.refuse(`the server answered the upgrade with "${f.line}", not 101 Switching Protocols`);
    }
    if (f.label === 'PING' && this.o.kind === 'ws') {
      // FACTS: Server heartbeat — the server's ping is its heartbeat; the app's pong answers it.
      this.lastPing = this.clock.now();
      this.ponged = false;
      this.rec.record({ kind: 'heartbeat', source: 'server', seq: ++this.pinged });
    }
    if (f.label === 'CLOSE') this.closeFrame = f.line;
  }

  private hello(reason: string): void {
    this.greeted = true;
    this.rec.record({ kind: 'server', op: 'hello', client: this.client, reason });
  }

  private refuse(why: string): void {
    this.rec.record({ kind: 'server', op: 'err', client: this.client, reason: why });
    this.o.fatal(why);
  }

  /** The server closed the connection (the box's own closes are not heard here). */
  closed(err: NodeJS.ErrnoException | null): void {
    const how = err?.code === 'ECONNRESET' ? 'reset' : 'closed';
    if (!this.greeted) return this.o.fatal(`the server ${how} the connection before ${this.o.kind === 'mqtt' ? 'answering CONNECT' : 'answering the upgrade'}`);
    const dead = this.deadReason();
    const frame = this.closeFrame ? ` after ${this.closeFrame}` : '';
    this.rec.record({ kind: 'server', op: dead ? 'dead' : 'closed', client: this.client, reason: `${how} by the server${frame}${dead ? `: ${dead}` : ''}` });
  }

  /** Why the server gave up on the client, when its own rule explains the close; null otherwise. */
  private deadReason(): string | null {
    const now = this.clock.now();
    if (this.o.kind === 'mqtt') {
      // FACTS: MQTT keep-alive — the broker must disconnect a client silent for 1.5 × keep-alive.
      const k = this.o.keepAliveSec;
      const silentSec = (now - this.lastFromClient) / 1000;
      return k > 0 && silentSec * 1000 >= k * MQTT_GRACE * 1000 - CLOCK_LAG_MS ? `silent for ${round1(silentSec)} s (1.5 × keep-alive ${k} s = ${round1(k * MQTT_GRACE)} s)` : null;
    }
    return this.lastPing !== null && !this.ponged ? `its ping at ${round1(this.lastPing / 1000)} s went unanswered` : null;
  }
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
