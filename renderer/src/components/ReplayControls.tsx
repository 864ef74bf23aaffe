// Playback of a recorded source: play/pause, speed, a seek bar over the whole session, step by
// instant, jump to the next/previous NAT expiry, disconnect or wake. Shown only for sources that
// can seek (a live run cannot).
import { useView } from '../player/view-store.ts';
import { JUMP_KINDS, REPLAY_SPEEDS, type JumpKind, type Player } from '../../../shared/player/player.ts';
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
            <JumpButton player={player} kind={k} dir={-1} />
            {JUMP_KINDS[k].label}
            <JumpButton player={player} kind={k} dir={1} />
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

/**
 * A jump to the next (▶) or previous (◀) moment of a kind: disabled, with a title saying why, when
 * there is none that way from the cursor. Its view re-renders on every cursor move, so it asks again.
 */
function JumpButton({ player, kind, dir }: { player: Player; kind: JumpKind; dir: 1 | -1 }) {
  const { label } = JUMP_KINDS[kind];
  const target = player.jumpTarget?.(kind, dir) ?? null;
  const title = target === null ? `no ${dir === 1 ? 'later' : 'earlier'} ${label}` : `${dir === 1 ? 'next' : 'previous'} ${label} (${formatTime(target)})`;
  const onClick = (e: React.MouseEvent<HTMLButtonElement>) => {
    player.jump?.(kind, dir);
    if (player.jumpTarget?.(kind, dir) !== null) return;
    // This button is about to disable: focus would drop to the page, so a keyboard user pressing
    // Enter through the expiries keeps their place on the way back (or on Play, if none is left).
    const row = e.currentTarget.closest('.replay-row');
    const back = player.jumpTarget?.(kind, -dir as 1 | -1) !== null ? `jump-${dir === 1 ? 'prev' : 'next'}-${kind}` : 'play-button';
    row?.querySelector<HTMLButtonElement>(`[data-testid=${back}]`)?.focus();
  };
  return (
    <button type="button" disabled={target === null} onClick={onClick} data-testid={`jump-${dir === 1 ? 'next' : 'prev'}-${kind}`} title={title} aria-label={title}>
      {dir === 1 ? '▶' : '◀'}
    </button>
  );
}
