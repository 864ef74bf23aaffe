// The device's system side of the push service: one always-on connection that the system, not the
// app, keeps (FACTS: PushKit VoIP pushes), handing each push to the VoIP or the silent path.
import type { Clock } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { Wire } from '../net/traffic-ledger.ts';
import { LineChannel } from '../net/line-channel.ts';
import { dial } from '../net/loopback.ts';
import type { DeviceApp } from './device-app.ts';
import { VoipPushes } from './pushkit.ts';
import { SilentPushes } from './silent-pushes.ts';
import type { Scenario } from '../../../shared/scenario.ts';

export class SystemPushReceiver {
  private ch: LineChannel | null = null;
  private readonly handle: (id: number) => void;
  private readonly silent: SilentPushes | null = null;

  constructor(
    s: Scenario,
    clock: Clock,
    private readonly wire: Wire,
    private readonly rec: Recorder,
    app: DeviceApp,
  ) {
    if (s.server.pushVia === 'silent') {
      const silent = new SilentPushes(s, clock, app, rec);
      this.silent = silent;
      this.handle = (id) => silent.receive(id);
    } else {
      const voip = new VoipPushes(s, app, rec);
      this.handle = (id) => voip.receive(id);
    }
  }

  connect(port: number, deviceId: string): void {
    dial(
      this.wire,
      '127.0.0.1',
      port,
      {
        onReady: (ts) => {
          this.ch = new LineChannel(ts, 'device', null);
          this.ch.send({ verb: 'HELLO', deviceId });
        },
        onData: (chunk) =>
          this.ch?.receive(
            chunk,
            (m) => {
              if (m.verb !== 'PUSH') return;
              this.ch?.send({ verb: 'ACK', id: m.id });
              this.handle(m.id);
            },
            (reason) => this.rec.record({ kind: 'push.service', op: 'closed', who: 'device', reason: `bad line from the push service: ${reason}` }),
          ),
        onClose: () => {
          this.ch = null;
        },
      },
      (err) => this.rec.record({ kind: 'push.service', op: 'closed', who: 'device', reason: err.code ?? err.message }),
    );
  }

  stop(): void {
    this.silent?.stop();
    this.ch?.ts.socket.destroy();
    this.ch = null;
  }
}
