// What replaced the VoIP socket (FACTS: The modern iOS path): background app refresh, the Local Push
// provider and its networks, and what carries a push while that provider is stopped.
import { useEffect, useState } from 'react';
import { PUSH_FALLBACKS } from '../../../shared/scenario/scenario.ts';
import { parseSsids } from '../../../shared/scenario/scenario-draft.ts';
import { ChoiceInput, Field, NumberInput, useDraftEdit } from './form-fields.tsx';

/** A fresh BGAppRefreshTask asks for a run no earlier than this (the refresh preset's value). */
const DEFAULT_EARLIEST_BEGIN_SEC = 900;

export function ModernPathEditor() {
  const { draft, edit, running } = useDraftEdit();
  if (!draft) return null;
  const refresh = draft.app.backgroundRefresh !== undefined;
  const localPush = draft.app.localPush as { ssids: string[] } | undefined;
  return (
    <fieldset>
      <legend>Modern iOS path</legend>
      <label className="check">
        <input type="checkbox" name="app.backgroundRefresh" checked={refresh} disabled={running} onChange={(e) => edit((d) => void (e.target.checked ? (d.app.backgroundRefresh = { earliestBeginSec: DEFAULT_EARLIEST_BEGIN_SEC }) : delete d.app.backgroundRefresh))} />{' '}
        background app refresh (BGAppRefreshTask)
      </label>
      {refresh && <NumberInput path={['app', 'backgroundRefresh', 'earliestBeginSec']} label="earliest begin, s" hint="the system runs it this late or later" />}
      <label className="check">
        <input
          type="checkbox"
          name="app.localPush"
          checked={localPush !== undefined}
          disabled={running}
          onChange={(e) => edit((d) => void (e.target.checked ? (d.app.localPush = { ssids: d.network !== undefined ? [d.network] : [] }) : delete d.app.localPush))}
        />{' '}
        Local Push provider (NEAppPushProvider) on listed Wi-Fi
      </label>
      {localPush && <SsidPicker ssids={localPush.ssids} labels={Object.keys(draft.networks ?? {})} disabled={running} onChange={(ssids) => edit((d) => void ((d.app.localPush as { ssids: string[] }).ssids = ssids))} />}
      <ChoiceInput path={['server', 'fallback']} label="fallback while the provider is stopped" options={PUSH_FALLBACKS} none="none: those pushes are lost" hint="with pushes via local-push" />
    </fieldset>
  );
}

/** The provider's networks: ticked among the scenario's labels, or typed as a comma-separated list (at most 10). */
function SsidPicker({ ssids, labels, disabled, onChange }: { ssids: string[]; labels: string[]; disabled: boolean; onChange: (ssids: string[]) => void }) {
  // The text is the user's while they type ("ward, " is on its way to two names); it follows the draft when a tick changes it.
  const joined = ssids.join(', ');
  const [text, setText] = useState(joined);
  useEffect(() => {
    if (parseSsids(text).join(', ') !== joined) setText(joined);
    // Only a change from outside resets the text, so `text` is left out of the dependencies.
  }, [joined]);
  return (
    <>
      {labels.length > 0 && (
        <div className="ssid-picks" role="group" aria-label="Local Push networks">
          {labels.map((l) => (
            <label className="check" key={l}>
              <input type="checkbox" name={`app.localPush.ssids.${l}`} checked={ssids.includes(l)} disabled={disabled} onChange={(e) => onChange(e.target.checked ? [...ssids, l] : ssids.filter((s) => s !== l))} /> {l}
            </label>
          ))}
        </div>
      )}
      <Field label="SSIDs" hint="network labels, comma-separated, at most 10" name="app.localPush.ssids">
        <input
          name="app.localPush.ssids"
          value={text}
          disabled={disabled}
          onChange={(e) => {
            setText(e.target.value);
            onChange(parseSsids(e.target.value));
          }}
        />
      </Field>
    </>
  );
}
