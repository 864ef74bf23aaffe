// Captures made in the test with scapy (Debian's python3-scapy, run by Debian's python: the
// PATH python may be another one without it), read back by tshark as the reference and by
// `lifeline analyze` as the thing tested.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ConnectionInfo } from '../../shared/capture/capture-analysis.ts';

const PYTHON = '/usr/bin/python3';

/** Why the scapy tests cannot run here, or false when they can. */
export const noScapy: string | false = (() => {
  const r = spawnSync(PYTHON, ['-c', 'import scapy.all'], { encoding: 'utf8' });
  return r.status === 0 ? false : `scapy not importable by ${PYTHON} (apt-get install python3-scapy)`;
})();

export const captureDir = (): string => fs.mkdtempSync(path.join(os.tmpdir(), 'lifeline-decode-'));

/**
 * Runs a scapy script with `out` (the file to write) defined and `scapy.all` imported; returns `out`.
 * Scripts end with `wrpcap(out, pkts)` or `wrpcap(out, pkts, linktype=N)`.
 */
export function scapy(dir: string, name: string, script: string): string {
  const out = path.join(dir, name);
  const r = spawnSync(PYTHON, ['-c', `from scapy.all import *\nimport warnings\nout = ${JSON.stringify(out)}\n${script}`], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`scapy failed for ${name}: ${r.stderr}`);
  return out;
}

/** tshark's fields for every frame, one row each (the reference reading); `told`: preferences and Decode As. */
export function tsharkFields(file: string, fields: string[], filter?: string, told: string[] = []): string[][] {
  const args = ['-r', file, ...told, '-T', 'fields', ...fields.flatMap((f) => ['-e', f]), ...(filter ? ['-Y', filter] : [])];
  const r = spawnSync('tshark', args, { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`tshark failed on ${file}: ${r.stderr}`);
  // A frame whose only field is empty is an empty line: only the final newline is dropped.
  return r.stdout ? r.stdout.replace(/\n$/, '').split('\n').map((l) => l.split('\t')) : [];
}


/** `lifeline analyze --json`: its exit code, stderr lines and the analysis. */
export function analyzeJson(file: string, ...extra: string[]): { status: number | null; warnings: string[]; connections: ConnectionInfo[]; selected: number | null } {
  const r = spawnSync(process.execPath, [path.resolve('bin/lifeline.js'), 'analyze', file, '--json', ...extra], { encoding: 'utf8', timeout: 60_000 });
  const a = r.stdout ? JSON.parse(r.stdout) : { connections: [], selected: null };
  return { status: r.status, warnings: r.stderr.split('\n').filter(Boolean), connections: a.connections, selected: a.selected };
}
