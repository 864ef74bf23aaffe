// The app's Local Push provider (NEAppPushProvider): a Network Extension the system runs only
// while the device is on one of the app's listed Wi-Fi networks (FACTS: Local Push Connectivity):
// started on joining a listed network, stopped with noNetworkAvailable on leaving it; it keeps
// its own TCP connection to the local push server and, on each handleTimerEvent (period
// undocumented: model.localPushTimerSec), sends a heartbeat; a call it receives wakes the app.
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { Wire } from '../net/traffic-ledger.ts';
import { PushEndpoint } from '../net/push-endpoint.ts';
import type { DeviceApp } from './device-app.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';

export class LocalPushProvider {
  private readonly endpoint: PushEndpoint;
  private running = false;
  private timer: Timer | null = null;
  private seq = 0;
  /** The network the device is on, and whether its Wi-Fi is off for a while (a locked phone). */
  private network: string | null = null;
  private wifiOff = false;
  private lockTimer: Timer | null = null;
  private locked = false;

  constructor(
    private readonly s: Scenario,
    private readonly clock: Clock,
    wire: Wire,
    private readonly rec: Recorder,
    private readonly app: DeviceApp,
    private readonly server: { port: number; deviceId: string },
  ) {
    this.endpoint = new PushEndpoint(wire, {
      // The provider hands the call to the app, which reports it to CallKit.
      onPush: (id) => {
        this.app.runInBackground('local-push', this.s.model.voipWakeSec);
        this.rec.record({ kind: 'push', op: 'delivered', id });
      },
      // Reconnected at the next timer event.
      onFail: () => {},
    });
  }

  /** The device is now on `label` (null: a network the scenario does not name). */
  onNetwork(label: string | null): void {
    this.network = label;
    this.follow(`joined ${label}, a listed network`, 'noNetworkAvailable');
  }

  /**
   * The screen locks or unlocks. FACTS: Local Push Connectivity — a locked phone on battery may
   * turn Wi-Fi off for about 30 s at intervals (a field report, M/L): with
   * model.lockedWifiOffEverySec set, after each such stretch of lock Wi-Fi is off for
   * model.lockedWifiOffSec, and the provider stops until it is back. Unlocking turns it on.
   */
  onLock(locked: boolean): void {
    if (locked === this.locked) return;
    this.locked = locked;
    this.clock.cancel(this.lockTimer);
    this.lockTimer = null;
    if (locked) return this.armWifiOff();
    if (this.wifiOff) this.wifiBack();
  }

  private armWifiOff(): void {
    const everySec = this.s.model.lockedWifiOffEverySec;
    if (everySec === null) return;
    this.lockTimer = this.clock.after(everySec * 1000, () => {
      this.wifiOff = true;
      this.follow('', 'noNetworkAvailable: Wi-Fi off while the phone is locked');
      this.lockTimer = this.clock.after(this.s.model.lockedWifiOffSec * 1000, () => {
        this.wifiBack();
        this.armWifiOff();
      });
    });
  }

  private wifiBack(): void {
    this.lockTimer = null;
    this.wifiOff = false;
    this.follow(`Wi-Fi back on ${this.network}, a listed network`, 'noNetworkAvailable');
  }

  /** The system runs the provider exactly while the device has Wi-Fi on a listed network. */
  private follow(startReason: string, stopReason: string): void {
    const label = this.network;
    const listed = !this.wifiOff && label !== null && (this.s.app.localPush?.ssids.includes(label) ?? false);
    if (listed && !this.running) {
      this.running = true;
      this.rec.record({ kind: 'local-push', op: 'start', network: label, reason: startReason });
      this.endpoint.connect(this.server.port, this.server.deviceId);
      this.armTimer();
    } else if (!listed && this.running) {
      this.running = false;
      this.rec.record({ kind: 'local-push', op: 'stop', network: label, reason: stopReason });
      this.clock.cancel(this.timer);
      this.timer = null;
      this.endpoint.close();
    }
  }

  /** Each timer event sends a heartbeat, or reconnects if the connection was lost meanwhile. */
  private armTimer(): void {
    this.timer = this.clock.after(this.s.model.localPushTimerSec * 1000, () => {
      this.timer = null;
      if (!this.running) return;
      this.rec.record({ kind: 'local-push', op: 'timer', network: null });
      if (this.endpoint.open) this.endpoint.send({ verb: 'PING', seq: ++this.seq });
      else this.endpoint.connect(this.server.port, this.server.deviceId);
      this.armTimer();
    });
  }

  shutdown(): void {
    this.clock.cancel(this.timer);
    this.clock.cancel(this.lockTimer);
    this.endpoint.destroy();
  }
}
