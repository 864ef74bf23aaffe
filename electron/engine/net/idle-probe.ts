// One idle probe over a real path to a `lifeline server`: ask it (IDLE) to stay silent for a
// while and then PING; the PING arrives only if every NAT on the way kept the mapping.
// FACTS: What an expired mapping does — an expired mapping drops later packets from outside silently, or
// answers with a RST.
import net from 'node:net';
import { formatMessage, LineSplitter, parseLine } from '../../../shared/model/protocol.ts';
import type { ProbeOutcome } from '../../../shared/model/probe-plan.ts';
import { echo } from '../../../shared/util/one-line.ts';

/** The path or the server cannot be probed at all: one line for the user, exit 1. */
export class ProbeFailure extends Error {}

export interface ProbeTarget {
  host: string;
  port: number;
}

/** How long the server has to answer a connect or an IDLE before it counts as not speaking the protocol. */
const ANSWER_SEC = 10;
/** How late the server's PING may be after the idle period (delays on the path, a busy server). */
export const graceSec = (idleSec: number) => Math.max(2, idleSec * 0.05);

export function probeOnce(target: ProbeTarget, idleSec: number): Promise<ProbeOutcome> {
  const where = `${target.host}:${target.port}`;
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: target.host, port: target.port, noDelay: true });
    const splitter = new LineSplitter();
    let phase: 'connecting' | 'asked' | 'idle' | 'done' = 'connecting';
    let idleStart = 0;
    let timer = setTimeout(() => fail(`${where}: no answer within ${ANSWER_SEC} s (not a lifeline server?)`), ANSWER_SEC * 1000);
    const finish = (o: ProbeOutcome) => {
      if (phase === 'done') return;
      phase = 'done';
      clearTimeout(timer);
      s.destroy();
      resolve(o);
    };
    const fail = (msg: string) => {
      if (phase === 'done') return;
      phase = 'done';
      clearTimeout(timer);
      s.destroy();
      reject(new ProbeFailure(msg));
    };
    const dropped = () => {
      const after = (performance.now() - idleStart) / 1000;
      finish({ idleSec, survived: false, how: 'reset', resetAfterSec: Math.round(after * 1000) / 1000 });
    };
    s.once('connect', () => {
      phase = 'asked';
      s.write(formatMessage({ verb: 'IDLE', ms: Math.round(idleSec * 1000) }));
    });
    s.on('data', (chunk) => {
      // The peer's bytes are untrusted: a line quoted back to the user is echoed (escaped, cut short).
      for (const line of splitter.push(chunk.toString('latin1'))) {
        const p = parseLine(line);
        if (phase === 'asked') {
          if (p.ok && p.message.verb === 'IDLE') {
            phase = 'idle';
            idleStart = performance.now();
            clearTimeout(timer);
            timer = setTimeout(() => finish({ idleSec, survived: false, how: 'silent' }), (idleSec + graceSec(idleSec)) * 1000);
          } else if (p.ok && p.message.verb === 'ERR') fail(`${where}: the server does not support probing (an older lifeline server? it answered "${echo(line, 80)}")`);
          else fail(`${where}: does not speak the lifeline protocol (it answered "${echo(line, 40)}")`);
          continue;
        }
        if (phase === 'idle' && p.ok && p.message.verb === 'PING') {
          s.write(formatMessage({ verb: 'PONG', seq: p.message.seq }));
          finish({ idleSec, survived: true, how: 'ok' });
        }
      }
      if (splitter.tooLong && phase === 'asked') fail(`${where}: does not speak the lifeline protocol (an over-long line)`);
    });
    s.on('error', (e: NodeJS.ErrnoException) => {
      if (phase === 'idle') return dropped();
      fail(phase === 'connecting' ? `cannot connect to ${where}: ${e.code ?? e.message}` : `${where}: connection failed before the probe began (${e.code ?? e.message})`);
    });
    s.on('close', () => {
      if (phase === 'idle') dropped();
      else if (phase !== 'done') fail(`${where}: closed the connection without answering (not a lifeline server?)`);
    });
  });
}
