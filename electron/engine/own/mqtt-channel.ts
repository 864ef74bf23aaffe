// The modelled app's MQTT 3.1.1 client on its connection through the NAT box (docs/own-server.md).
// The app's messages become packets: HELLO → CONNECT (then SUBSCRIBE once CONNACK says yes),
// PING → PINGREQ, ACK → PUBACK; PINGRESP comes back as PONG and a PUBLISH on the device's topic as
// PUSH. FACTS: MQTT keep-alive — CONNECT carries the keep-alive; the broker enforces 1.5 × it.
import { generate, type Packet } from 'mqtt-packet';
import type { Message } from '../../../shared/model/protocol.ts';
import type { ServerUrl } from '../../../shared/scenario/own-server.ts';
import type { Recorder } from '../recorder.ts';
import type { AppChannel } from '../net/app-channel.ts';
import type { TrackedSocket } from '../net/traffic-ledger.ts';
import { parsePush, recordFrame } from './wire-frames.ts';
import { framesOf } from './frames-of.ts';
import { CONNACK_CODES, SUBACK_FAILURE } from './mqtt-frames.ts';

export interface MqttSession {
  url: ServerUrl;
  clientId: string;
  topic: string;
  keepAliveSec: number;
}

/** The URL's user name and password as CONNECT carries them. */
export function credentialsOf(url: ServerUrl): { username?: string; password?: Buffer } {
  return { ...(url.username !== undefined ? { username: url.username } : {}), ...(url.password !== undefined ? { password: Buffer.from(url.password) } : {}) };
}

/** Pushes come with QoS 1, so the app answers each with PUBACK as it answers a line PUSH with ACK. */
export const PUSH_QOS = 1;

export class MqttChannel implements AppChannel {
  onSend: (() => void) | null = null;
  private readonly up = framesOf('mqtt', 'client');
  private readonly down = framesOf('mqtt', 'server');
  /** Sequence numbers of the app's PINGREQs still waiting for their PINGRESP, oldest first. */
  private readonly pings: number[] = [];
  /** A push's id → the packet id of the PUBLISH that carried it, until the app acknowledges it. */
  private readonly unacked = new Map<number, number>();

  constructor(
    readonly ts: TrackedSocket,
    private readonly rec: Recorder,
    private readonly session: MqttSession,
  ) {}

  send(m: Message): void {
    const s = this.session;
    switch (m.verb) {
      case 'HELLO':
        return this.write({
          cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId: s.clientId, keepalive: s.keepAliveSec, ...credentialsOf(s.url),
        });
      case 'PING':
        this.pings.push(m.seq);
        return this.write({ cmd: 'pingreq' });
      case 'ACK': {
        const messageId = this.unacked.get(m.id);
        this.unacked.delete(m.id);
        if (messageId !== undefined) this.write({ cmd: 'puback', messageId });
        return;
      }
      default:
        // PONG: MQTT has no server PING to answer. The app sends no other verb.
        return;
    }
  }

  receive(chunk: Buffer, onMessage: (m: Message) => void, onBad: (reason: string) => void): void {
    for (const f of this.down.push(chunk)) {
      recordFrame(this.rec, 'device', 'recv', f);
      const p = f.packet!;
      if (p.cmd === 'connack') {
        const rc = p.returnCode ?? 0;
        if (rc !== 0) return onBad(`CONNACK ${rc} (${CONNACK_CODES[rc] ?? 'unknown'})`);
        this.write({ cmd: 'subscribe', messageId: 1, subscriptions: [{ topic: this.session.topic, qos: PUSH_QOS }] });
      } else if (p.cmd === 'suback') {
        if ((p.granted as number[])[0] === SUBACK_FAILURE) return onBad(`SUBSCRIBE to ${this.session.topic} refused`);
      } else if (p.cmd === 'pingresp') {
        onMessage({ verb: 'PONG', seq: this.pings.shift() ?? 0 });
      } else if (p.cmd === 'publish') {
        // Someone else's message on the topic is shown as a frame but is not one of Lifeline's pushes.
        const push = parsePush(String(p.payload));
        if (!push) continue;
        if (p.qos > 0 && p.messageId !== undefined) this.unacked.set(push.id, p.messageId);
        onMessage({ verb: 'PUSH', id: push.id, text: push.text });
      }
      if (!this.ts.open) return;
    }
    if (this.down.problem) onBad(this.down.problem);
  }

  private write(packet: Packet): void {
    const bytes = generate(packet);
    for (const f of this.up.push(bytes)) recordFrame(this.rec, 'device', 'send', f);
    this.ts.write(bytes.toString('latin1'));
    this.onSend?.();
  }
}
