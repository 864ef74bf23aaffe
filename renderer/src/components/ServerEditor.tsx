// Which server the run talks to (docs/own-server.md): the built-in one, or your own MQTT broker or
// WebSocket server, with its URL. Not part of the scenario: a saved scenario never holds a password.
import { isGoing, serverRequest, useLive, useStore } from '../store.ts';
import { checkOwnServer, SERVER_CHOICE_LABELS, SERVER_CHOICES, SERVER_URL_FORMS, type ServerChoice } from '../../../shared/scenario/own-server.ts';
import { ScenarioError } from '../../../shared/scenario/scenario.ts';
import { Field } from './form-fields.tsx';

export function ServerEditor() {
  const form = useStore((s) => s.server);
  const setServer = useStore((s) => s.setServer);
  const scenario = useStore((s) => s.scenario);
  const running = useLive((v) => isGoing(v?.playback));
  const own = form.choice !== 'built-in';
  const req = own && form.url.trim() !== '' ? serverRequest(form) : null;
  const urlError = req && 'error' in req ? req.error : null;
  // What the scenario asks that this server will not do, or does not follow: the CLI's words.
  let notes: string[] = [];
  let problems: string | null = null;
  if (req && !('error' in req) && scenario) {
    try {
      notes = checkOwnServer(scenario, 'scenario', req.url, req.pushUrl, { url: 'server URL', push: 'push endpoint' }).notes;
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
      problems = e.message;
    }
  }
  return (
    <div className="own-server" data-testid="server-editor">
      <Field label="Server" hint="where the app connects, through the NAT box">
        <select name="server.choice" value={form.choice} disabled={running} onChange={(e) => setServer({ choice: e.target.value as ServerChoice })}>
          {SERVER_CHOICES.map((c) => (
            <option key={c} value={c}>
              {SERVER_CHOICE_LABELS[c]}
            </option>
          ))}
        </select>
      </Field>
      {own && (
        <>
          <Field label="URL" hint={SERVER_URL_FORMS[form.choice as 'mqtt' | 'ws']}>
            <input name="server.url" value={form.url} disabled={running} spellCheck={false} autoComplete="off" placeholder={form.choice === 'mqtt' ? 'mqtt://127.0.0.1:1883' : 'ws://127.0.0.1:8080/device'} onChange={(e) => setServer({ url: e.target.value })} />
          </Field>
          <Field label="password" hint="for the URL's user; never saved or shown">
            <input name="server.password" type="password" value={form.password} disabled={running} autoComplete="off" onChange={(e) => setServer({ password: e.target.value })} />
          </Field>
          {form.choice === 'ws' && (
            <Field label="push endpoint" hint="empty = pushes off (docs/own-server.md)">
              <input name="server.pushUrl" value={form.pushUrl} disabled={running} spellCheck={false} autoComplete="off" placeholder="ws://127.0.0.1:8080/push" onChange={(e) => setServer({ pushUrl: e.target.value })} />
            </Field>
          )}
          {(urlError ?? problems) && (
            <p className="form-error" role="alert" data-testid="server-error">
              {urlError ?? problems}
            </p>
          )}
          {notes.map((n) => (
            <p className="own-server-note" key={n}>
              Note: {n}.
            </p>
          ))}
        </>
      )}
    </div>
  );
}
