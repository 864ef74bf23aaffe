// The device's system side of the push service: one always-on connection that the system, not the
// app, keeps (FACTS: PushKit VoIP pushes), handing each push to the VoIP or the silent path.
import type { Clock } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { Wire } from '../net/traffic-ledger.ts';
import { PushEndpoint } from '../net/push-endpoint.ts';
import type { DeviceApp } from './device-app.ts';
import { VoipPushes } from './pushkit.ts';
import { SilentPushes } from './silent-pushes.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';

export class SystemPushReceiver {
  private readonly endpoint: PushEndpoint;
  private readonly silent: SilentPushes | null = null;

  constructor(
    s: Scenario,
    clock: Clock,
    wire: Wire,
    rec: Recorder,
    app: DeviceApp,
  ) {
    let onPush: (id: number) => void;
    if (s.server.pushVia === 'silent') {
      const silent = new SilentPushes(s, clock, app, rec);
      this.silent = silent;
      onPush = (id) => silent.receive(id);
    } else {
      const voip = new VoipPushes(s, app, rec);
      onPush = (id) => voip.receive(id);
    }
    this.endpoint = new PushEndpoint(wire, { onPush, onFail: (reason) => rec.record({ kind: 'push.service', op: 'closed', who: 'device', reason }) });
  }

  connect(port: number, deviceId: string): void {
    this.endpoint.connect(port, deviceId);
  }

  stop(): void {
    this.silent?.stop();
    this.endpoint.destroy();
  }
}
