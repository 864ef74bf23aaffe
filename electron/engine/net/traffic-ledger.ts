// The fast clock may jump ahead only when the system is quiescent: every byte written on every
// hop has been read at the other end, every close has been seen by the peer, every connect has
// completed (docs/design.md "The traffic ledger"). The ledger counts exactly that, for sockets whose both ends
// live in this process. Bytes waiting for a paused (suspended) app are parked, not in flight.
import type { Socket } from 'node:net';

interface End {
  tracked: boolean;
  /** Bytes the peer wrote that this end has not read. */
  unread: number;
  /** The peer closed or reset; this end has not observed it yet. */
  eofPending: boolean;
  /** Not reading: a suspended app. Its unread bytes and EOF are parked. */
  paused: boolean;
  gone: boolean;
  /** This end was destroyed or ended by us and its 'close' has not fired yet. */
  closing: boolean;
  /** This end saw EOF or an error; Node closes it next, and its 'close' has not fired yet. */
  draining: boolean;
  /** FACTS: Bytes for a suspended app; What wakes a VoIP app — the kernel sees what arrives for a sleeping app. */
  onParked: ((what: 'data' | 'close') => void) | null;
  /** FACTS: TCP retransmission timeout — bytes this end sent were dropped on the way: no ACK will come. */
  onUnacked: (() => void) | null;
  onReady: ((ts: TrackedSocket) => void) | null;
  ts: TrackedSocket | null;
}

/**
 * A connection between two in-process ends, keyed by the client's ephemeral port and the server's
 * port: Linux hands the same ephemeral port to connections to different destinations at once (a
 * long-lived push-service connection and a fresh one to the NAT box, say), so the client's port
 * alone does not name one connection.
 */
interface Link {
  client: End;
  server: End;
}

type Role = 'client' | 'server';

const newEnd = (): End => ({
  tracked: false, unread: 0, eofPending: false, paused: false, gone: false, closing: false, draining: false, onParked: null, onUnacked: null, onReady: null, ts: null,
});

/** One end of a connection, as the components use it. Every write and close goes through here. */
export interface TrackedSocket {
  readonly socket: Socket;
  write(text: string): void;
  /** Graceful close (FIN). */
  end(): void;
  /** Abortive close (RST). FACTS: NAT and middleboxes — the next packet is answered with a RST. */
  reset(): void;
  pause(): void;
  resume(): void;
  /**
   * What was just read from this socket is dropped on the floor (a NAT that forgot the flow). Both
   * ends are in this process, and the box is a proxy whose kernel already acknowledged the bytes:
   * this tells the sender's end that, end to end, no ACK will ever come (FACTS: TCP retransmission
   * timeout). A peer outside the process got its ACK from our kernel, so there it does nothing.
   */
  withholdAck(): void;
  readonly open: boolean;
}

export interface Wire {
  /** Marks async work (connect, listen, close of a server) the clock must wait for. */
  begin(): () => void;
  /**
   * Adopts a connected socket. `onReady` runs once both ends are adopted: the accepting end's
   * callback first, then the connecting end's, so that who-learns-first is always the same.
   */
  adopt(socket: Socket, role: Role, handlers: {
    onData: (chunk: Buffer) => void;
    onClose: (err: NodeJS.ErrnoException | null) => void;
    onReady: (ts: TrackedSocket) => void;
    onParked?: (what: 'data' | 'close') => void;
    /** What this end sent was dropped on the way (the peer called withholdAck): its TCP retransmits in vain. */
    onUnacked?: () => void;
    /** The peer half-closed (FIN) a socket opened with allowHalfOpen; only OpenWire calls it. */
    onEnd?: () => void;
  }): TrackedSocket;
}

export class TrafficLedger implements Wire {
  private links = new Map<string, Link>();
  private pendingOps = 0;
  /** Called whenever the system may have become quiescent. */
  onIdle: () => void = () => {};

  busy(): boolean {
    if (this.pendingOps > 0) return true;
    for (const l of this.links.values()) {
      if (l.client.tracked !== l.server.tracked) return true;
      if (inFlight(l.client) || inFlight(l.server)) return true;
    }
    return false;
  }

  /** What the clock is waiting for, in words, for a stall report. */
  describe(): string {
    const parts: string[] = [];
    if (this.pendingOps > 0) parts.push(`${this.pendingOps} connect/listen/close operation(s)`);
    for (const [port, l] of this.links) {
      if (l.client.tracked !== l.server.tracked) parts.push(`port ${port}: one end not adopted`);
      for (const [name, e] of [['client', l.client], ['server', l.server]] as const) {
        if (inFlight(e)) parts.push(`port ${port} ${name}: ${e.unread} unread bytes${e.eofPending ? ', close not seen' : ''}${e.closing || e.draining ? ', closing' : ''}`);
      }
    }
    return parts.join('; ') || 'nothing';
  }

  private settle(): void {
    if (!this.busy()) this.onIdle();
  }

