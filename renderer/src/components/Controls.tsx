// Preset picker, mode and speed, run controls, file actions and a progress indicator.
import { hasSavedSummary, otherSourceOnScreen, useLive, useShown, useStore } from '../store.ts';
import { SOURCE_KINDS } from '../../../shared/player/player.ts';
import { shownSessionName } from '../../../shared/session/session-name.ts';
import { api } from '../bridge/index.ts';
import { selectNow } from '../player/view-store.ts';
import { formatTime } from '../time-axis.ts';
import { MAX_SPEED } from '../../../shared/contract/contract.ts';
import { isEdited } from '../../../shared/scenario/edited-preset.ts';
import { socketFate } from '../../../shared/scenario/ios-rules.ts';
import { toggleLesson } from '../lesson.ts';
import { OWN_SERVER_TIME } from '../../../shared/scenario/own-server.ts';

/** Speeds a presenter reaches for; the slider between them is logarithmic. */
const SPEED_PRESETS = [1, 10, 60, 600, 3600] as const;
const LOG_MAX = Math.log(MAX_SPEED);
const STEPS = 1000;

function SpeedControl({ speed, disabled, onChange }: { speed: number; disabled: boolean; onChange: (x: number) => void }) {
  const position = Math.round((Math.log(speed) / LOG_MAX) * STEPS);
  return (
    <div className="field speed" role="group" aria-labelledby="speed-label">
      <span className="field-label" id="speed-label">
        Speed ×{speed}
      </span>
      <input
        name="speed"
        type="range"
        min={0}
        max={STEPS}
        step={1}
        value={position}
        disabled={disabled}
        aria-label="speed (logarithmic)"
        aria-valuetext={`${speed} times real time`}
        onChange={(e) => onChange(Math.max(1, Math.min(MAX_SPEED, Math.round(Math.exp((Number(e.target.value) / STEPS) * LOG_MAX)))))}
      />
      <div className="speed-presets">
        {SPEED_PRESETS.map((x) => (
          <button type="button" key={x} disabled={disabled} aria-pressed={speed === x} onClick={() => onChange(x)} data-speed={x}>
            {x}×
          </button>
        ))}
      </div>
    </div>
  );
}

