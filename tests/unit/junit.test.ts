import { test } from 'node:test';
import assert from 'node:assert/strict';
import { junitXml } from '../../electron/cli/junit.ts';
import { elements, parseXmlStrict } from '../helpers/xml.ts';

test('JUnit XML: counts per suite and overall; names, messages and text survive escaping', () => {
  const nasty = `a <b> & "c" 'd'\nline\u0001`;
  const xml = junitXml(
    [
      { name: 'suite & co', cases: [{ name: nasty, classname: 'x.y', timeSec: 0.25 }, { name: 'f', classname: 'x.y', timeSec: 1, failure: { message: nasty, type: 'expect', detail: `${nasty}]]>` } }] },
      { name: 's2', cases: [{ name: 'e', classname: 'z', timeSec: 0.5, error: { message: 'boom', type: 'run-failed', detail: 'boom' }, systemOut: '{"a":1}' }] },
    ],
    new Date('2026-01-02T03:04:05Z'),
  );
  const doc = parseXmlStrict(xml);
  const root = doc.documentElement;
  assert.equal(root.tagName, 'testsuites');
  assert.deepEqual(['tests', 'failures', 'errors', 'time'].map((a) => root.getAttribute(a)), ['3', '1', '1', '1.750']);
  const [s1, s2] = elements(doc, 'testsuite');
  assert.equal(s1!.getAttribute('name'), 'suite & co');
  assert.equal(s1!.getAttribute('timestamp'), '2026-01-02T03:04:05');
  assert.deepEqual(['tests', 'failures', 'errors'].map((a) => s2!.getAttribute(a)), ['1', '0', '1']);
  const [c1, c2, c3] = elements(doc, 'testcase');
  // The control character is dropped (XML 1.0 forbids it); the line break survives in the attribute.
  assert.equal(c1!.getAttribute('name'), `a <b> & "c" 'd'\nline`);
  assert.equal(c1!.getAttribute('time'), '0.250');
  assert.equal(elements(c1!, 'failure').length, 0);
  const failure = elements(c2!, 'failure')[0]!;
  assert.equal(failure.getAttribute('type'), 'expect');
  assert.equal(failure.getAttribute('message'), `a <b> & "c" 'd'\nline`);
  assert.equal(failure.textContent, `a <b> & "c" 'd'\nline]]>`);
  assert.equal(elements(c3!, 'error')[0]!.getAttribute('type'), 'run-failed');
  assert.equal(elements(c3!, 'system-out')[0]!.textContent, '{"a":1}');
});
