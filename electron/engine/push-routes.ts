// The routes a push can take besides the app's own socket (server.pushVia): the push service
// (APNs: PushKit VoIP or silent pushes) and the Local Push server on a Wi-Fi network, each a real
// TCP hop with the server on one side and the device's system (or provider) on the other.
// FACTS: PushKit VoIP pushes; Silent push budget; Local Push Connectivity.
import type { Clock } from './clock/clock.ts';
import type { Recorder } from './recorder.ts';
import type { TrafficLedger } from './net/traffic-ledger.ts';
import type { HeartbeatServer } from './net/heartbeat-server.ts';
import { PushProvider, PushService } from './net/push-service.ts';
import type { DeviceApp } from './device/device-app.ts';
import { SystemPushReceiver } from './device/system-push.ts';
import { LocalPushProvider } from './device/local-push.ts';
import type { Scenario } from '../../shared/scenario/scenario.ts';

interface Hop {
  service: PushService;
  sender: PushProvider;
}

export class PushRoutes {
  private apns: (Hop & { receiver: SystemPushReceiver }) | null = null;
  private local: (Hop & { provider: LocalPushProvider }) | null = null;

  constructor(
    private readonly s: Scenario,
    private readonly clock: Clock,
    private readonly ledger: TrafficLedger,
    private readonly rec: Recorder,
  ) {}

  /** Builds the hops the scenario uses and points the server's pushes at them. */
  async start(server: HeartbeatServer, device: DeviceApp, deviceId: string): Promise<void> {
    const via = this.s.server.pushVia;
    if (via === 'socket') return;
    if (via !== 'local-push' || this.s.server.fallback === 'pushkit') {
      const hop = await this.hop(false);
      const receiver = new SystemPushReceiver(this.s, this.clock, this.ledger, this.rec, device);
      receiver.connect(hop.service.port, deviceId);
      this.apns = { ...hop, receiver };
    }
    if (via === 'local-push') {
      const hop = await this.hop(true);
      const provider = new LocalPushProvider(this.s, this.clock, this.ledger, this.rec, device, { port: hop.service.port, deviceId: `${deviceId}-provider` });
      this.local = { ...hop, provider };
      provider.onNetwork(this.s.network ?? null);
    }
    server.viaPushService = (id, text) => this.route(id, text);
  }

  private async hop(local: boolean): Promise<Hop> {
    const service = new PushService(this.ledger, this.rec, local);
    await service.start();
    const sender = new PushProvider(this.ledger, this.rec);
    sender.connect(service.port);
    return { service, sender };
  }

  /** Local Push first; while its provider is not connected, the fallback (if any) takes the push. */
  private route(id: number, text: string): void {
    const local = this.local;
    if (local && (local.service.deviceConnected || !this.apns)) return local.sender.send(id, text);
    this.apns?.sender.send(id, text);
  }

  /** The device joined another network (a label, or null for an unnamed one). */
  onNetwork(label: string | null): void {
    this.local?.provider.onNetwork(label);
  }

  /** The screen locked or unlocked: the Local Push provider may lose Wi-Fi while locked. */
  onLock(locked: boolean): void {
    this.local?.provider.onLock(locked);
  }

  async stop(): Promise<void> {
    this.apns?.receiver.stop();
    this.local?.provider.shutdown();
    for (const hop of [this.apns, this.local]) hop?.sender.stop();
    await Promise.all([this.apns?.service.stop(), this.local?.service.stop()]);
  }
}
