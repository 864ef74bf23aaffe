// The shown connection's conversation in order, as Wireshark's Follow TCP Stream shows it: each
// packet that carries payload, coloured and labelled by direction (client → server, server → client),
// with its frame number and time, as text (or hex). A page holds FOLLOW_PAGE packets, so a
// connection of 400,000 packets draws as fast as one of 40; it opens at the cursor's page and a
// packet's number moves the cursor there.
import { useMemo, useRef, useState } from 'react';
import type { ConnectionInfo, ConnPacket } from '../../../shared/capture/capture-analysis.ts';
import { cutNote, directionOf, FOLLOW_PAGE, followPageOf, followText, hexRows, payloadIndices, usec } from '../../../shared/capture/packet-view.ts';

const count = (n: number) => n.toLocaleString('en');

export function FollowStream({ packets, conn, cursor, onSeek }: { packets: readonly ConnPacket[]; conn: ConnectionInfo | undefined; cursor: number; onSeek: (index: number) => void }) {
  const payload = useMemo(() => payloadIndices(packets), [packets]);
  const [hex, setHex] = useState(false);
  // Opens on the cursor's page; the user pages from there (the page is theirs, not the cursor's).
  const [page, setShownPage] = useState(() => followPageOf(payload, Math.max(0, cursor)));
  const list = useRef<HTMLOListElement>(null);
  // A new page is read from its top.
  const setPage = (n: number) => {
    setShownPage(n);
    if (list.current) list.current.scrollTop = 0;
  };
  const pages = Math.max(1, Math.ceil(payload.length / FOLLOW_PAGE));
  const at = Math.min(page, pages - 1);
  const from = at * FOLLOW_PAGE;
  const to = Math.min(payload.length, from + FOLLOW_PAGE);
  const note =
    payload.length === 0
      ? 'no packet of this connection carries payload'
      : at === 0 && to < payload.length
        ? `showing the first ${count(to)} of ${count(payload.length)} packets with payload`
        : `showing ${count(from + 1)}–${count(to)} of ${count(payload.length)} packets with payload`;
  const rows: number[] = [];
  for (let k = from; k < to; k++) rows.push(payload[k]!);
  return (
    <section className="follow-stream" id="follow-stream" aria-label={`follow stream, connection ${conn?.id ?? ''}`} data-testid="follow-stream">
      <header className="panel-head">
        <h2>Follow stream{conn ? `: connection #${conn.id}` : ''}</h2>
        <span className="follow-key">
          <span className="follow-swatch dir-up">client → server</span> <span className="follow-swatch dir-down">server → client</span>
        </span>
        <label>
          <input type="checkbox" checked={hex} onChange={(e) => setHex(e.target.checked)} data-testid="follow-hex" /> hex
        </label>
      </header>
      <div className="follow-pager">
        <span className="hint" data-testid="follow-note">
          {note}
        </span>
        <button type="button" disabled={at === 0} onClick={() => setPage(0)}>
          first
        </button>
        <button type="button" disabled={at === 0} onClick={() => setPage(at - 1)} data-testid="follow-prev">
          ◀ {FOLLOW_PAGE}
        </button>
        <span className="hint">
          page {count(at + 1)} of {count(pages)}
        </span>
        <button type="button" disabled={at >= pages - 1} onClick={() => setPage(at + 1)} data-testid="follow-next">
          {FOLLOW_PAGE} ▶
        </button>
        <button type="button" disabled={at >= pages - 1} onClick={() => setPage(pages - 1)}>
          last
        </button>
        <button type="button" disabled={cursor < 0 || followPageOf(payload, cursor) === at} onClick={() => setPage(followPageOf(payload, cursor))}>
          cursor's page
        </button>
      </div>
      <ol className="follow-list" ref={list} tabIndex={0} aria-label="the conversation, in order" data-testid="follow-list">
        {rows.map((i) => {
          const p = packets[i]!;
          const dir = directionOf(p, conn);
          const cut = cutNote(p);
          return (
            <li key={i} className={`follow-packet dir-${p.dir}${i === cursor ? ' at-cursor' : ''}`} data-frame={p.frame} data-dir={p.dir}>
              <div className="follow-meta">
                <button type="button" className="link" onClick={() => onSeek(i)} title="move the cursor to this packet">
                  #{p.frame}
                </button>{' '}
                {usec(p.tSec)} · {dir.words} · {p.payloadLen} B
              </div>
              {hex ? (
                <pre className="follow-bytes">{hexRows(p.head ?? '').map((r) => `${r.offset}  ${r.hex.padEnd(48)}  ${r.text}`).join('\n')}</pre>
              ) : (
                <pre className="follow-bytes">{followText(p.head ?? '')}</pre>
              )}
              {cut && <p className="packet-cut">{cut}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
