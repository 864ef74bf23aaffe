// The modelled app's WebSocket client (RFC 6455) on its connection through the NAT box
// (docs/own-server.md): ws's own client, run over the app's tracked socket through a bridge, so
// every byte still goes through the traffic ledger and a suspended app's paused socket stops it.
// The app's messages become frames: HELLO → the upgrade, PING → a ping frame, PONG → the pong
// answering the server's ping, ACK → the text `ACK <id>`; a text message `<id> <text>` is a PUSH.
import type net from 'node:net';
import { Duplex } from 'node:stream';
import WebSocket from 'ws';
import type { Message } from '../../../shared/model/protocol.ts';
import type { ServerUrl } from '../../../shared/scenario/own-server.ts';
import type { Recorder } from '../recorder.ts';
import type { AppChannel } from '../net/app-channel.ts';
import type { TrackedSocket } from '../net/traffic-ledger.ts';
import { parsePush, recordFrame } from './wire-frames.ts';
import { framesOf } from './frames-of.ts';
import { wsAddress } from './ws-publisher.ts';

/**
 * The app's socket as a stream for ws: what ws writes goes out through the tracked socket, what
 * arrives is pushed in. Closing is the TCP connection's business, not ws's: after a close
 * handshake the server closes it (RFC 6455 §7.1.1), and the app hears that as any close.
 */
class SocketBridge extends Duplex {
  constructor(private readonly out: (bytes: Buffer) => void) {
    super();
  }

  override _read(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.out(chunk);
    done();
  }

  override _final(done: () => void): void {
    done();
  }
}

export class WsChannel implements AppChannel {
  onSend: (() => void) | null = null;
  private readonly up = framesOf('ws', 'client');
  private readonly down = framesOf('ws', 'server');
  private readonly bridge: SocketBridge;
  private ws: WebSocket | null = null;
  /** Sequence numbers of the app's pings still waiting for their pong, oldest first. */
  private readonly pings: number[] = [];
  /** Payloads of the server's pings the app has not answered yet (a pong echoes its ping, §5.5.3). */
  private readonly serverPings: Buffer[] = [];
  private serverPingSeq = 0;
  /** The app's handlers while it reads: ws calls back synchronously inside receive(). */
  private reading: { onMessage: (m: Message) => void; onBad: (reason: string) => void } | null = null;

  constructor(
    readonly ts: TrackedSocket,
    private readonly rec: Recorder,
    private readonly url: ServerUrl,
  ) {
    this.bridge = new SocketBridge((bytes) => this.wrote(bytes));
    // Gone for good: ws lets go of the stream and any timer of its own.
    ts.socket.once('close', () => this.bridge.destroy());
  }

  private get open(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  send(m: Message): void {
    switch (m.verb) {
      case 'HELLO':
        return this.connect();
      case 'PING':
        if (!this.open) return;
        this.pings.push(m.seq);
        return this.ws!.ping();
      case 'PONG': {
        const payload = this.serverPings.shift();
        if (payload && this.open) this.ws!.pong(payload);
        return;
      }
      case 'ACK':
        if (this.open) this.ws!.send(`ACK ${m.id}`);
        return;
      default:
        return;
    }
  }

  receive(chunk: Buffer, onMessage: (m: Message) => void, onBad: (reason: string) => void): void {
    for (const f of this.down.push(chunk)) recordFrame(this.rec, 'device', 'recv', f);
    if (this.down.problem) return onBad(this.down.problem);
    this.reading = { onMessage, onBad };
    try {
      this.bridge.push(chunk);
    } finally {
      this.reading = null;
    }
  }

  private connect(): void {
    // The app answers pings itself (autoPong off), so a suspended app answers only once it runs.
    const ws = new WebSocket(wsAddress(this.url), {
      createConnection: () => this.bridge as unknown as net.Socket,
      perMessageDeflate: false,
      autoPong: false,
      followRedirects: false,
    });
    this.ws = ws;
    ws.on('ping', (payload: Buffer) => {
      this.serverPings.push(payload);
      this.reading?.onMessage({ verb: 'PING', seq: ++this.serverPingSeq });
    });
    ws.on('pong', () => this.reading?.onMessage({ verb: 'PONG', seq: this.pings.shift() ?? 0 }));
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      // Someone else's message is shown as a frame but is not one of Lifeline's pushes.
      const push = isBinary ? null : parsePush(data.toString('utf8'));
      if (push) this.reading?.onMessage({ verb: 'PUSH', id: push.id, text: push.text });
    });
    // A refused upgrade or a broken frame while the app reads ends the connection; an error after
    // the socket closed (ws tidying up) has nobody to tell.
    ws.on('error', (e: Error) => this.reading?.onBad(e.message));
  }

  /** Every byte ws writes: logged frame by frame, then sent through the ledger. */
  private wrote(bytes: Buffer): void {
    for (const f of this.up.push(bytes)) recordFrame(this.rec, 'device', 'send', f);
    this.ts.write(bytes.toString('latin1'));
    this.onSend?.();
  }
}