export function Controls() {
  const s = useStore();
  // The live run as its view shows it: the controls and the cards read the same player state.
  const status = useLive((v) => v?.playback?.status ?? 'idle');
  const virtualMs = useLive((v) => (v ? selectNow(v) : 0));
  // A run that failed says why where Run is (the live player's state; the form's own refusals first).
  const runError = useLive((v) => (v?.playback?.status === 'failed' ? (v.playback.error ?? 'run failed') : null));
  const error = s.error ?? runError;
  // Save summary saves what the cards on screen show (a session's too), not the live run's behind it.
  const hasSummary = useShown(hasSavedSummary) && s.compare === null;
  const running = status === 'running' || status === 'paused';
  // A capture on screen is no preset: nothing in the sidebar may look loaded until one is chosen.
  const preset = s.capture === null ? s.presets.find((p) => p.name === s.presetName) : undefined;
  // A session or a compare on screen is not the preset picked here: the preset's story and socket
  // verdict would describe another run than the chart. The picker stays: it is what Run starts.
  const shownRecording = useShown((v) => (v?.playback && v.playback.kind !== 'live' && v.playback.kind !== 'capture' ? `${SOURCE_KINDS[v.playback.kind]} ${v.playback.kind === 'session' ? shownSessionName(v.playback.name) : v.playback.name}` : null));
  const elsewhere = s.capture === null && (s.compare !== null ? 'compare of two runs' : shownRecording);
  const draftName = (s.draft as { name?: unknown } | null)?.name;
  const edited = typeof draftName === 'string' && isEdited(draftName);
  const fate = s.scenario && s.capture === null && !elsewhere ? socketFate(s.scenario) : null;
  // The run's own length, from its player: the form may hold another scenario since (edited, or refused).
  const duration = useLive((v) => v?.playback?.scenario?.durationSec) ?? s.scenario?.durationSec ?? 0;
  const progress = duration > 0 ? Math.min(1, virtualMs / (duration * 1000)) : 0;
  // Against your own server a run is realtime at 1×: the mode and speed are fixed, and it cannot pause.
  const own = s.server.choice !== 'built-in';
  // The live run's line belongs to the live run: not under a capture or a session opened since.
  const liveOnScreen = !otherSourceOnScreen(s);
  return (
    <section className="controls" aria-label="run controls">
      <label className="field">
        <span className="field-label">Preset</span>
        <select name="preset" value={s.capture === null ? s.presetName : ''} disabled={running} onChange={(e) => s.choosePreset(e.target.value)} data-testid="preset-picker">
          {s.capture !== null ? <option value="">(capture open: {s.capture})</option> : s.presetName === '' && <option value="">(custom scenario)</option>}
          {s.presets.map((p) => (
            <option key={p.name} value={p.name}>
              {p.name === s.presetName && edited ? draftName : p.name}
            </option>
          ))}
        </select>
      </label>
      {elsewhere && (
        <p className="form-source" data-testid="shown-source">
          On screen: the {elsewhere}. Run starts the preset picked above.
        </p>
      )}
      {!elsewhere && preset?.lesson &&
        (edited ? (
          <p className="lesson edited" data-testid="lesson">
            Edited: the lesson of <em>{preset.name}</em> may no longer apply. Choose the preset again to start over.
          </p>
        ) : (
          <p className="lesson" data-testid="lesson">
            {preset.lesson}
          </p>
        ))}
      {fate && (
        <p className={`socket-fate ${fate.kept ? 'kept' : 'lost'}`} data-testid="socket-fate">
          <strong>{fate.kept ? 'Socket kept while suspended' : 'Socket not kept while suspended'}:</strong> {fate.reason}
        </p>
      )}
      <div className="row-controls">
        <label className="field">
          <span className="field-label">Mode</span>
          <select name="mode" value={own ? 'realtime' : s.mode} disabled={running || own} onChange={(e) => s.setMode(e.target.value as 'fast' | 'realtime')}>
            <option value="fast">fast</option>
            <option value="realtime">realtime</option>
          </select>
        </label>
        <SpeedControl speed={own ? 1 : s.speed} disabled={own || s.mode !== 'realtime'} onChange={s.setSpeed} />
      </div>
      {own && (
        <p className="own-server-note" data-testid="mode-own-server">
          {OWN_SERVER_TIME.charAt(0).toUpperCase() + OWN_SERVER_TIME.slice(1)}.
        </p>
      )}
      <div className="buttons">
        <button
          type="button"
          className="primary"
          disabled={((!s.scenario || s.capture !== null) && !running) || (own && running)}
          title={s.capture !== null && !running ? 'a capture is open: choose a preset to run' : undefined}
          onClick={() => void s.togglePause()}
          data-testid="run-button"
        >
          {status === 'running' ? 'Pause' : status === 'paused' ? 'Resume' : 'Run'}
        </button>
        <button type="button" disabled={!running} onClick={() => void s.stop()}>
          Stop
        </button>
        <button
          type="button"
          disabled={running || s.capture !== null || (!s.scenario && s.active === null)}
          aria-pressed={s.lesson !== null}
          onClick={toggleLesson}
          data-testid="lesson-button"
          title={s.capture !== null ? 'lesson mode tells a run, not a capture' : 'the run told as a story, moment by moment (E)'}
        >
          Lesson <kbd>E</kbd>
        </button>
        {api.host === 'browser' && (
          <>
            <button type="button" disabled={running} onClick={() => void s.openScenario()}>
              Open…
            </button>
            <button type="button" disabled={!s.scenario || s.capture !== null} onClick={() => void s.saveScenario()}>
              Save scenario
            </button>
            <button type="button" disabled={!hasSummary} onClick={() => void s.saveSummary()}>
              Save summary
            </button>
          </>
        )}
      </div>
      {(running || (status === 'done' && liveOnScreen)) && (
        <div className="progress" data-testid="progress" aria-label="progress">
          <div className="progress-bar" role="progressbar" aria-label="run progress" aria-valuenow={Math.round(progress * 100)} aria-valuemin={0} aria-valuemax={100}>
            <div style={{ width: `${progress * 100}%` }} />
          </div>
          <span data-testid="run-status">
            {/* A run that ended before its duration was stopped (the session list marks it so too). */}
            {status === 'done' && virtualMs < duration * 1000 ? 'stopped' : status} · {formatTime(virtualMs)} / {formatTime(duration * 1000)}
          </span>
        </div>
      )}
      {(running || (status === 'done' && liveOnScreen)) && s.runServer !== null && (
        <p className="own-server-note" data-testid="run-server">
          against {s.runServer}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
