// Playback of a recorded source: play/pause, speed, a seek bar over the whole session, step by
// instant, jump to the next/previous NAT expiry, disconnect or wake. Shown only for sources that
// can seek (a live run cannot).
import { useView } from '../player/view-store.ts';
import { JUMP_KINDS, REPLAY_SPEEDS, type JumpKind } from '../../../shared/player/player.ts';
import { formatTime } from '../time-axis.ts';

export function ReplayControls() {
  const pb = useView((s) => s.playback);
  const player = useView((s) => s.player);
  if (!pb || !pb.capabilities.includes('seek') || !player.seek) return null;
  const playing = pb.status === 'running';
  const end = pb.endMs ?? pb.nowMs;
  return (
    <section className="replay" aria-label="replay controls" data-testid="replay-controls">
      <div className="replay-row">
        <button type="button" onClick={() => player.step?.(-1)} title="previous event" data-testid="step-prev" aria-label="previous event">
          |◀
        </button>
        <button type="button" className="primary" onClick={() => (playing ? player.pause() : player.play())} data-testid="play-button">
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" onClick={() => player.step?.(1)} title="next event" data-testid="step-next" aria-label="next event">
          ▶|
        </button>
        <label className="replay-speed">
          speed{' '}
          <select value={pb.speed} onChange={(e) => player.setSpeed?.(Number(e.target.value))} data-testid="replay-speed">
            {REPLAY_SPEEDS.map((x) => (
              <option key={x} value={x}>
                {x}×
              </option>
            ))}
          </select>
        </label>
        {(Object.keys(JUMP_KINDS) as JumpKind[]).map((k) => (
          <span className="jump" key={k}>
            <button type="button" onClick={() => player.jump?.(k, -1)} data-testid={`jump-prev-${k}`} title={`previous ${JUMP_KINDS[k].label}`}>
              ◀
            </button>
            {JUMP_KINDS[k].label}
            <button type="button" onClick={() => player.jump?.(k, 1)} data-testid={`jump-next-${k}`} title={`next ${JUMP_KINDS[k].label}`}>
              ▶
            </button>
          </span>
        ))}
        <span className="replay-time" data-testid="replay-time">
          {formatTime(pb.nowMs)} / {formatTime(end)} · event {pb.index.toLocaleString('en')} of {pb.total.toLocaleString('en')}
        </span>
      </div>
      <input
        type="range"
        className="seek-bar"
        aria-label="seek"
        data-testid="seek-bar"
        min={pb.startMs}
        max={end}
        step={1}
        value={pb.nowMs}
        onChange={(e) => player.seek?.(Number(e.target.value))}
      />
    </section>
  );
}
