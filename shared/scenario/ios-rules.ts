// The iOS rules the model encodes, as pure functions of the scenario. Each cites its section of docs/model.md.
import type { ReclaimMoment, Scenario } from './scenario.ts';
import { LINUX_TCP_GIVE_UP_SEC, XNU_TCP_GIVE_UP_SEC } from '../model/tcp.ts';

/**
 * FACTS: Background task. Observed budgets: iOS 4–6 about 600 s, iOS 7–12 180 s, iOS 13+ about
 * 30 s. Undocumented, so the scenario may override it (model.backgroundTaskSec).
 */
export function backgroundTaskBudgetSec(s: Scenario): number {
  if (s.model.backgroundTaskSec !== null) return s.model.backgroundTaskSec;
  if (s.ios <= 6) return 600;
  if (s.ios <= 12) return 180;
  return 30;
}

/** The SDK the app was linked with: `app.sdk`, or the iOS version it runs on when not given. */
export function linkedSdk(s: Scenario): number {
  return s.app.sdk ?? s.ios;
}

/**
 * FACTS: VoIP history and the iOS 10 SDK — iOS 10 and later refuse the legacy VoIP mode to apps
 * linked with the iOS 10 SDK or later (QA1938); an app linked with an older SDK keeps it, and an
 * older iOS does not look at the SDK at all.
 */
function legacyVoipRefusedBySdk(s: Scenario): boolean {
  return s.ios >= 10 && linkedSdk(s) >= 10;
}

/** FACTS: VoIP configuration needs both halves — BOTH the `voip` UIBackgroundMode and the VoIP stream property. */
export function voipHonoured(s: Scenario): boolean {
  return s.app.voipSocket && s.app.voipBackgroundMode && !legacyVoipRefusedBySdk(s);
}

/** Why the legacy VoIP mode is not honoured, in words a trainer can read out; null if it is. */
export function voipRefusal(s: Scenario): string | null {
  if (legacyVoipRefusedBySdk(s)) return `iOS ${s.ios} refuses the legacy VoIP mode to an app built with the iOS ${linkedSdk(s)} SDK (the iOS 10 SDK or later, QA1938)`;
  if (!s.app.voipBackgroundMode && !s.app.voipSocket) return 'neither UIBackgroundModes voip in Info.plist nor the VoIP stream flag on the socket';
  if (!s.app.voipBackgroundMode) return 'the socket is VoIP-flagged but Info.plist lacks UIBackgroundModes voip';
  if (!s.app.voipSocket) return 'UIBackgroundModes has voip but the socket lacks kCFStreamNetworkServiceTypeVoIP';
  return null;
}

/**
 * FACTS: setKeepAliveTimeout keep-alive handler — part of the VoIP background mode (iOS 4.0–9.0,
 * and refused with it under QA1938); the schema already refuses timeouts under 600 s
 * (UIMinimumKeepAliveTimeout).
 */
export function keepAliveRefusal(s: Scenario): string | null {
  if (!s.app.voipBackgroundMode) return 'setKeepAliveTimeout needs UIBackgroundModes voip';
  if (legacyVoipRefusedBySdk(s)) return `setKeepAliveTimeout is part of the legacy VoIP mode, refused on iOS ${s.ios} to an app built with the iOS ${linkedSdk(s)} SDK`;
  return null;
}

/**
 * FACTS: Socket reclaim timing — when a suspended app's non-VoIP socket is reclaimed: on iOS 4–6
 * (the TN2277 era) once the screen locks, later as soon as the app is suspended;
 * model.reclaimSocketsAt overrides.
 */
export function reclaimMoment(s: Scenario): ReclaimMoment {
  return s.model.reclaimSocketsAt ?? (s.ios <= 6 ? 'lock' : 'suspension');
}

/**
 * What happens to the app's socket while it is suspended, in words for the event log and the
 * inspector. FACTS: Socket reclaim timing; VoIP configuration needs both halves.
 */
export function socketFate(s: Scenario): { kept: boolean; reason: string } {
  if (s.app.platform === 'android') return { kept: true, reason: 'the comparison platform (android) never suspends the process: the socket stays as long as the network keeps it' };
  const refusal = voipRefusal(s);
  if (refusal === null) return { kept: true, reason: 'the legacy VoIP mode keeps the socket while the app is suspended; data on it wakes the app' };
  const when = reclaimMoment(s) === 'lock' ? 'once the app is suspended and the screen is locked' : 'as soon as the app is suspended';
  return { kept: false, reason: `${refusal}: the system reclaims the socket ${when}` };
}

/**
 * FACTS: CallKit reporting rule — an app built with the iOS 13 SDK or later, on iOS 13 or later,
 * is killed when its PushKit handler returns without reporting a call, unless it is in the
 * foreground or already has a call in progress. Returns why the rule does not apply, or null.
 */
export function callKitExemption(s: Scenario, at: { foreground: boolean; activeCall: boolean }): string | null {
  if (s.ios < 13 || linkedSdk(s) < 13) return `built with the iOS ${linkedSdk(s)} SDK, running on iOS ${s.ios}: the rule starts with the iOS 13 SDK`;
  if (at.foreground) return 'the app is in the foreground';
  if (at.activeCall) return 'the app already has a call in progress';
  return null;
}

/**
 * FACTS: TCP retransmission timeout — how long the device's TCP retransmits unacknowledged bytes
 * before it drops the connection: model.tcpGiveUpSec, or by platform (XNU on iOS, Linux on the
 * android comparison).
 */
export function tcpGiveUpSec(s: Scenario): number {
  return s.model.tcpGiveUpSec ?? (s.app.platform === 'android' ? LINUX_TCP_GIVE_UP_SEC : XNU_TCP_GIVE_UP_SEC);
}
