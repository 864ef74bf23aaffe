// JUnit XML, the test-report format CI systems read (Jenkins, GitLab, GitHub Actions reporters):
// <testsuites> of <testsuite> of <testcase name classname time>, a broken expectation as
// <failure message type>, a run that could not finish as <error message type>.
import { escapeXml } from '../../shared/util/escape-xml.ts';

export interface JunitProblem {
  message: string;
  type: string;
  /** Longer text: one line per broken constraint. */
  detail: string;
}

export interface JunitCase {
  name: string;
  classname: string;
  timeSec: number;
  failure?: JunitProblem;
  error?: JunitProblem;
  systemOut?: string;
}

export interface JunitSuite {
  name: string;
  cases: readonly JunitCase[];
}

export function junitXml(suites: readonly JunitSuite[], timestamp: Date): string {
  const count = (cases: readonly JunitCase[]) => ({
    tests: cases.length,
    failures: cases.filter((c) => c.failure).length,
    errors: cases.filter((c) => c.error).length,
    time: seconds(cases.reduce((t, c) => t + c.timeSec, 0)),
  });
  const all = count(suites.flatMap((s) => s.cases));
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites${attrs({ name: 'lifeline test', ...all })}>`];
  for (const s of suites) {
    out.push(`  <testsuite${attrs({ name: s.name, ...count(s.cases), skipped: 0, timestamp: timestamp.toISOString().slice(0, 19) })}>`);
    for (const c of s.cases) {
      const inner = [
        c.failure && problem('failure', c.failure),
        c.error && problem('error', c.error),
        c.systemOut !== undefined && `      <system-out>${escapeXml(c.systemOut)}</system-out>`,
      ].filter(Boolean);
      const open = `    <testcase${attrs({ name: c.name, classname: c.classname, time: seconds(c.timeSec) })}`;
      out.push(inner.length ? `${open}>\n${inner.join('\n')}\n    </testcase>` : `${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>', '');
  return out.join('\n');
}

function problem(tag: 'failure' | 'error', p: JunitProblem): string {
  return `      <${tag}${attrs({ message: p.message, type: p.type })}>${escapeXml(p.detail)}</${tag}>`;
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    // A raw line break in an attribute would be read back as a space: keep it as a reference.
    .map(([k, v]) => ` ${k}="${escapeXml(String(v)).replace(/[\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)}"`)
    .join('');
}

function seconds(s: number): string {
  return s.toFixed(3);
}
