// The frame splitter for your own server's protocol and the direction of the bytes.
import type { OwnServerKind } from '../../../shared/scenario/own-server.ts';
import type { FrameSplitter, Writer } from './wire-frames.ts';
import { mqttFrames } from './mqtt-frames.ts';
import { wsFrames } from './ws-frames.ts';

export function framesOf(kind: OwnServerKind, writer: Writer): FrameSplitter {
  return kind === 'mqtt' ? mqttFrames(writer) : wsFrames(writer);
}
