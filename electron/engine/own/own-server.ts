// Your own server in a run (docs/own-server.md): an MQTT broker or WebSocket server Lifeline does
// not run. It stands where the built-in heartbeat server stands: the NAT box forwards to it over an
// OutsideWire, the app speaks its protocol through an MqttChannel or WsChannel, and Lifeline sends
// the pushes itself on a second connection straight to it. The iOS model is unchanged.
import { randomBytes } from 'node:crypto';
import type { Clock, Timer } from '../clock/clock.ts';
import type { Recorder } from '../recorder.ts';
import type { ChannelFactory } from '../net/app-channel.ts';
import type { FrameLabeler } from '../net/nat-box.ts';
import { mqttKeepAliveOf, pushesOff, type OwnServerSpec } from '../../../shared/scenario/own-server.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import { OutsideWire } from './outside-wire.ts';
import { MqttChannel } from './mqtt-channel.ts';
import { WsChannel } from './ws-channel.ts';
import { MqttPublisher } from './mqtt-publisher.ts';
import { WsPublisher } from './ws-publisher.ts';
import { formatPush } from './wire-frames.ts';
import { framesOf } from './frames-of.ts';

/** What a push says, as the built-in server's. */
const PUSH_TEXT = 'you have mail';

export class OwnServer {
  readonly wire: OutsideWire;
  /** The app's client id (MQTT) and the run's mark on the server: unique, so runs on one broker do not meet. */
  readonly deviceId: string;
  /** MQTT: the topic the app subscribes to and pushes are published on. */
  readonly topic: string;
  private publisher: MqttPublisher | WsPublisher | null = null;
  private nextPush = 1;
  private pushTimer: Timer | null = null;
  /** Why pushes cannot be sent in this run, or null. */
  readonly pushesOff: string | null;
  /** Told once when the server makes the run pointless (a refused CONNECT, a peer that is no broker). */
  onFatal: (why: string) => void = () => {};

  constructor(
    readonly spec: OwnServerSpec,
    private readonly s: Scenario,
    private readonly clock: Clock,
    private readonly rec: Recorder,
  ) {
    const id = randomBytes(4).toString('hex');
    this.deviceId = `lifeline-${id}`;
    this.topic = spec.url.path !== '' && spec.url.kind === 'mqtt' ? spec.url.path.slice(1) : `lifeline/${id}/push`;
    this.pushesOff = pushesOff(spec);
    this.wire = new OutsideWire({ kind: spec.url.kind, keepAliveSec: mqttKeepAliveOf(s), fatal: (why) => this.onFatal(`${spec.url.display}: ${why}`) }, clock, rec);
  }

  /** Where the NAT box forwards to. */
  get target(): { host: string; port: number } {
    return { host: this.spec.url.host, port: this.spec.url.port };
  }

  /** What the app speaks. */
  readonly channel: ChannelFactory = (ts, rec) => {
    const url = this.spec.url;
    return url.kind === 'mqtt' ? new MqttChannel(ts, rec, { url, clientId: this.deviceId, topic: this.topic, keepAliveSec: mqttKeepAliveOf(this.s) }) : new WsChannel(ts, rec, url);
  };

  /** How the NAT box labels what it forwards. */
  readonly frames = (dir: 'up' | 'down'): FrameLabeler => {
    const split = framesOf(this.spec.url.kind, dir === 'up' ? 'client' : 'server');
    return { labels: (text) => split.push(Buffer.from(text, 'latin1')).map((f) => f.label) };
  };

  /**
   * Connects the push connection (or, for a WebSocket server without a push endpoint, tries the
   * device's URL once) before the run starts: a wrong URL fails here, naming what went wrong.
   */
  async start(): Promise<void> {
    const { url, push } = this.spec;
    try {
      if (url.kind === 'mqtt') this.publisher = await MqttPublisher.connect(url, `${this.deviceId}-push`);
      else {
        (await WsPublisher.connect(url)).close();
        if (push) this.publisher = await WsPublisher.connect(push).catch((e: Error) => Promise.reject(new Error(`push endpoint ${push.display}: ${e.message}`)));
      }
    } catch (e) {
      throw new Error(`${url.display}: ${(e as Error).message}`, { cause: e });
    }
    this.schedulePushes();
  }

  private schedulePushes(): void {
    const sec = this.s.server.pushEverySec;
    if (sec === null || this.pushesOff) return;
    this.pushTimer = this.clock.after(sec * 1000, () => {
      this.push();
      this.schedulePushes();
    });
  }

  /** Sends a push through the server, as the built-in server would: counted as sent, delivered when the app reads it. */
  push(): void {
    const p = this.publisher;
    if (!p) return;
    const id = this.nextPush++;
    this.rec.record({ kind: 'push', op: 'sent', id });
    const payload = formatPush(id, PUSH_TEXT);
    const sent = p instanceof MqttPublisher ? p.publish(this.topic, payload) : p.publish(payload);
    if (!sent) this.rec.record({ kind: 'push', op: 'lost', id, reason: p.lost ?? 'the push connection is closed' });
  }

  async stop(): Promise<void> {
    this.clock.cancel(this.pushTimer);
    this.publisher?.close();
    this.publisher = null;
  }
}
