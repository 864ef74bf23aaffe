// The heartbeat policy of each side (FACTS: Heartbeat designs worth modelling) and the platform
// the client runs on; option lists are the schema's own.
import { CLIENT_HEARTBEAT_POLICIES, PLATFORMS, SERVER_HEARTBEAT_POLICIES } from '../../../shared/scenario/scenario.ts';
import { ChoiceInput, NumberInput, useDraftEdit } from './form-fields.tsx';

const POLICY_LABELS: Record<string, string> = {
  fixed: 'fixed interval',
  mars: "Tencent Mars' smart heartbeat",
  mqtt: 'MQTT keep-alive',
};

const PLATFORM_LABELS: Record<string, string> = {
  ios: 'iOS',
  android: 'Android-like',
};

export function HeartbeatPolicyEditor() {
  const { draft } = useDraftEdit();
  if (!draft) return null;
  return (
    <fieldset>
      <legend>Heartbeat policy</legend>
      <ChoiceInput path={['app', 'heartbeatPolicy']} label="client policy" options={CLIENT_HEARTBEAT_POLICIES} labels={POLICY_LABELS} hint="fixed: the client heartbeat above" />
      {(draft.app.heartbeatPolicy === 'mqtt' || draft.app.mqttKeepAliveSec !== undefined) && <NumberInput path={['app', 'mqttKeepAliveSec']} label="MQTT keep-alive, s" hint="the server drops a client silent for 1.5 ×" nullable="optional" />}
      <ChoiceInput path={['server', 'heartbeatPolicy']} label="server policy" options={SERVER_HEARTBEAT_POLICIES} labels={POLICY_LABELS} hint="fixed: the server heartbeat" />
      <ChoiceInput path={['app', 'platform']} label="platform" options={PLATFORMS} labels={PLATFORM_LABELS} hint="Android-like: a comparison model, not an Android simulator — a process never suspended, so a client policy keeps running" />
    </fieldset>
  );
}
