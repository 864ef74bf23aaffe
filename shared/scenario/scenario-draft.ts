// Edits the scenario form makes to a draft (an unvalidated scenario) that touch more than one
// field: the networks list, the start network and the `nat` and `radio` that follow it. Pure, so
// the form and the unit tests agree; the result still goes through validateScenario.

type Obj = Record<string, unknown>;
export interface DraftEntry {
  atSec: number;
  action: string;
  to?: string;
}
export type Draft = Obj & { app: Obj; server: Obj; nat?: Obj; networks?: Record<string, Obj>; network?: string; radio?: string; timeline: DraftEntry[] };

const NAT_KEYS = ['idleTimeoutSec', 'onExpiry', 'refreshOn'] as const;

/** The draft's network by label: its own only, or a label such as "constructor" finds Object.prototype's. */
const networkOf = (d: Draft, label: string): Obj | undefined => (d.networks && Object.hasOwn(d.networks, label) ? d.networks[label] : undefined);

/**
 * A validated scenario carries its start network's NAT as `nat` and its radio as `radio`
 * (shared/scenario/scenario.ts withNetworks), and refuses a `nat` that differs: keep both in step, so a
 * draft that edits the start network stays valid and, edited back, equals its preset again.
 */
export function followStartNetwork(d: Draft): Draft {
  const start = d.network !== undefined ? networkOf(d, d.network) : undefined;
  if (!start) return d;
  return { ...d, nat: Object.fromEntries(NAT_KEYS.map((k) => [k, start[k]])), radio: start.radio as string };
}

/** Adds a network like the one the device is on now (its NAT and radio), for the user to edit. */
export function addNetwork(d: Draft, label: string): Draft {
  if (label === '' || networkOf(d, label)) return d;
  const like = { ...d.nat, radio: d.radio ?? 'lte' };
  // The first network turns the single NAT into a list and starts the run on it.
  if (!d.networks) return followStartNetwork({ ...d, networks: { [label]: like }, network: label });
  return { ...d, networks: { ...d.networks, [label]: like } };
}

/**
 * Removes a network; the start moves to the first one left, and without any the scenario is back
 * to a single NAT (the last network's). Timeline entries and Local Push SSIDs naming it stay, so
 * validation says what still names it.
 */
export function removeNetwork(d: Draft, label: string): Draft {
  if (!d.networks || !networkOf(d, label)) return d;
  const { [label]: _gone, ...rest } = d.networks;
  const left = Object.keys(rest);
  if (left.length === 0) {
    const { networks: _n, network: _s, ...single } = d;
    return single as Draft;
  }
  return followStartNetwork({ ...d, networks: rest, network: d.network === label ? left[0] : d.network });
}

/** Local Push's SSID list from a comma-separated text: trimmed, empty items dropped. */
export function parseSsids(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
