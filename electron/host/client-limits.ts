// What one client of the engine (a browser-mode WebSocket, an Electron window) may have going at
// once, and its accounting. One object per client, handed to that client's RunHost, so the limits
// hold wherever the host runs (a worker thread included): a client that floods requests gets clear
// refusals, and cannot take the CPU, the descriptors or the disk from the others.
import { formatBytes } from '../../shared/util/format-bytes.ts';

export interface ClientLimits {
  /** Sweeps running at once. */
  sweeps: number;
  /** Simulations at once: the live run, and runs still winding down after a stop or a new start. */
  runs: number;
  /** Most bytes a session file of a run started by this client may hold; the run stops there. */
  sessionBytes: number;
}

/** The default session-file cap: 30 days of a 30 s heartbeat are about 70 MB. */
export const DEFAULT_SESSION_MB = 256;

/** Browser mode: pages connected at once. A user has a few tabs; more is a flood. */
export const DEFAULT_MAX_CLIENTS = 8;

/** Browser mode: requests one page may have awaiting their answers. The page has a few at once; more is a flood, refused. */
export const MAX_REQUESTS_IN_FLIGHT = 64;

/**
 * Browser mode: answers and pushes a page has not read yet (the socket's unsent bytes). A page that
 * stops reading would have them queue in the server without bound; past this it is closed.
 */
export const DEFAULT_MAX_UNREAD_BYTES = 64 << 20;

export const DEFAULT_CLIENT_LIMITS: ClientLimits = { sweeps: 1, runs: 2, sessionBytes: DEFAULT_SESSION_MB << 20 };

type Kind = 'sweeps' | 'runs';

const WHAT: Record<Kind, [string, string]> = {
  sweeps: ['sweep', 'wait for it to finish or cancel it (sweep.cancel)'],
  runs: ['run', 'wait for the last one to stop'],
};

export class ClientQuota {
  private readonly active: Record<Kind, number> = { sweeps: 0, runs: 0 };

  constructor(readonly limits: ClientLimits = DEFAULT_CLIENT_LIMITS) {}

  /** Takes one slot of `kind`: its release, or the refusal the client is told. */
  take(kind: Kind): { release: () => void } | { refused: string } {
    const max = this.limits[kind];
    if (this.active[kind] >= max) {
      const [noun, advice] = WHAT[kind];
      return { refused: `this connection already has ${this.active[kind]} ${noun}${this.active[kind] === 1 ? '' : 's'} going (at most ${max} at once); ${advice}` };
    }
    this.active[kind]++;
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.active[kind]--;
      },
    };
  }

  /** What the client has going, for a report. */
  get counts(): Readonly<Record<Kind, number>> {
    return this.active;
  }

  describe(): string {
    const l = this.limits;
    return `${l.sweeps} sweep${l.sweeps === 1 ? '' : 's'} and ${l.runs} runs at once, session files up to ${formatBytes(l.sessionBytes)}`;
  }
}
