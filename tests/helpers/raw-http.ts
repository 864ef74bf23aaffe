// Raw requests and WebSocket frames, for what a well-behaved client library refuses to send.
import net from 'node:net';
import crypto from 'node:crypto';

/** Sends raw bytes and returns everything received until the server closes (or `untilMs` passes). */
export function rawExchange(port: number, bytes: Buffer | string, untilMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    const done = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, untilMs);
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('close', done);
    s.on('error', done);
    s.write(bytes);
  });
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export async function rawRequest(port: number, requestLine: string, headers: Record<string, string>): Promise<RawResponse> {
  const head = [requestLine, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  const text = await rawExchange(port, head);
  const [top = '', body = ''] = text.split('\r\n\r\n', 2);
  const [status, ...lines] = top.split('\r\n');
  const h: Record<string, string> = {};
  for (const l of lines) {
    const i = l.indexOf(':');
    if (i > 0) h[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
  }
  return { status: Number(/^HTTP\/1\.\d (\d{3})/.exec(status ?? '')?.[1] ?? 0), headers: h, body };
}

/** An upgrade request, then `frame` as the first WebSocket frame; returns what came back. */
export function wsRawFrame(port: number, origin: string, frame: Buffer): Promise<string> {
  const key = crypto.randomBytes(16).toString('base64');
  const head = [
    'GET /ws HTTP/1.1', `Host: 127.0.0.1:${port}`, `Origin: ${origin}`, 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Key: ${key}`, 'Sec-WebSocket-Version: 13', '', '',
  ].join('\r\n');
  return rawExchange(port, Buffer.concat([Buffer.from(head, 'latin1'), frame]));
}

/** One client frame: FIN + opcode (+ RSV bits), masked unless told otherwise. */
export function frame(opcode: number, payload: Buffer, o: { masked?: boolean; rsv?: number; declaredLength?: number } = {}): Buffer {
  const masked = o.masked ?? true;
  const len = o.declaredLength ?? payload.length;
  const parts: Buffer[] = [Buffer.from([0x80 | ((o.rsv ?? 0) << 4) | opcode])];
  const m = masked ? 0x80 : 0;
  if (len < 126) parts.push(Buffer.from([m | len]));
  else if (len < 65536) parts.push(Buffer.from([m | 126, len >> 8, len & 255]));
  else {
    const b = Buffer.alloc(9);
    b[0] = m | 127;
    b.writeBigUInt64BE(BigInt(len), 1);
    parts.push(b);
  }
  if (masked) {
    const mask = crypto.randomBytes(4);
    parts.push(mask, Buffer.from(payload.map((x, i) => x ^ mask[i % 4]!)));
  } else parts.push(payload);
  return Buffer.concat(parts);
}
