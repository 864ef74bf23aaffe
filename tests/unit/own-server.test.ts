// Your own server's URL and what a scenario may ask of it (shared/scenario/own-server.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOwnServer, parseServerUrl, ServerUrlError, withoutPassword } from '../../shared/scenario/own-server.ts';
import { ScenarioError } from '../../shared/scenario/scenario.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { scenario } from '../helpers/run.ts';

function urlError(text: string, what?: string, kinds?: readonly ('mqtt' | 'ws')[]): string {
  try {
    parseServerUrl(text, what, kinds);
  } catch (e) {
    assert.ok(e instanceof ServerUrlError, String(e));
    return e.message;
  }
  assert.fail(`expected ${text} to be refused`);
}

test('MQTT and WebSocket URLs parse; the display keeps the user and never the password', () => {
  const m = parseServerUrl('mqtt://alice:s%40cret@broker.example:8883/devices/42');
  assert.deepEqual(m, { kind: 'mqtt', host: 'broker.example', port: 8883, path: '/devices/42', username: 'alice', password: 's@cret', display: 'mqtt://alice@broker.example:8883/devices/42' });
  assert.deepEqual(parseServerUrl('mqtt://127.0.0.1'), { kind: 'mqtt', host: '127.0.0.1', port: 1883, path: '', display: 'mqtt://127.0.0.1:1883' });
  assert.deepEqual(parseServerUrl('ws://[::1]:9000/live?room=1'), { kind: 'ws', host: '::1', port: 9000, path: '/live?room=1', display: 'ws://[::1]:9000/live?room=1' });
  assert.equal(parseServerUrl('ws://h:1').path, '/');
  assert.equal(parseServerUrl('ws://bob:pw@h:1/x').display, 'ws://bob@h:1/x');
});

test('a bad URL is refused naming the flag, what was expected and the URL without its password', () => {
  assert.match(urlError('http://h:1'), /^--server: expected mqtt:\/\/\[USER:PASS@\]HOST:PORT\[\/TOPIC\] or ws:\/\/.*, got "http:\/\/h:1"$/);
  const e = urlError('mqtt://u:hunter2@h:70000');
  assert.match(e, /the port must be from 1 to 65535, got "mqtt:\/\/u:\*\*\*@h:70000"/);
  assert.doesNotMatch(e, /hunter2/);
  assert.match(urlError('mqtts://h:8883'), /TLS \(mqtts:\/\/\) is not supported; use mqtt:\/\//);
  assert.match(urlError('mqtt://h:1/a/+/b'), /wildcards/);
  assert.match(urlError('mqtt://h:1/t?x=1'), /no query/);
  assert.match(urlError('mqtt://u:%zz@h:1'), /password is not valid percent-encoding/);
  assert.match(urlError('mqtt://h:1', '--push-url', ['ws']), /^--push-url: expected ws:\/\/\[USER:PASS@\]HOST:PORT\/PATH, got/);
  assert.equal(withoutPassword('ws://a:b@c:1/d'), 'ws://a:***@c:1/d');
});

test('a scenario that asks what a real server cannot do is refused, field by field', () => {
  const s = scenario({ server: { pushVia: 'pushkit' }, timeline: [{ atSec: 10, action: 'server-restart' }], app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60 } });
  try {
    checkOwnServer(s, 'x.json', 'mqtt://h:1');
    assert.fail('expected a ScenarioError');
  } catch (e) {
    assert.ok(e instanceof ScenarioError);
    assert.match(e.message, /^x\.json: server\.pushVia: "pushkit" needs the built-in server/);
    assert.match(e.message, /timeline\[0\]\.action: Lifeline cannot restart your own server/);
  }
  assert.throws(() => checkOwnServer(s, 'x.json', 'mqtt://h:1', 'ws://h:2/push'), /--push-url: only with a ws:\/\/ server/);
});

test('settings the real server does not follow are named in notes', () => {
  const { notes, spec } = checkOwnServer(findPreset('server-heartbeat-under-nat')!, 'p', 'ws://h:1/device');
  assert.equal(spec.push, null);
  assert.ok(notes.some((n) => /server\.heartbeatSec .* not used/.test(n)));
  assert.ok(notes.some((n) => /pushes are off/.test(n)));
  const mqtt = checkOwnServer(findPreset('server-heartbeat-under-nat')!, 'p', 'mqtt://h:1');
  assert.ok(mqtt.notes.some((n) => /keep-alive 0 \(off\)/.test(n)));
  const quiet = checkOwnServer(scenario({ app: { heartbeatPolicy: 'mqtt', mqttKeepAliveSec: 60 }, server: { heartbeatSec: null } }), 'p', 'mqtt://h:1');
  assert.deepEqual(quiet.notes, []);
});
