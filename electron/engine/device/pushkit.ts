// PushKit VoIP pushes as the system hands them to the app, and the CallKit rule that polices them.
// FACTS: PushKit VoIP pushes; CallKit reporting rule.
import type { Recorder } from '../recorder.ts';
import type { DeviceApp } from './device-app.ts';
import type { Scenario } from '../../../shared/scenario/scenario.ts';
import { callKitExemption } from '../../../shared/scenario/ios-rules.ts';

export class VoipPushes {
  /** Unreported pushes that got the app killed: the system's count, kept across relaunches. */
  private failures = 0;

  constructor(
    private readonly s: Scenario,
    private readonly app: DeviceApp,
    private readonly rec: Recorder,
  ) {}

  private get blocked(): boolean {
    return this.failures >= this.s.model.callKitBlockAfter;
  }

  receive(id: number): void {
    if (this.blocked) {
      const reason = `the system stopped delivering VoIP pushes after ${this.failures} unreported`;
      this.rec.record({ kind: 'push.system', op: 'blocked', type: 'voip', id, reason });
      this.rec.record({ kind: 'push', op: 'lost', id, reason: 'VoIP pushes blocked' });
      return;
    }
    // The exception looks at the app as the push finds it, before the system runs it. A call in
    // progress is the user's (`call-start` … `call-end`); a reported push's call ends within the wake.
    const exemption = callKitExemption(this.s, { foreground: this.app.state === 'active', activeCall: this.app.inCall });
    // The same undocumented wake length as a VoIP-socket event (FACTS: VoIP wake length).
    this.app.runInBackground('voip', this.s.model.voipWakeSec);
    this.rec.record({ kind: 'push.system', op: 'received', type: 'voip', id });
    this.rec.record({ kind: 'push', op: 'delivered', id });
    if (this.s.app.reportsToCallKit) {
      this.rec.record({ kind: 'push.system', op: 'reported', type: 'voip', id });
      return;
    }
    if (exemption) {
      this.rec.record({ kind: 'push.system', op: 'unreported', type: 'voip', id, reason: `not killed: ${exemption}` });
      return;
    }
    this.failures++;
    const then = this.blocked ? '; the system stops delivering VoIP pushes to the app' : '';
    this.rec.record({
      kind: 'push.system', op: 'unreported', type: 'voip', id,
      reason: `killed: handler returned without reportNewIncomingCall (${this.failures} of ${this.s.model.callKitBlockAfter})${then}`,
      ...(this.blocked ? { blocks: true as const } : {}),
    });
    this.app.killBySystem('VoIP push not reported to CallKit (iOS 13 SDK rule)');
  }
}
