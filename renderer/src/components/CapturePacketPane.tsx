// The packet under the replay cursor, in a capture view: its number as tshark counts frames, time,
// direction, TCP flags, relative sequence numbers and payload length, and its payload head as hex
// and text like Wireshark's bytes pane. The cursor is the view's (the chart, the replay controls, a
// click on an event row move it); this pane only reads it, and its buttons move it packet by packet.
// "Follow stream" opens the whole conversation below (FollowStream.tsx).
import { useMemo, useState } from 'react';
import { useView } from '../player/view-store.ts';
import { shownPackets, useCaptures } from '../player/capture-source.ts';
import type { ConnectionInfo, ConnPacket } from '../../../shared/capture/capture-analysis.ts';
import { cutNote, directionOf, hexRows, packetIndexAt, relativeTo, sequenceBases, tcpFlagNames, usec } from '../../../shared/capture/packet-view.ts';
import { TCP_ACK } from '../../../shared/capture/packet-decode.ts';
import { payloadWords } from '../../../shared/capture/capture-events.ts';
import { FollowStream } from './FollowStream.tsx';

const EMPTY: readonly ConnPacket[] = [];

export function CapturePacketPane() {
  const sourceId = useView((s) => s.player.sourceId);
  const player = useView((s) => s.player);
  const nowMs = useView((s) => s.playback?.nowMs ?? null);
  const info = useCaptures((s) => s.captures.get(sourceId));
  const [follow, setFollow] = useState(false);
  const shown = info ? shownPackets(sourceId) : null;
  const packets = shown?.packets ?? EMPTY;
  const bases = useMemo(() => sequenceBases(packets), [packets]);
  // Nothing to show while the connection's packets load (a capture opening is on screen already).
  if (!info || !shown || packets.length === 0) return null;
  const conn = info.connections.find((c) => c.id === shown.conn);
  const i = nowMs === null ? -1 : packetIndexAt(packets, nowMs);
  const p = packets[i];
  // By time, as the cursor moves: the next packet later than this one, or the last one before it.
  const seekTo = (j: number) => j >= 0 && j < packets.length && player.seek?.(packets[j]!.tSec * 1000);
  const later = () => {
    let j = i + 1;
    while (p && j < packets.length && packets[j]!.tSec === p.tSec) j++;
    seekTo(j);
  };
  const earlier = () => {
    let j = i - 1;
    while (p && j >= 0 && packets[j]!.tSec === p.tSec) j--;
    seekTo(j);
  };
  return (
    <>
      <section className="packet-pane" aria-label="packet under the cursor" data-testid="packet-pane">
        <header className="panel-head">
          <h2>
            Packet{' '}
            {p ? (
              <span data-testid="packet-frame" title="the frame number tshark and Wireshark give this packet">
                #{p.frame}
              </span>
            ) : (
              '—'
            )}
          </h2>
          <span className="hint">{p ? `${i + 1} of ${packets.length} in connection #${shown.conn}` : 'the cursor is before the first packet'}</span>
          <span className="packet-nav">
            <button type="button" data-testid="packet-prev" disabled={i <= 0} onClick={earlier} aria-label="previous packet">
              ◀ packet
            </button>
            <button type="button" data-testid="packet-next" disabled={i >= packets.length - 1} onClick={later} aria-label="next packet">
              packet ▶
            </button>
            <button type="button" data-testid="follow-toggle" aria-expanded={follow} aria-controls="follow-stream" onClick={() => setFollow(!follow)}>
              {follow ? 'Hide stream' : 'Follow stream'}
            </button>
          </span>
        </header>
        {p && <PacketDetails p={p} conn={conn} connStartSec={conn?.startSec ?? 0} bases={bases} />}
      </section>
      {follow && <FollowStream key={shown.conn} packets={packets} conn={conn} cursor={i} onSeek={seekTo} />}
    </>
  );
}

function PacketDetails({ p, conn, connStartSec, bases }: { p: ConnPacket; conn: ConnectionInfo | undefined; connStartSec: number; bases: ReturnType<typeof sequenceBases> }) {
  const dir = directionOf(p, conn);
  const other = p.dir === 'up' ? 'down' : 'up';
  const flags = tcpFlagNames(p.flags);
  const cut = cutNote(p);
  const rows = hexRows(p.head ?? '');
  // A line of Lifeline's protocol by its verb, as the event table names it (capture-events.ts).
  const words = payloadWords(p.head ?? '');
  return (
    <div className="packet-body">
      <dl className="packet-fields">
        <dt>time</dt>
        <dd data-field="time">
          {usec(p.tSec)} into the connection · {usec(connStartSec + p.tSec)} into the capture
        </dd>
        <dt>direction</dt>
        <dd data-field="dir" className={`dir-${p.dir}`}>
          {dir.words} <span className="hint">{dir.endpoints}</span>
        </dd>
        <dt>TCP flags</dt>
        <dd data-field="flags">
          {flags.length ? `[${flags.join(', ')}]` : 'none'} <span className="hint">0x{p.flags.toString(16).padStart(3, '0')}</span>
        </dd>
        <dt>seq</dt>
        <dd data-field="seq" title="relative to the side's first sequence number, as Wireshark shows it; raw as on the wire">
          {relativeTo(p.seq, bases[p.dir])} <span className="hint">raw {p.seq}</span>
        </dd>
        <dt>ack</dt>
        <dd data-field="ack">
          {p.flags & TCP_ACK ? (
            <>
              {relativeTo(p.ack, bases[other])} <span className="hint">raw {p.ack}</span>
            </>
          ) : (
            '— (no ACK flag)'
          )}
        </dd>
        <dt>payload</dt>
        <dd data-field="len">
          {p.payloadLen} byte{p.payloadLen === 1 ? '' : 's'}
        </dd>
        {words.verb !== '?' && (
          <>
            <dt>Lifeline line</dt>
            <dd data-field="line">
              {words.verb} <span className="hint">{words.line}</span>
            </dd>
          </>
        )}
      </dl>
      <div className="packet-bytes-box">
        {rows.length > 0 ? (
          <div className="packet-bytes" role="table" aria-label="payload bytes, hex and text" tabIndex={0} data-testid="packet-bytes">
            {rows.map((r) => (
              <div role="row" key={r.offset} className="packet-bytes-row">
                <span role="cell" className="b-off">
                  {r.offset}
                </span>
                <span role="cell" className="b-hex" data-testid="packet-hex">
                  {r.hex}
                </span>
                <span role="cell" className="b-text">
                  {r.text}
                </span>
              </div>
            ))}
          </div>
        ) : (
          <p className="hint packet-no-bytes">{p.payloadLen > 0 ? 'no payload bytes captured (the capture cut the frame before them)' : 'no payload'}</p>
        )}
        {cut && (
          <p className="packet-cut" data-testid="packet-cut">
            {cut}
          </p>
        )}
      </div>
    </div>
  );
}
