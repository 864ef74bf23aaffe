// Every scenario field as a form. Values are validated with the same schema as the CLI, so the
// messages are the CLI's messages.
import type { ReactNode } from 'react';
import { useStore } from '../store.ts';
import { BACKGROUND_TASKS, PUSH_ROUTES, RECLAIM_MOMENTS } from '../../../shared/scenario/scenario.ts';
import { BACKGROUND_TASK_LABELS, RECLAIM_LABELS } from '../../../shared/view/help.ts';
import { ChoiceInput, Field, NumberInput, setAt, toNumber, useDraftEdit } from './form-fields.tsx';
import { FormIssueList } from './FormIssueList.tsx';
import { HeartbeatPolicyEditor } from './HeartbeatPolicyEditor.tsx';
import { NetworksEditor } from './NetworksEditor.tsx';
import { ModernPathEditor } from './ModernPathEditor.tsx';
import { TimelineEditor } from './TimelineEditor.tsx';
import { ServerEditor } from './ServerEditor.tsx';

export function PolicyEditor() {
  const { draft, edit, running } = useDraftEdit();
  const formIssues = useStore((s) => s.formIssues);
  const capture = useStore((s) => s.capture);
  if (capture !== null)
    return (
      <p className="form-source" data-testid="form-source">
        Showing the capture <strong>{capture}</strong>: no scenario is loaded. Choose a preset or open a scenario to run one; the run replaces the capture.
      </p>
    );
  if (!draft) return null;

  const update = (section: string | null, key: string, value: unknown) => edit((d) => setAt(d, section ? [section, key] : [key], value));
  const num = (section: string | null, key: string, nullable: boolean | 'optional' = false, hint?: string, label = key) => (
    <NumberInput path={section ? [section, key] : [key]} label={label} hint={hint} nullable={nullable} />
  );
  const bool = (key: string, label: ReactNode) => (
    <label className="check">
      <input type="checkbox" name={`app.${key}`} checked={Boolean(draft.app[key])} disabled={running} onChange={(e) => update('app', key, e.target.checked)} /> {label}
    </label>
  );
  const choice = (section: string, key: string, options: readonly string[], label = key, labels: Record<string, string> = {}, hint?: string) => (
    <ChoiceInput path={[section, key]} label={label} options={options} labels={labels} hint={hint} />
  );
  const reconnect = draft.app.reconnect as { initialSec: unknown; maxSec: unknown } | null;

  return (
    <form className="policy" onSubmit={(e) => e.preventDefault()} aria-label="scenario">
      {/* Right under Run, which it explains; each field below says its own part and is marked. */}
      {formIssues.length > 0 && <FormIssueList issues={formIssues} />}
      <fieldset>
        <legend>App and iOS</legend>
        {num(null, 'ios', false, 'major version it runs on', 'iOS version')}
        {num('app', 'sdk', 'optional', 'major version, empty = same as iOS', 'built with SDK')}
        {/* The API's name breaks between its words where the sidebar is narrow, not mid-word. */}
        {bool('voipSocket', <>VoIP stream flag (kCFStream<wbr />Network<wbr />Service<wbr />Type<wbr />VoIP)</>)}
        {bool('voipBackgroundMode', 'UIBackgroundModes voip (Info.plist)')}
        {num('app', 'clientHeartbeatSec', true, 's, empty = off', 'client heartbeat')}
        {num('app', 'keepAliveTimeoutSec', true, 's ≥ 600, empty = off', 'keep-alive timeout')}
        {choice('app', 'backgroundTask', BACKGROUND_TASKS, 'background task', BACKGROUND_TASK_LABELS)}
        {bool('reportsToCallKit', 'PushKit handler reports each VoIP push to CallKit')}
        <label className="check">
          <input type="checkbox" name="app.reconnect" checked={reconnect !== null} disabled={running} onChange={(e) => update('app', 'reconnect', e.target.checked ? { initialSec: 2, maxSec: 120 } : null)} /> reconnect with backoff
        </label>
        {reconnect && (
          <div className="pair">
            <Field label="initial s" name="app.reconnect.initialSec">
              <input name="app.reconnect.initialSec" value={String(reconnect.initialSec)} disabled={running} onChange={(e) => update('app', 'reconnect', { ...reconnect, initialSec: toNumber(e.target.value, false) })} />
            </Field>
            <Field label="max s" name="app.reconnect.maxSec">
              <input name="app.reconnect.maxSec" value={String(reconnect.maxSec)} disabled={running} onChange={(e) => update('app', 'reconnect', { ...reconnect, maxSec: toNumber(e.target.value, false) })} />
            </Field>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Server</legend>
        <ServerEditor />
        {num('server', 'heartbeatSec', true, 's, empty = off', 'server heartbeat')}
        {num('server', 'pushEverySec', true, 's, empty = off', 'push every')}
        {num('server', 'deadAfterMissed', false, 'unanswered PINGs', 'dead after')}
        {num('server', 'restartDownSec', false, 's a server-restart stays down', 'restart down')}
        {choice('server', 'pushVia', PUSH_ROUTES, 'pushes via')}
      </fieldset>
      <HeartbeatPolicyEditor />
      <ModernPathEditor />
      <NetworksEditor />
      <fieldset>
        <legend>Run</legend>
        {num(null, 'durationSec', false, 's', 'duration')}
        <NumberInput path={['seed']} label="random seed" hint="integer" nullable="optional" placeholder="1" />
        <TimelineEditor />
      </fieldset>
      <fieldset>
        <legend>Model settings</legend>
        <p className="uncertain">Values the sources disagree on or leave open (sources in docs/model.md): defaults shown; H = Apple or source code, M = reliable secondary source, L = folklore.</p>
        {num('model', 'suspendAfterSec', false, '(M) default 5', 'suspend after background, s')}
        {num('model', 'backgroundTaskSec', true, '(M/L) empty = by iOS: 600/180/30', 'background task budget, s')}
        {num('model', 'voipWakeSec', false, '(L) default 10', 'VoIP wake window, s')}
        {num('model', 'keepAliveHandlerSec', false, '(H) at most 10', 'keep-alive handler time, s')}
        {num('model', 'keepAliveShiftMaxSec', false, '(L) default 0', 'keep-alive early shift, s')}
        <ChoiceInput path={['model', 'reclaimSocketsAt']} label="reclaim a non-VoIP socket" options={RECLAIM_MOMENTS} labels={RECLAIM_LABELS} none="by iOS version" hint="by iOS: at the lock on 4–6 (M), at suspension later (H)" />
        {num('model', 'callKitBlockAfter', false, '(L) default 4', 'unreported VoIP pushes before the block')}
        {num('model', 'refreshRunSec', false, '(M) default 30', 'background refresh run, s')}
        {num('model', 'refreshLateMaxSec', false, '(L) default 3600', 'refresh at most this late, s')}
        {num('model', 'silentPushesPerHour', false, '(L) default 3', 'silent pushes delivered an hour')}
        {num('model', 'localPushTimerSec', false, '(L) default 60', 'Local Push timer event, s')}
        {num('model', 'lockedWifiOffEverySec', true, '(M/L) empty = not modelled', 'locked phone: Wi-Fi off after, s')}
        {num('model', 'lockedWifiOffSec', false, '(M/L) default 30', 'locked phone: Wi-Fi off for, s')}
        <NumberInput path={['model', 'tcpGiveUpSec']} label="TCP gives up on unacknowledged bytes after, s" hint="(H/M) empty = by platform: 511 iOS, 924.6 android" nullable placeholder="by platform" />
      </fieldset>
    </form>
  );
}
