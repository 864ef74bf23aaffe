// MQTT 3.1.1 frames (control packets) out of a byte stream, decoded by mqtt-packet.
import { generate, parser, type Packet } from 'mqtt-packet';
import type { FrameSplitter, WireFrame, Writer } from './wire-frames.ts';
import { preview } from './wire-frames.ts';
import type { MqttPacketName } from '../../../shared/model/frame-labels.ts';

/** CONNACK return codes, MQTT 3.1.1 §3.2.2.3. */
export const CONNACK_CODES: Record<number, string> = {
  0: 'accepted',
  1: 'unacceptable protocol version',
  2: 'identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
};

/** SUBACK's failure code, MQTT 3.1.1 §3.9.3. */
export const SUBACK_FAILURE = 0x80;

/** A packet's size on the wire: the fixed header's byte, the remaining length (§2.2.3, 1–4 bytes), the rest. */
function sizeOf(remaining: number): number {
  return 1 + (remaining < 128 ? 1 : remaining < 16_384 ? 2 : remaining < 2_097_152 ? 3 : 4) + remaining;
}

export function mqttFrames(writer: Writer): FrameSplitter {
  // What a client writes opens with CONNECT, which says the version; what a server writes is read as 3.1.1.
  const p = parser(writer === 'server' ? { protocolVersion: 4 } : {});
  let pending: Buffer = Buffer.alloc(0);
  let out: WireFrame[] = [];
  let problem: string | null = null;
  p.on('packet', (packet: Packet) => {
    const size = sizeOf(packet.length ?? 0);
    const raw = pending.subarray(0, size);
    pending = pending.subarray(size);
    out.push({ label: packet.cmd.toUpperCase() as MqttPacketName, line: describe(packet), raw: blankPassword(packet, raw), packet });
  });
  p.on('error', (e: Error) => {
    problem ??= `it sent ${preview(pending)}, which is no MQTT packet (mqtt-packet: ${e.message})`;
  });
  return {
    push(chunk) {
      if (problem) return [];
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      out = [];
      // Each packet takes its size off the front of `pending` as the parser emits it.
      p.parse(chunk);
      return out;
    },
    get problem() {
      return problem;
    },
  };
}

/** A CONNECT's bytes with its password replaced by '*' of the same length: logs and exports never hold it. */
function blankPassword(packet: Packet, raw: Buffer): Buffer {
  if (packet.cmd !== 'connect' || !packet.password) return raw;
  const blanked = generate({ ...packet, password: Buffer.alloc(packet.password.length, '*') });
  return blanked.length === raw.length ? blanked : Buffer.alloc(raw.length, 0);
}

function describe(p: Packet): string {
  switch (p.cmd) {
    case 'connect':
      return `CONNECT ${p.clientId} keep-alive ${p.keepalive ?? 0} s${p.clean ? ', clean session' : ''}${p.username !== undefined ? `, user ${p.username}` : ''}`;
    case 'connack': {
      const rc = p.returnCode ?? p.reasonCode ?? 0;
      return `CONNACK ${rc} (${CONNACK_CODES[rc] ?? 'unknown'})`;
    }
    case 'subscribe':
      return `SUBSCRIBE ${p.messageId} ${p.subscriptions.map((s) => `${s.topic} QoS ${s.qos}`).join(', ')}`;
    case 'suback':
      return `SUBACK ${p.messageId} granted ${(p.granted as number[]).join(', ')}`;
    case 'publish':
      return `PUBLISH ${p.topic} QoS ${p.qos}${p.qos ? ` id ${p.messageId}` : ''}: ${String(p.payload).slice(0, 80)}`;
    case 'puback':
      return `PUBACK ${p.messageId}`;
    default:
      return p.cmd.toUpperCase();
  }
}
