// MQTT keep-alive (FACTS: Heartbeat designs — MQTT 3.1.1/5.0 §3.1.2.10): the client makes sure it
// writes something at least every K seconds (PINGREQ when it has nothing else to say); the server
// drops a client silent for 1.5 × K (heartbeat-server.ts). How long the client waits for the
// PINGRESP is left to the implementation by the spec; K here (model assumption).
import type { HeartbeatPolicy } from './heartbeat-policy.ts';

/** FACTS: MQTT — the server MUST disconnect a client silent for 1.5 × keep-alive. */
export const MQTT_SERVER_GRACE = 1.5;

export class MqttPolicy implements HeartbeatPolicy {
  readonly countsFrom = 'write';
  readonly adaptive = false;

  constructor(private readonly keepAliveSec: number) {}

  connected() {
    return [];
  }

  intervalSec(): number {
    return this.keepAliveSec;
  }

  replyTimeoutSec(): number {
    return this.keepAliveSec;
  }

  result() {
    return [];
  }

  reconnectDelaySec(): null {
    return null;
  }
}
