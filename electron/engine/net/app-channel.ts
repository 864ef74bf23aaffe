// What the modelled app speaks on its connection. The app thinks in the line protocol's messages
// (HELLO, PING, PONG, PUSH, ACK); a channel turns them into frames on the wire and back: the line
// protocol itself (LineChannel), or MQTT or WebSocket against your own server (engine/own/). So
// the iOS model is the same whatever the server speaks.
import type { Message } from '../../../shared/model/protocol.ts';
import type { Recorder } from '../recorder.ts';
import type { TrackedSocket } from './traffic-ledger.ts';

export interface AppChannel {
  readonly ts: TrackedSocket;
  /** Told of every frame this side writes (a heartbeat policy may count from the last write). */
  onSend: (() => void) | null;
  send(m: Message): void;
  /**
   * Feeds received bytes; calls `onMessage` for each message and `onBad` (once) when the bytes
   * stop making sense, after which the connection is to be closed.
   */
  receive(chunk: Buffer, onMessage: (m: Message) => void, onBad: (reason: string) => void): void;
}

/** Builds the app's channel on a connected socket. */
export type ChannelFactory = (ts: TrackedSocket, rec: Recorder) => AppChannel;
