// The networks the device can be on (FACTS: NAT and middleboxes; Radio energy): one NAT and a radio,
// or a list of named networks, each with its NAT and radio, and the one the run starts on.
import { useState } from 'react';
import { NAT_EXPIRY_ACTIONS, NAT_REFRESH_ON } from '../../../shared/scenario/scenario.ts';
import { RADIO_PROFILES } from '../../../shared/model/radio.ts';
import { NAT_EXPIRY_LABELS } from '../../../shared/view/help.ts';
import { addNetwork, removeNetwork } from '../../../shared/scenario/scenario-draft.ts';
import { ChoiceInput, Field, NumberInput, useDraftEdit } from './form-fields.tsx';

/** The fields one NAT has, wherever it sits in the draft (`nat`, or `networks.<label>`). */
function NatFields({ at }: { at: readonly string[] }) {
  return (
    <>
      <NumberInput path={[...at, 'idleTimeoutSec']} label="idle timeout, s" />
      <ChoiceInput path={[...at, 'onExpiry']} label="on expiry" options={NAT_EXPIRY_ACTIONS} labels={NAT_EXPIRY_LABELS} />
      <ChoiceInput path={[...at, 'refreshOn']} label="refreshed by" options={NAT_REFRESH_ON} />
    </>
  );
}

export function NetworksEditor() {
  const { draft, edit, running } = useDraftEdit();
  const [label, setLabel] = useState('');
  if (!draft) return null;
  const labels = Object.keys(draft.networks ?? {});
  const taken = label.trim() === '' || labels.includes(label.trim());
  return (
    <fieldset data-testid="networks-editor">
      <legend>Networks and radio</legend>
      {labels.length === 0 ? (
        <div className="pair">
          <NatFields at={['nat']} />
          <ChoiceInput path={['radio']} label="radio" options={RADIO_PROFILES} />
        </div>
      ) : (
        <>
          <ChoiceInput path={['network']} label="starts on" options={labels} />
          {labels.map((l) => (
            <div className="network" key={l} data-network={l}>
              <div className="network-head">
                <strong>{l}</strong>
                <button type="button" disabled={running} aria-label={`remove network ${l}`} onClick={() => edit((d) => removeNetwork(d, l))}>
                  ×
                </button>
              </div>
              <div className="pair">
                <NatFields at={['networks', l]} />
                <ChoiceInput path={['networks', l, 'radio']} label="radio" options={RADIO_PROFILES} />
              </div>
            </div>
          ))}
        </>
      )}
      <div className="network-add">
        <Field label="new network" hint={labels.length === 0 ? 'the first takes the NAT above' : 'like the start network'}>
          <input name="networks.new.label" placeholder="label, e.g. wifi_home" maxLength={64} value={label} disabled={running} onChange={(e) => setLabel(e.target.value)} />
        </Field>
        <button
          type="button"
          disabled={running || taken}
          onClick={() => {
            edit((d) => addNetwork(d, label.trim()));
            setLabel('');
          }}
        >
          add network
        </button>
      </div>
    </fieldset>
  );
}
