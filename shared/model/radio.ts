// The radio profiles (FACTS: Radio energy of a heartbeat): the RRC states and, per profile, the
// promotion, tail and idle costs that the radio fold in shared/folds/radio-fold.ts integrates.

/** RRC states, one lane colour each. `active`: LTE continuous reception, 3G DCH, Wi-Fi active. */
export type RadioState = 'idle' | 'promotion' | 'active' | 'short-drx' | 'long-drx' | 'fach';

export const RADIO_PROFILES = ['lte', 'lte-huang', '3g', 'wifi'] as const;
export type RadioProfileName = (typeof RADIO_PROFILES)[number];

interface Phase {
  state: RadioState;
  sec: number;
  watts: number;
  /** A packet in this phase first pays this promotion back to the first phase (3G FACH → DCH). */
  promotion?: Promotion;
}

export interface Promotion {
  sec: number;
  watts: number;
}

export interface RadioProfile {
  name: RadioProfileName;
  /** Idle → connected: the packet waits while the radio pays this. Null where there is none (Wi-Fi). */
  promotion: Promotion | null;
  /** After the last packet, in order; then idle. A packet during the tail restarts it from the first phase. */
  tail: readonly Phase[];
  /** What idle costs anyway (paging, standby): counted apart, in idleJoules. */
  idleWatts: number;
  /** Throughput terms: joules per byte sent / received. */
  upJoulesPerByte: number;
  downJoulesPerByte: number;
}

/** mW per Mbps → J per byte. */
const perByte = (mwPerMbps: number) => (mwPerMbps / 1000 / 1e6) * 8;

/** FACTS: Radio energy — ARO lte.conf: DRX baseline 1.06 W with 1.68 W pings of 2 ms every 40 ms. */
const LTE_DRX_WATTS = 1.06 + ((1.68 - 1.06) * 2) / 40;
/** FACTS: Radio energy — idle paging 43 ms every 1.28 s at 0.594 W (≈ 20 mW average). */
const LTE_PAGING_WATTS = (0.594 * 0.043) / 1.28;
const LTE_PROMOTION = { sec: 0.26, watts: 1.21 };
const LTE_DATA = { upJoulesPerByte: perByte(438.39), downJoulesPerByte: perByte(51.97) };

export const RADIO: Record<RadioProfileName, RadioProfile> = {
  // FACTS: Radio energy — ARO's shipped LTE profile: continuous reception 0.1 s at 1.2 W, short
  // DRX 0.02 s, long DRX 10 s: tail ≈ 10.12 s.
  lte: {
    name: 'lte',
    promotion: LTE_PROMOTION,
    tail: [
      { state: 'active', sec: 0.1, watts: 1.2 },
      { state: 'short-drx', sec: 0.02, watts: LTE_DRX_WATTS },
      { state: 'long-drx', sec: 10, watts: LTE_DRX_WATTS },
    ],
    idleWatts: LTE_PAGING_WATTS,
    ...LTE_DATA,
  },
  // FACTS: Radio energy — Huang et al. (MobiSys 2012) measured an 11.576 s tail at ≈ 1.06 W.
  'lte-huang': {
    name: 'lte-huang',
    promotion: LTE_PROMOTION,
    tail: [{ state: 'long-drx', sec: 11.576, watts: 1.06 }],
    idleWatts: LTE_PAGING_WATTS,
    ...LTE_DATA,
  },
  // FACTS: 3G radio states — IDLE→DCH promotion 2.0 s at 0.65 W; DCH 1.30 W for 4 s; FACH
  // 0.30 W for 10 s; a packet in FACH pays ARO's FACH→DCH promotion (1.5 s at 0.8 W) before DCH
  // starts again. 3G idle costs nothing here.
  '3g': {
    name: '3g',
    promotion: { sec: 2, watts: 0.65 },
    tail: [
      { state: 'active', sec: 4, watts: 1.3 },
      { state: 'fach', sec: 10, watts: 0.3, promotion: { sec: 1.5, watts: 0.8 } },
    ],
    idleWatts: 0,
    upJoulesPerByte: 0,
    downJoulesPerByte: 0,
  },
  // FACTS: Radio energy — ARO WiFi.conf: tail 0.25 s, active 0.403 W, standby 0.02 W.
  wifi: {
    name: 'wifi',
    promotion: null,
    tail: [{ state: 'active', sec: 0.25, watts: 0.403 }],
    idleWatts: 0.02,
    upJoulesPerByte: 0,
    downJoulesPerByte: 0,
  },
};
