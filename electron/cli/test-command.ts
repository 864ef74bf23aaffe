// `lifeline test`: scenarios as CI checks. Each runs in fast mode and its `expect` is checked
// against its summary; exit 0 all pass, 1 any fails, 2 bad input (nothing runs then).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Simulation } from '../engine/simulation.ts';
import { PRESETS } from '../../shared/scenario/presets.ts';
import { ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
import { checkExpect, constraintCount, describeFailure, type ExpectFailure } from '../../shared/scenario/expect.ts';
import type { Summary } from '../../shared/folds/summary.ts';
import { parseArgs, str } from './args.ts';
import { cannotWrite } from './cannot-write.ts';
import { writeAllSync } from '../capture/write-all.ts';
import { TEST } from './command-specs.ts';
import { loadScenario } from './load-scenario.ts';
import { ProgressBar } from './progress.ts';
import { junitXml, type JunitSuite } from './junit.ts';
import { refuseClobbering } from './refuse-clobbering.ts';

interface TestCase {
  /** The argument it came from ("presets" with no argument): one JUnit testsuite each. */
  suite: string;
  /** The file, or the preset name. */
  source: string;
  scenario: Scenario;
}

type Status = 'pass' | 'fail' | 'error';

interface TestResult extends TestCase {
  status: Status;
  timeSec: number;
  checks: number;
  failures: ExpectFailure[];
  error?: string;
  summary?: Summary;
}

export async function runTests(argv: string[]): Promise<number> {
  const args = parseArgs(argv, TEST);
  const junitPath = str(args, 'junit');
  const { cases, problems } = collect(args.positional);
  if (problems.length) {
    for (const p of problems) console.error(`lifeline: ${p}`);
    return 2;
  }
  refuseClobbering('a scenario file to test', cases.map((c) => c.source), [['junit', junitPath]]);
  // Opened before anything runs, so an unwritable path is bad input, not a lost report.
  const junitFd = junitPath === undefined ? null : openReport(junitPath);
  const json = args.flags.has('json');
  const bar = new ProgressBar('lifeline test');
  const results: TestResult[] = [];
  for (const [i, c] of cases.entries()) {
    bar.update(i, cases.length, c.scenario.name);
    const r = await runOne(c);
    results.push(r);
    bar.done();
    if (!json) console.log(resultLine(r));
  }
  const failed = results.filter((r) => r.status !== 'pass').length;
  if (json) console.log(JSON.stringify({ passed: results.length - failed, failed, results: results.map(jsonResult) }));
  else console.log(`${results.length - failed} passed, ${failed} failed`);
  if (junitFd !== null) {
    try {
      // Whole or not at all: a disk that fills up takes part of a write without a word.
      writeAllSync(junitFd, Buffer.from(junitXml(junitSuites(results), new Date()), 'utf8'));
    } catch (e) {
      throw cannotWrite('junit', junitPath!, e);
    } finally {
      fs.closeSync(junitFd);
    }
    console.error(`JUnit report written to ${junitPath}`);
  }
  return failed ? 1 : 0;
}

/** Every scenario the arguments name, all validated first: one bad file fails the lot with exit 2. */
function collect(targets: string[]): { cases: TestCase[]; problems: string[] } {
  if (!targets.length) return { cases: PRESETS.map((scenario) => ({ suite: 'presets', source: scenario.name, scenario })), problems: [] };
  const cases: TestCase[] = [];
  const problems: string[] = [];
  for (const target of targets) {
    const files = isDirectory(target) ? scenarioFiles(target) : [target];
    if (!files.length) problems.push(`${target}: no *.json scenario files in this directory`);
    for (const source of files) {
      try {
        // A name that is no file is a preset's (loadScenario says so otherwise).
        cases.push({ suite: fs.existsSync(target) ? target : 'presets', source, scenario: loadScenario(source) });
      } catch (e) {
        if (!(e instanceof ScenarioError)) throw e;
        problems.push(e.message);
      }
    }
  }
  return { cases, problems };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function scenarioFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.json'))
    .map((d) => path.join(dir, d.name))
    .sort();
}

function openReport(p: string): number {
  try {
    // A CI job names a report folder that a fresh checkout does not have yet (test-results/).
    fs.mkdirSync(path.dirname(p), { recursive: true });
    return fs.openSync(p, 'w');
  } catch (e) {
    throw cannotWrite('junit', p, e);
  }
}

async function runOne(c: TestCase): Promise<TestResult> {
  const checks = constraintCount(c.scenario.expect);
  const t0 = performance.now();
  const timeSec = () => (performance.now() - t0) / 1000;
  try {
    const summary = await new Simulation(c.scenario, { mode: 'fast' }).run();
    const failures = checkExpect(summary, c.scenario.expect ?? {});
    return { ...c, status: failures.length ? 'fail' : 'pass', timeSec: timeSec(), checks, failures, summary };
  } catch (e) {
    return { ...c, status: 'error', timeSec: timeSec(), checks, failures: [], error: e instanceof Error ? e.message : String(e) };
  }
}

function label(r: TestResult): string {
  return r.source === r.scenario.name ? r.scenario.name : `${r.scenario.name} (${r.source})`;
}

function resultLine(r: TestResult): string {
  switch (r.status) {
    case 'pass':
      return `PASS  ${label(r)}  ${r.checks ? `${r.checks} checks` : 'ran; no expect'}`;
    case 'fail':
      return `FAIL  ${label(r)}  ${r.failures.map(describeFailure).join('; ')}`;
    case 'error':
      return `FAIL  ${label(r)}  run failed: ${r.error}`;
  }
}

function jsonResult(r: TestResult) {
  return { name: r.scenario.name, source: r.source, status: r.status, timeSec: Math.round(r.timeSec * 1000) / 1000, checks: r.checks, failures: r.failures, error: r.error, summary: r.summary };
}

function junitSuites(results: TestResult[]): JunitSuite[] {
  const suites = new Map<string, JunitSuite & { cases: JunitSuite['cases'][number][] }>();
  for (const r of results) {
    const suite = suites.get(r.suite) ?? { name: r.suite, cases: [] };
    suites.set(r.suite, suite);
    suite.cases.push({
      name: r.scenario.name,
      // CI systems group by classname and read dots as packages: a path without its extension.
      classname: r.suite === 'presets' ? 'lifeline.presets' : r.source.replace(/\.json$/, ''),
      timeSec: r.timeSec,
      failure: r.status === 'fail' ? { message: r.failures.map(describeFailure).join('; '), type: 'expect', detail: r.failures.map(describeFailure).join('\n') } : undefined,
      error: r.status === 'error' ? { message: r.error!, type: 'run-failed', detail: r.error! } : undefined,
      systemOut: r.summary && JSON.stringify(r.summary),
    });
  }
  return [...suites.values()];
}
