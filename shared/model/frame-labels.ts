// What the event log calls a frame on the wire: a line protocol verb, or, against your own server
// (docs/own-server.md), an MQTT control packet or a WebSocket frame. The one list of labels: the
// event checks and the engine's frame splitters both read it.
import type { Verb } from './protocol.ts';

/** MQTT 3.1.1 control packet types (§2.2.1), named as the spec names them. */
export const MQTT_PACKETS = [
  'CONNECT', 'CONNACK', 'PUBLISH', 'PUBACK', 'PUBREC', 'PUBREL', 'PUBCOMP', 'SUBSCRIBE', 'SUBACK', 'UNSUBSCRIBE', 'UNSUBACK', 'PINGREQ', 'PINGRESP', 'DISCONNECT', 'AUTH',
] as const;
export type MqttPacketName = (typeof MQTT_PACKETS)[number];

/**
 * A WebSocket connection (RFC 6455): the HTTP upgrade (§4), then frames by opcode (§5.2). Ping and
 * pong frames (§5.5.2, §5.5.3) carry the line protocol's PING and PONG labels: they are the same idea.
 */
export const WS_FRAMES = ['UPGRADE', 'TEXT', 'BINARY', 'CLOSE'] as const;
export type WsFrameName = (typeof WS_FRAMES)[number];

export type FrameLabel = Verb | MqttPacketName | WsFrameName;
