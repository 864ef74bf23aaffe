// Every scenario field as a form. Values are validated with the same schema as the CLI, so the
// messages are the CLI's messages.
import type { ReactNode } from 'react';
import { useStore } from '../store.ts';
import { BACKGROUND_TASKS, PUSH_ROUTES, TIMELINE_ACTIONS } from '../../../shared/scenario.ts';
import { BACKGROUND_TASK_LABELS, RECLAIM_LABELS } from '../../../shared/help.ts';

type Draft = Record<string, unknown> & {
  app: Record<string, unknown>;
  server: Record<string, unknown>;
  nat: Record<string, unknown>;
  model: Record<string, unknown>;
  timeline: { atSec: number; action: string }[];
};

/**
 * Empty means "off" (null) for nullable numbers, and "not given" (the key is left out) for
 * optional ones; anything else must parse.
 */
function toNumber(v: string, nullable: boolean | 'optional'): number | null | string | undefined {
  if (v.trim() === '') return nullable === 'optional' ? undefined : nullable ? null : v;
  const n = Number(v);
  return Number.isFinite(n) ? n : v;
}

function Field({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <label className="field">
      <span className="field-label">
        {label}
        {hint && <em className="field-hint"> {hint}</em>}
      </span>
      {children}
    </label>
  );
}