  begin(): () => void {
    this.pendingOps++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.pendingOps--;
      this.settle();
    };
  }

  adopt(socket: Socket, role: Role, h: Parameters<Wire['adopt']>[2]): TrackedSocket {
    const [clientPort, serverPort] = role === 'client' ? [socket.localPort, socket.remotePort] : [socket.remotePort, socket.localPort];
    if (clientPort === undefined || serverPort === undefined) throw new Error('Invariant: adopt() needs a connected socket');
    const port = `${clientPort}→${serverPort}`;
    let link = this.links.get(port);
    if (!link || (link.client.gone && link.server.gone)) {
      link = { client: newEnd(), server: newEnd() };
      this.links.set(port, link);
    }
    const l = link;
    const me = role === 'client' ? l.client : l.server;
    const peer = role === 'client' ? l.server : l.client;
    me.tracked = true;
    me.onParked = h.onParked ?? null;
    me.onUnacked = h.onUnacked ?? null;
    me.onReady = h.onReady;

    socket.on('data', (chunk: Buffer) => {
      me.unread = Math.max(0, me.unread - chunk.length);
      h.onData(chunk);
      this.settle();
    });
    socket.on('end', () => {
      me.eofPending = false;
      me.draining = true;
    });
    let lastErr: NodeJS.ErrnoException | null = null;
    socket.on('error', (err: NodeJS.ErrnoException) => {
      lastErr = err;
      me.eofPending = false;
      me.draining = true;
    });
    socket.on('close', () => {
      // A close we asked for was already announced to the peer in closeEnd().
      const ours = me.closing;
      markGone(me);
      if (!ours && !peer.gone) this.peerSees(peer);
      if (l.client.gone && l.server.gone && this.links.get(port) === l) this.links.delete(port);
      if (!ours) h.onClose(lastErr);
      this.settle();
    });

    const ts: TrackedSocket = {
      socket,
      write: (text) => {
        if (me.gone || socket.destroyed || !socket.writable) return;
        if (!peer.gone) {
          peer.unread += Buffer.byteLength(text, 'latin1');
          if (peer.paused) peer.onParked?.('data');
        }
        socket.write(text, 'latin1');
      },
      end: () => this.closeEnd(me, peer, () => socket.destroy()),
      reset: () => this.closeEnd(me, peer, () => socket.resetAndDestroy()),
      pause: () => {
        me.paused = true;
        socket.pause();
      },
      resume: () => {
        me.paused = false;
        socket.resume();
      },
      withholdAck: () => {
        if (!peer.gone) peer.onUnacked?.();
      },
      get open() {
        return !me.gone && !me.closing;
      },
    };

    me.ts = ts;
    if (l.client.tracked && l.server.tracked) {
      // Both ends adopted: the accepting side learns first, as in a TCP handshake.
      const a = l.server.onReady;
      const b = l.client.onReady;
      l.server.onReady = l.client.onReady = null;
      if (l.server.ts) a?.(l.server.ts);
      if (l.client.ts) b?.(l.client.ts);
    }
    return ts;
  }

  private closeEnd(me: End, peer: End, close: () => void): void {
    if (me.gone || me.closing) return;
    me.closing = true;
    me.unread = 0;
    if (!peer.gone) this.peerSees(peer);
    close();
  }

  private peerSees(peer: End): void {
    peer.eofPending = true;
    if (peer.paused) peer.onParked?.('close');
  }
}

function markGone(e: End): void {
  e.gone = true;
  e.closing = false;
  e.draining = false;
  e.unread = 0;
  e.eofPending = false;
}

function inFlight(e: End): boolean {
  if (e.gone) return false;
  if (e.closing || e.draining) return true;
  return !e.paused && (e.unread > 0 || e.eofPending);
}

/**
 * The wire for components talking to the outside world (standalone `server` and `nat`): nothing
 * to wait for, nobody else to rendezvous with. Peers here may be hostile or broken, so a graceful
 * close is a real one (pending bytes, then FIN) but bounded: a peer that never closes its side is
 * destroyed after `lingerMs`. Every socket is known, so a stop can end them all at once.
 */
/** What a closing socket reads and throws away while waiting for the peer's FIN. */
const LINGER_DISCARD_BYTES = 64 * 1024;

export class OpenWire implements Wire {
  private sockets = new Set<Socket>();

  constructor(private readonly lingerMs = 5000) {}

  /** Sockets open now, lingering ones included. */
  get size(): number {
    return this.sockets.size;
  }

  begin(): () => void {
    return () => {};
  }

  adopt(socket: Socket, _role: Role, h: Parameters<Wire['adopt']>[2]): TrackedSocket {
    let lastErr: NodeJS.ErrnoException | null = null;
    let closing = false;
    this.sockets.add(socket);
    socket.on('data', h.onData);
    // Only half-open sockets (allowHalfOpen) hear the peer's FIN before their own close.
    if (h.onEnd) socket.on('end', h.onEnd);
    socket.on('error', (e: NodeJS.ErrnoException) => (lastErr = e));
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (!closing) h.onClose(lastErr);
    });
    const ts: TrackedSocket = {
      socket,
      write: (text) => {
        if (!socket.destroyed && socket.writable) socket.write(text, 'latin1');
      },
      end: () => {
        if (closing || socket.destroyed) return;
        closing = true;
        // Read and discard until the peer's FIN, so the close completes; destroy if it never comes,
        // or if the peer keeps sending instead of closing.
        socket.removeListener('data', h.onData);
        let discarded = 0;
        socket.on('data', (d: Buffer) => {
          discarded += d.length;
          if (discarded > LINGER_DISCARD_BYTES) socket.destroy();
        });
        socket.resume();
        socket.end();
        const linger = setTimeout(() => socket.destroy(), this.lingerMs);
        socket.once('close', () => clearTimeout(linger));
      },
      reset: () => {
        closing = true;
        if (!socket.destroyed) socket.resetAndDestroy();
      },
      pause: () => socket.pause(),
      resume: () => socket.resume(),
      withholdAck: () => {},
      get open() {
        return !socket.destroyed && !closing;
      },
    };
    queueMicrotask(() => h.onReady(ts));
    return ts;
  }

  /** Destroys every socket: the process is stopping. */
  closeAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
