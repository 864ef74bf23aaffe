// The device end of a push hop (the system's APNs connection, or a Local Push provider's): says
// HELLO, acknowledges every PUSH and hands its id on. A bad line from the server ends it.
import type { Wire } from './traffic-ledger.ts';
import { LineChannel } from './line-channel.ts';
import { dial } from './loopback.ts';
import type { Message } from '../../../shared/model/protocol.ts';

export interface PushEndpointHandlers {
  onPush: (id: number) => void;
  /** The connection failed to open or was ended by a bad line; not called for a close asked for. */
  onFail: (reason: string) => void;
}

export class PushEndpoint {
  private ch: LineChannel | null = null;
  private wanted = true;

  constructor(
    private readonly wire: Wire,
    private readonly handlers: PushEndpointHandlers,
  ) {}

  get open(): boolean {
    return this.ch?.ts.open ?? false;
  }

  connect(port: number, deviceId: string): void {
    this.wanted = true;
    dial(
      this.wire,
      '127.0.0.1',
      port,
      {
        onReady: (ts) => {
          if (!this.wanted) return void ts.end();
          this.ch = new LineChannel(ts, 'device', null);
          this.ch.send({ verb: 'HELLO', deviceId });
        },
        onData: (chunk) => this.ch?.receive(chunk, (m) => this.onMessage(m), (reason) => this.fail(`bad line from the server: ${reason}`)),
        onClose: () => {
          this.ch = null;
        },
      },
      (err) => this.handlers.onFail(err.code ?? err.message),
    );
  }

  send(m: Message): void {
    this.ch?.send(m);
  }

  private onMessage(m: Message): void {
    if (m.verb !== 'PUSH') return;
    this.ch?.send({ verb: 'ACK', id: m.id });
    this.handlers.onPush(m.id);
  }

  private fail(reason: string): void {
    this.close();
    this.handlers.onFail(reason);
  }

  /** A graceful close (FIN): the provider stopped. */
  close(): void {
    this.wanted = false;
    this.ch?.ts.end();
    this.ch = null;
  }

  /** Stops without a goodbye: the run is over. */
  destroy(): void {
    this.wanted = false;
    this.ch?.ts.socket.destroy();
    this.ch = null;
  }
}