export function PolicyEditor() {
  const draft = useStore((s) => s.draft) as Draft | null;
  const setDraft = useStore((s) => s.setDraft);
  const formError = useStore((s) => s.formError);
  const running = useStore((s) => s.status === 'running' || s.status === 'paused');
  const capture = useStore((s) => s.capture);
  if (capture !== null)
    return (
      <p className="form-source" data-testid="form-source">
        Showing the capture <strong>{capture}</strong>: no scenario is loaded. Choose a preset or open a scenario to run one; the run replaces the capture.
      </p>
    );
  if (!draft) return null;

  const update = (section: string | null, key: string, value: unknown) => {
    const next = structuredClone(draft) as Record<string, unknown>;
    const target = section ? (next[section] as Record<string, unknown>) : next;
    if (value === undefined) delete target[key];
    else target[key] = value;
    setDraft(next);
  };
  const num = (section: string | null, key: string, nullable: boolean | 'optional' = false, hint?: string, label = key) => {
    const src = section ? (draft[section] as Record<string, unknown>) : draft;
    const v = src?.[key];
    return (
      <Field label={label} hint={hint}>
        <input
          name={`${section ? section + '.' : ''}${key}`}
          inputMode="decimal"
          value={v === null || v === undefined ? '' : String(v)}
          placeholder={nullable === 'optional' ? 'same' : nullable ? 'off' : ''}
          disabled={running}
          onChange={(e) => update(section, key, toNumber(e.target.value, nullable))}
        />
      </Field>
    );
  };
  const bool = (key: string, label: string) => (
    <label className="check">
      <input type="checkbox" name={`app.${key}`} checked={Boolean(draft.app[key])} disabled={running} onChange={(e) => update('app', key, e.target.checked)} /> {label}
    </label>
  );
  /** `labels` word the options for a person; the values stay the file's enum values. */
  const choice = (section: string, key: string, options: readonly string[], label = key, labels: Record<string, string> = {}, hint?: string) => (
    <Field label={label} hint={hint}>
      <select name={`${section}.${key}`} value={String((draft[section] as Record<string, unknown>)?.[key] ?? options[0])} disabled={running} onChange={(e) => update(section, key, e.target.value)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labels[o] ?? o}
          </option>
        ))}
      </select>
    </Field>
  );
  const reconnect = draft.app.reconnect as { initialSec: unknown; maxSec: unknown } | null;

  return (
    <form className="policy" onSubmit={(e) => e.preventDefault()} aria-label="scenario">
      <fieldset>
        <legend>App and iOS</legend>
        {num(null, 'ios', false, 'major version it runs on', 'iOS version')}
        {num('app', 'sdk', 'optional', 'major version, empty = same as iOS', 'built with SDK')}
        {bool('voipSocket', 'VoIP stream flag (kCFStreamNetworkServiceTypeVoIP)')}
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
            <Field label="initial s">
              <input name="app.reconnect.initialSec" value={String(reconnect.initialSec)} disabled={running} onChange={(e) => update('app', 'reconnect', { ...reconnect, initialSec: toNumber(e.target.value, false) })} />
            </Field>
            <Field label="max s">
              <input name="app.reconnect.maxSec" value={String(reconnect.maxSec)} disabled={running} onChange={(e) => update('app', 'reconnect', { ...reconnect, maxSec: toNumber(e.target.value, false) })} />
            </Field>
          </div>
        )}
      </fieldset>
      <fieldset>
        <legend>Server</legend>
        {num('server', 'heartbeatSec', true, 's, empty = off', 'server heartbeat')}
        {num('server', 'pushEverySec', true, 's, empty = off', 'push every')}
        {num('server', 'deadAfterMissed', false, 'unanswered PINGs', 'dead after')}
        {choice('server', 'pushVia', PUSH_ROUTES, 'pushes via')}
      </fieldset>
      <fieldset>
        <legend>NAT</legend>
        {num('nat', 'idleTimeoutSec', false, 's', 'idle timeout')}
        {choice('nat', 'onExpiry', ['silent-drop', 'reset'], 'on expiry')}
        {choice('nat', 'refreshOn', ['both', 'outbound'], 'refreshed by')}
      </fieldset>
      <fieldset>
        <legend>Run</legend>
        {num(null, 'durationSec', false, 's', 'duration')}
        <div className="timeline">
          {draft.timeline.map((e, i) => (
            <div key={i} className="timeline-row">
              <span>{e.atSec} s</span> <span>{e.action}</span>
              <button type="button" disabled={running} aria-label={`remove ${e.action} at ${e.atSec} s`} onClick={() => update(null, 'timeline', draft.timeline.filter((_, k) => k !== i))}>
                ×
              </button>
            </div>
          ))}
          <TimelineAdd disabled={running} onAdd={(entry) => update(null, 'timeline', [...draft.timeline, entry].sort((a, b) => a.atSec - b.atSec))} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Model settings</legend>
        <p className="uncertain">Values the sources disagree on or leave open (sources in docs/model.md): defaults shown; H = Apple or source code, M = reliable secondary source, L = folklore.</p>
        {num('model', 'suspendAfterSec', false, '(M) default 5', 'suspend after background, s')}
        {num('model', 'backgroundTaskSec', true, '(M/L) empty = by iOS: 600/180/30', 'background task budget, s')}
        {num('model', 'voipWakeSec', false, '(L) default 10', 'VoIP wake window, s')}
        {num('model', 'keepAliveHandlerSec', false, '(H) at most 10', 'keep-alive handler time, s')}
        {num('model', 'keepAliveShiftMaxSec', false, '(L) default 0', 'keep-alive early shift, s')}
        {choice('model', 'reclaimSocketsAt', ['suspension', 'lock'], 'reclaim a non-VoIP socket', RECLAIM_LABELS, '(H) today: at suspension')}
        {num('model', 'callKitBlockAfter', false, '(L) default 4', 'unreported VoIP pushes before the block')}
        {num('model', 'refreshRunSec', false, '(M) default 30', 'background refresh run, s')}
        {num('model', 'refreshLateMaxSec', false, '(L) default 3600', 'refresh at most this late, s')}
        {num('model', 'silentPushesPerHour', false, '(L) default 3', 'silent pushes delivered an hour')}
        {num('model', 'localPushTimerSec', false, '(L) default 60', 'Local Push timer event, s')}
        {num('model', 'lockedWifiOffEverySec', true, '(M/L) empty = not modelled', 'locked phone: Wi-Fi off after, s')}
        {num('model', 'lockedWifiOffSec', false, '(M/L) default 30', 'locked phone: Wi-Fi off for, s')}
      </fieldset>
      {formError && (
        <p className="form-error" role="alert" data-testid="form-error">
          {formError}
        </p>
      )}
    </form>
  );
}

function TimelineAdd({ disabled, onAdd }: { disabled: boolean; onAdd: (e: { atSec: number; action: string }) => void }) {
  return (
    <div className="timeline-add">
      <input name="timeline.new.atSec" placeholder="at s" inputMode="decimal" disabled={disabled} id="tl-at" />
      <select name="timeline.new.action" disabled={disabled} id="tl-action" aria-label="timeline action">
        {TIMELINE_ACTIONS.map((a) => (
          <option key={a}>{a}</option>
        ))}
      </select>
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          const at = document.getElementById('tl-at') as HTMLInputElement;
          const action = document.getElementById('tl-action') as HTMLSelectElement;
          const n = Number(at.value);
          if (at.value.trim() !== '' && Number.isFinite(n)) onAdd({ atSec: n, action: action.value });
        }}
      >
        add
      </button>
    </div>
  );
}
