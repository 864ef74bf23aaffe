// CLI polish as a user meets it: --help for every command, Ctrl-C in a realtime run, validate
// with a preset name. Real processes; the interrupt waits for the run's first line, not a timer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { COMMAND_SPECS } from '../../electron/cli/command-specs.ts';

const BIN = path.resolve('bin/lifeline.js');
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });

test('lifeline <command> --help (and -h) prints that command\'s usage and every option it parses, exit 0', () => {
  const top = cli('--help');
  assert.equal(top.status, 0);
  for (const spec of COMMAND_SPECS) {
    assert.match(top.stdout, new RegExp(`^ {2}lifeline ${spec.name}\\b`, 'm'), `top-level help lists ${spec.name}`);
    for (const flag of ['--help', '-h']) {
      const r = cli(spec.name, flag);
      assert.equal(r.status, 0, `${spec.name} ${flag}: ${r.stderr}`);
      assert.ok(r.stdout.startsWith(`Usage: lifeline ${spec.name}`), r.stdout);
      assert.ok(r.stdout.includes(spec.summary));
      for (const o of spec.options) assert.match(r.stdout, new RegExp(`^ {2}--${o.name}\\b.*${o.help.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm'), `${spec.name} --${o.name}`);
    }
  }
  // The options help lists are the ones the parser accepts: an unlisted one is refused.
  const r = cli('presets', '--mode', 'fast');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /presets: unknown option --mode \(see lifeline presets --help\)/);
});

test('validate accepts a preset name as run does', () => {
  const r = cli('validate', 'seed-snippet');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^seed-snippet: ok \(seed-snippet, 3600 s, iOS 9\)/);
  const bad = cli('validate', 'no-such-preset');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /no-such-preset: no such file, and no preset by that name/);
  assert.doesNotMatch(bad.stderr, /did you mean/, 'nothing near: no guess');
});

test('a mistyped preset gets "did you mean …" wherever a preset name is typed: run, validate, test, sweep', () => {
  for (const args of [['run', 'server-heartbeat-ovr-nat'], ['validate', 'server-heartbeat-ovr-nat'], ['test', 'server-heartbeat-ovr-nat'], ['sweep', 'server-heartbeat-ovr-nat', '--set', 'server.heartbeatSec=60..120:60']]) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /server-heartbeat-ovr-nat: no such file, and no preset by that name \(did you mean server-heartbeat-over-nat\? `lifeline presets` lists them\)/, args.join(' '));
  }
  // A name cut short: the presets it begins.
  assert.match(cli('validate', 'mars').stderr, /did you mean mars-carrier-nat-300 or mars-nat-under-floor\?/);
});

/** Starts a realtime run at 1× (an hour of wall time: it cannot end by itself during the test),
 * waits for its first line on stderr, sends SIGINT, and returns what it printed and its exit code. */
async function interruptRealtimeRun(...extra: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, 'run', 'server-heartbeat-under-nat', '--mode', 'realtime', '--speed', '1', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first line in 30 s: ${stderr}`)), 30_000);
      child.stderr.on('data', (d) => {
        stderr += d;
        if (stderr.includes('\n')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    return { code, stdout, stderr };
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

test('Ctrl-C during a realtime run prints the summary so far, marked interrupted, and exits 130', async () => {
  const text = await interruptRealtimeRun();
  assert.match(text.stderr, /server-heartbeat-under-nat: realtime at 1×; Ctrl-C stops/);
  assert.equal(text.code, 130, text.stdout + text.stderr);
  assert.match(text.stdout, /^interrupted at [\d.]+ of 3600 s: the summary so far\nscenario\s+server-heartbeat-under-nat \(realtime\)/);
  assert.match(text.stdout, /heartbeats\s+client \d+, server \d+/);

  const json = await interruptRealtimeRun('--json');
  assert.equal(json.code, 130, json.stdout + json.stderr);
  const s = JSON.parse(json.stdout);
  assert.equal(s.interrupted, true);
  assert.equal(s.scenario, 'server-heartbeat-under-nat');
  assert.ok(s.simulatedSec < 3600, `stopped early: ${s.simulatedSec} s`);
});
