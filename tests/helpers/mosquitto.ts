// A real mosquitto broker for tests (Debian package `mosquitto`; .ci/run installs it): started on
// an ephemeral port with its own config file in a temporary directory, stopped after.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const MOSQUITTO = '/usr/sbin/mosquitto';

export interface Broker {
  port: number;
  url: string;
  /** What the broker logged (stderr), for a failing test's message. */
  log(): string;
  stop(): Promise<void>;
}

/** A port nobody listens on now: bound by the kernel's choice, then let go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => (c.destroy(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

/**
 * Starts mosquitto on a free port. `users` turns anonymous access off and allows these user names
 * and passwords only (written with mosquitto_passwd). Tries a few ports in case another process
 * takes the chosen one first.
 */
export async function startMosquitto(o: { users?: Record<string, string> } = {}): Promise<Broker> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-mosquitto-'));
  fs.chmodSync(dir, 0o755);
  let auth = 'allow_anonymous true\n';
  if (o.users) {
    const file = path.join(dir, 'passwd');
    fs.writeFileSync(file, Object.entries(o.users).map(([u, p]) => `${u}:${p}`).join('\n') + '\n');
    const r = spawnSync('mosquitto_passwd', ['-U', file]);
    if (r.status !== 0) throw new Error(`mosquitto_passwd -U: ${String(r.stderr)}`);
    fs.chmodSync(file, 0o644);
    auth = `allow_anonymous false\npassword_file ${file}\n`;
  }
  for (let attempt = 1; attempt <= 5; attempt++) {
    const port = await freePort();
    const conf = path.join(dir, 'mosquitto.conf');
    fs.writeFileSync(conf, `listener ${port} 127.0.0.1\n${auth}persistence false\nlog_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n`);
    const child: ChildProcess = spawn(MOSQUITTO, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d) => (log += d));
    let exited = false;
    const gone = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
    // Bounded: 100 tries 50 ms apart, whatever the machine's speed.
    for (let i = 0; i < 100 && !exited; i++) {
      if (await accepts(port)) {
        return {
          port,
          url: `mqtt://127.0.0.1:${port}`,
          log: () => log,
          stop: async () => {
            if (!exited) child.kill('SIGTERM');
            await gone;
            fs.rmSync(dir, { recursive: true, force: true });
          },
        };
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    if (!exited) child.kill('SIGKILL');
    await gone;
    if (attempt === 5) throw new Error(`mosquitto did not start on port ${port}: ${log}`);
  }
  throw new Error('Invariant: unreachable');
}
