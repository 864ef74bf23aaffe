// Lesson mode's story comes from the event log by rules, for presets and for any scenario.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lessonMoments, spokenDuration } from '../../shared/folds/lesson/moments.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { runFast, scenario } from '../helpers/run.ts';

const story = async (name: string) => lessonMoments((await runFast(findPreset(name)!)).events);
const kinds = (m: { kind: string }[]) => m.map((x) => x.kind);

test('spoken durations are rounded for a room', () => {
  assert.deepEqual([spokenDuration(4_400), spokenDuration(3_254_000), spokenDuration(3_600_000), spokenDuration(5_460_000)], ['4 s', '54 min 14 s', '1 h', '1 h 31 min']);
});

test('a heartbeat over the NAT timeout: kept socket, dead path, lost push, the total', async () => {
  const m = await story('server-heartbeat-over-nat');
  assert.deepEqual(kinds(m).slice(0, 2), ['socket-kept', 'path-dead']);
  const dead = m.find((x) => x.kind === 'path-dead')!;
  assert.match(dead.caption, /NAT forgot the connection after 300 s/);
  assert.ok(m.some((x) => x.kind === 'push-lost' && x.t > dead.t));
  assert.equal(m.at(-1)!.kind, 'dead-total');
  for (let i = 1; i < m.length; i++) assert.ok(m[i]!.t >= m[i - 1]!.t);
});

test('the technique done right ends with the fix keeping the path alive', async () => {
  const m = await story('server-heartbeat-under-nat');
  assert.deepEqual(kinds(m), ['socket-kept', 'woken', 'kept-alive']);
  assert.match(m.at(-1)!.caption, /server heartbeats refreshed the NAT mapping before its 300 s timeout/);
});

test('without the VoIP flag the socket is reclaimed at suspension, and the app notices only when it runs', async () => {
  const m = await story('no-voip-flag');
  assert.equal(m[0]!.kind, 'socket-reclaimed');
  assert.ok(!m.some((x) => x.kind === 'kept-alive'));
  // The captions agree with the log: the server saw the close, and had no connection for its push.
  const dead = m.find((x) => x.kind === 'path-dead')!;
  assert.match(dead.caption, /The server saw the close/);
  assert.doesNotMatch(dead.caption, /Nobody is told/);
  const lost = m.find((x) => x.kind === 'push-lost')!;
  assert.match(lost.caption, /no connection to send it on/);
  assert.doesNotMatch(lost.caption, /wrote it without error/);
});

test('the article’s snippet gets the app terminated; a user’s own scenario gets a story too', async () => {
  assert.ok(kinds(await story('seed-snippet')).includes('terminated'));
  const own = lessonMoments((await runFast(scenario({ durationSec: 600, timeline: [{ atSec: 60, action: 'background' }, { atSec: 200, action: 'kill' }, { atSec: 300, action: 'foreground' }] }))).events);
  assert.deepEqual(kinds(own).filter((k) => k === 'terminated' || k === 'relaunched'), ['terminated', 'relaunched']);
});

test('the modern path gets its own story: the CallKit kill and the block, a PushKit wake, the Local Push provider stopping', async () => {
  const forgets = await story('ios13-forgets-callkit');
  assert.ok(kinds(forgets).includes('callkit-kill') && kinds(forgets).includes('pushes-blocked'));
  assert.equal(forgets.find((x) => x.kind === 'pushes-blocked')!.t, 1_200_000);
  assert.match(forgets.find((x) => x.kind === 'push-lost')!.caption, /VoIP pushes blocked/);
  const right = await story('pushkit-with-callkit');
  assert.match(right.find((x) => x.kind === 'woken')!.caption, /PushKit VoIP push/);
  assert.ok(!right.some((x) => x.kind === 'push-lost'), 'every push arrived, whatever the app socket did');
  const ward = await story('local-push-hospital-wifi');
  assert.match(ward.find((x) => x.kind === 'provider-stopped')!.caption, /noNetworkAvailable/);
  assert.match((await story('refresh-cannot-keep-socket')).find((x) => x.kind === 'woken')!.caption, /background refresh run/);
});

test('the story follows the push path: PushKit is kept alive though the app socket dies; the CallKit block is dead time; Local Push is down, and known', async () => {
  const right = await story('pushkit-with-callkit');
  assert.ok(!right.some((x) => x.kind === 'path-dead' || x.kind === 'dead-total' || x.kind === 'app-notices'), kinds(right).join(', '));
  assert.match(right.find((x) => x.kind === 'socket-reclaimed')!.caption, /Pushes do not travel on it: they come through the push service, as PushKit VoIP pushes/);
  assert.equal(right.at(-1)!.kind, 'kept-alive');
  assert.match(right.at(-1)!.caption, /connection to the push service carried every VoIP push, although the app's own socket broke 4 times/);
  const forgets = await story('ios13-forgets-callkit');
  const dead = forgets.find((x) => x.kind === 'path-dead')!;
  assert.equal(dead.t, 1_200_000, 'dead from the block on');
  assert.match(dead.caption, /no longer delivers them/);
  assert.match(forgets.at(-1)!.caption, /^For 40 min of 1 h the server believed its pushes would arrive \(PushKit\), and they would not\. 8 of 12 pushes were lost\.$/);
  const ward = await story('local-push-hospital-wifi');
  assert.ok(!ward.some((x) => x.kind === 'path-dead' || x.kind === 'dead-total'));
  assert.equal(ward.at(-1)!.kind, 'down-total');
  assert.match(ward.at(-1)!.caption, /^For 16 min 40 s of 1 h no push could have arrived \(Local Push\), and the server knew it\. 2 of 6 pushes were lost\.$/);
});
