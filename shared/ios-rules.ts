// The iOS rules the model encodes, as pure functions of the scenario. Each cites its section of docs/model.md.
import type { Scenario } from './scenario.ts';

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

/**
 * FACTS: The legacy VoIP technique. Needs BOTH the `voip` UIBackgroundMode and the VoIP stream
 * service type, and (QA1938) is disabled for apps linked with the iOS 10 SDK: we model an app
 * built for the iOS version it runs on, so iOS >= 10 ignores it.
 */
export function voipHonoured(s: Scenario): boolean {
  return s.app.voipSocket && s.app.voipBackgroundMode && s.ios < 10;
}

/** Why the legacy VoIP mode is not honoured, in words a trainer can read out; null if it is. */
export function voipRefusal(s: Scenario): string | null {
  if (s.ios >= 10) return `iOS ${s.ios} ignores the legacy VoIP mode for apps built with the iOS 10 SDK or later (QA1938)`;
  if (!s.app.voipBackgroundMode && !s.app.voipSocket) return 'no voip background mode and no VoIP stream flag';
  if (!s.app.voipBackgroundMode) return 'the socket is VoIP-flagged but Info.plist lacks UIBackgroundModes voip';
  if (!s.app.voipSocket) return 'UIBackgroundModes has voip but the socket lacks kCFStreamNetworkServiceTypeVoIP';
  return null;
}

/**
 * FACTS: setKeepAliveTimeout keep-alive handler — part of the VoIP background mode, iOS 4.0–9.0; the
 * schema already refuses timeouts under 600 s (UIMinimumKeepAliveTimeout).
 */
export function keepAliveRefusal(s: Scenario): string | null {
  if (!s.app.voipBackgroundMode) return 'setKeepAliveTimeout needs UIBackgroundModes voip';
  if (s.ios >= 10) return `setKeepAliveTimeout is part of the legacy VoIP mode, ignored on iOS ${s.ios}`;
  return null;
}
