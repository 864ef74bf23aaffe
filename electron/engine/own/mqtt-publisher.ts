// Lifeline's own MQTT client on a second connection straight to the broker (not through the NAT
// box): it publishes each push to the device's topic (docs/own-server.md). Connecting it first is
// also the check that the URL is right: it names what went wrong — nothing there, a refused
// CONNECT, a server that hangs up, a peer that is no MQTT broker — before the run starts.
import net from 'node:net';
import { generate, type Packet } from 'mqtt-packet';
import type { ServerUrl } from '../../../shared/scenario/own-server.ts';
import { framesOf } from './frames-of.ts';
import { CONNACK_CODES } from './mqtt-frames.ts';
import { credentialsOf, PUSH_QOS } from './mqtt-channel.ts';
import { connectError, CONNECT_TIMEOUT_MS } from './connect-error.ts';

const CLOSED_BEFORE_CONNACK = 'the server closed the connection before answering CONNECT (is it an MQTT broker?)';

/** The publisher's own keep-alive: it pings on the wall clock, being no part of the model. */
const PUBLISHER_KEEPALIVE_SEC = 60;

export class MqttPublisher {
  private nextId = 1;
  private pinger: NodeJS.Timeout | null = null;
  /** Why the connection is gone, once it is. */
  lost: string | null = null;

  private constructor(private readonly socket: net.Socket) {
    this.pinger = setInterval(() => this.write({ cmd: 'pingreq' }), (PUBLISHER_KEEPALIVE_SEC * 1000) / 2);
    this.pinger.unref();
    socket.on('close', () => {
      this.lost ??= 'the broker closed the push connection';
      this.stopPinger();
    });
    // Whatever the broker sends now (PUBACK, PINGRESP) needs no answer.
    socket.resume();
  }

  /** Connects and waits for CONNACK 0; rejects with one line saying what went wrong. */
  static connect(url: ServerUrl, clientId: string): Promise<MqttPublisher> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: url.host, port: url.port, noDelay: true });
      const frames = framesOf('mqtt', 'server');
      const fail = (why: string) => {
        clearTimeout(timer);
        socket.destroy();
        reject(new Error(why));
      };
      const timer = setTimeout(() => fail(`no answer to CONNECT within ${CONNECT_TIMEOUT_MS / 1000} s (is it an MQTT broker?)`), CONNECT_TIMEOUT_MS);
      socket.once('error', (e: NodeJS.ErrnoException) => fail(connectError(e, CLOSED_BEFORE_CONNACK)));
      socket.once('close', () => fail(CLOSED_BEFORE_CONNACK));
      socket.once('connect', () =>
        socket.write(
          generate({
            cmd: 'connect', protocolId: 'MQTT', protocolVersion: 4, clean: true, clientId, keepalive: PUBLISHER_KEEPALIVE_SEC, ...credentialsOf(url),
          }),
        ),
      );
      const onData = (chunk: Buffer) => {
        const p = frames.push(chunk)[0]?.packet;
        if (frames.problem) return fail(`not an MQTT broker? ${frames.problem}`);
        if (!p) return;
        if (p.cmd !== 'connack') return fail(`the broker answered CONNECT with ${p.cmd.toUpperCase()}, not CONNACK`);
        const rc = p.returnCode ?? 0;
        if (rc !== 0) return fail(`the broker refused CONNECT: CONNACK ${rc} (${CONNACK_CODES[rc] ?? 'unknown code'})`);
        clearTimeout(timer);
        socket.removeAllListeners();
        socket.on('error', () => {});
        resolve(new MqttPublisher(socket));
      };
      socket.on('data', onData);
    });
  }

  /** Publishes `payload` to `topic` with QoS 1; false when the connection is gone. */
  publish(topic: string, payload: string): boolean {
    if (this.lost) return false;
    this.write({ cmd: 'publish', topic, payload, qos: PUSH_QOS, messageId: this.nextId, retain: false, dup: false });
    this.nextId = (this.nextId % 65_535) + 1;
    return true;
  }

  private write(p: Packet): void {
    if (!this.socket.destroyed) this.socket.write(generate(p));
  }

  private stopPinger(): void {
    if (this.pinger) clearInterval(this.pinger);
    this.pinger = null;
  }

  close(): void {
    this.stopPinger();
    this.lost ??= 'closed';
    if (this.socket.destroyed) return;
    this.socket.end(generate({ cmd: 'disconnect' }));
    // A broker closes after DISCONNECT; one that does not is not waited for.
    setTimeout(() => this.socket.destroy(), 1000).unref();
  }
}
