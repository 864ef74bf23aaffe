// The form's multi-field edits to a draft: networks added and removed, the start network's NAT and
// radio carried as `nat` and `radio`; every result goes through the CLI's validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addNetwork, followStartNetwork, parseSsids, removeNetwork, type Draft } from '../../shared/scenario/scenario-draft.ts';
import { asEdited } from '../../shared/scenario/edited-preset.ts';
import { findPreset } from '../../shared/scenario/presets.ts';
import { validateScenario } from '../../shared/scenario/scenario.ts';

const draftOf = (name: string) => structuredClone(findPreset(name)!) as unknown as Draft;

test('the first network added takes the single NAT and radio and starts the run; the run is the same scenario', () => {
  const single = draftOf('server-heartbeat-under-nat');
  const d = addNetwork(single, 'mobile_carrier');
  assert.deepEqual(d.networks, { mobile_carrier: { ...single.nat, radio: single.radio } });
  assert.equal(d.network, 'mobile_carrier');
  const s = validateScenario(d, 'form');
  assert.deepEqual([s.nat, s.radio], [single.nat, single.radio]);
});

test('a network added later copies the start network; a taken or empty label changes nothing', () => {
  const d = addNetwork(draftOf('carrier-and-home-wifi'), 'office');
  assert.deepEqual(d.networks!.office, { idleTimeoutSec: 300, onExpiry: 'drop', refreshOn: 'both', radio: 'lte' });
  assert.equal(d.network, 'mobile_carrier');
  assert.equal(addNetwork(d, 'office'), d);
  assert.equal(addNetwork(d, ''), d);
  validateScenario(d, 'form');
});

test('a network may be labelled like a property every object has ("constructor", "toString"): added, started on, removed', () => {
  // addNetwork saw Object.prototype's constructor as a taken label and changed nothing.
  const d = addNetwork(addNetwork(draftOf('server-heartbeat-under-nat'), 'constructor'), 'toString');
  assert.deepEqual(Object.keys(d.networks!), ['constructor', 'toString']);
  assert.equal(d.network, 'constructor');
  assert.equal(validateScenario(d, 'form').network, 'constructor');
  const left = removeNetwork(d, 'constructor');
  assert.deepEqual([Object.keys(left.networks!), left.network], [['toString'], 'toString']);
  assert.equal(removeNetwork(left, 'hasOwnProperty'), left);
});

test('editing the start network moves nat and radio with it, so the draft stays valid; edited back it is the preset again', () => {
  const preset = findPreset('carrier-and-home-wifi')!;
  const d = draftOf('carrier-and-home-wifi');
  d.networks!.mobile_carrier!.idleTimeoutSec = 200;
  d.networks!.mobile_carrier!.radio = '3g';
  const edited = followStartNetwork(d);
  assert.deepEqual([edited.nat!.idleTimeoutSec, edited.radio], [200, '3g']);
  const s = validateScenario(edited, 'form');
  assert.deepEqual([s.nat.idleTimeoutSec, s.radio], [200, '3g']);
  // Without following, the stale nat is refused by the CLI's rule.
  assert.throws(() => validateScenario(d, 'form'), /nat: give either nat or networks/);
  edited.networks!.mobile_carrier!.idleTimeoutSec = 300;
  edited.networks!.mobile_carrier!.radio = 'lte';
  assert.equal((asEdited(followStartNetwork(edited), preset) as { name: string }).name, preset.name);
});

test('removing the start network starts on the next; removing the last leaves the single NAT; what still names it fails validation by name', () => {
  const d = removeNetwork(draftOf('carrier-and-home-wifi'), 'mobile_carrier');
  assert.equal(d.network, 'wifi_home');
  assert.deepEqual([d.nat!.idleTimeoutSec, d.radio], [3600, 'wifi']);
  assert.throws(() => validateScenario(d, 'form'), /timeline\[2\]\.to: no network "mobile_carrier" in networks/);
  const single = removeNetwork(d, 'wifi_home');
  assert.equal(single.networks, undefined);
  assert.equal(single.network, undefined);
  single.timeline = single.timeline.filter((e) => e.to === undefined);
  const s = validateScenario(single, 'form');
  assert.deepEqual([s.nat.idleTimeoutSec, s.radio], [3600, 'wifi']);
  assert.equal(removeNetwork(single, 'nowhere'), single);
});

test('SSIDs typed as a list: trimmed, empty items dropped', () => {
  assert.deepEqual(parseSsids(' ward-wifi, icu-wifi ,,'), ['ward-wifi', 'icu-wifi']);
  assert.deepEqual(parseSsids(''), []);
});
