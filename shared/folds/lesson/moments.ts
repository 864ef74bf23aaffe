// Lesson mode's story: the key moments of a run, derived from its event log by one rule per kind
// of moment — never timed by hand — so a user's own scenario gets a story too. Each moment is
// pinned to a virtual time on the chart with a caption a trainer can read to a room.
import type { LifelineEvent, PushRoute } from '../../log/events.ts';
import { PUSH_PATHS } from '../reachability.ts';
import { SummaryFold, type ConnectionLaneState, type Summary } from '../summary.ts';
import { formatDuration } from '../../util/time-format.ts';

export type MomentKind =
  | 'socket-kept'
  | 'socket-reclaimed'
  | 'suspended'
  | 'keepalive-refused'
  | 'path-dead'
  | 'push-lost'
  | 'woken'
  | 'app-notices'
  | 'terminated'
  | 'relaunched'
  | 'kept-alive'
  | 'dead-total'
  | 'down-total'
  | 'callkit-kill'
  | 'pushes-blocked'
  | 'push-delayed'
  | 'provider-stopped';

export interface LessonMoment {
  t: number;
  kind: MomentKind;
  title: string;
  caption: string;
}

/** "54 min 14 s": dead time and gaps in milliseconds, rounded as the cards round them. */
export const spokenDuration = (ms: number): string => formatDuration(ms / 1000);

/** What gave a suspended app its slice of time, in words for a room. */
function wakeCaption(reason: string): string {
  switch (reason) {
    case 'keepalive':
      return 'The keep-alive handler wakes the app for at most 10 s.';
    case 'voip-data':
      return 'Data on the VoIP socket wakes the suspended app for a few seconds: it reads, answers, and is suspended again.';
    case 'voip-close':
      return 'The connection closing wakes the suspended VoIP app: it can reconnect within its wake.';
    case 'voip':
      return 'A PushKit VoIP push wakes the app: the system kept the connection to the push service, not the app.';
    case 'silent':
      return 'A silent push wakes the app for up to 30 s.';
    case 'refresh':
      return 'A background refresh run: about 30 s, at a time the system chose. The app may reconnect, but loses the socket again at the next suspension.';
    case 'local-push':
      return 'The Local Push provider received a call on the Wi-Fi and wakes the app to report it.';
    default:
      return reason.endsWith('launched in the background') ? 'The system launches the app in the background for a push.' : 'The system gives the suspended app a few seconds.';
  }
}

/** Why a path through the push service went dead: the cause an event at that instant gave. */
type ServiceCause = 'blocked' | 'budget' | 'device';

const SERVICE_DEAD: Record<ServiceCause, string> = {
  blocked: 'The push service still accepts VoIP pushes for the app, but the system no longer delivers them.',
  budget: "The silent-push budget is spent: the push service accepts the server's pushes, but the system holds them back.",
  device: "The device's system lost its connection to the push service, which accepts pushes it cannot deliver.",
};

/**
 * The story of a run, in time order. Each rule tells its moment once (the first time it happens):
 * a story for a room, not an event table. Whether a push would arrive is the summary's rule for
 * the run's push path (shared/folds/reachability.ts), so the story and the cards agree.
 */
export function lessonMoments(events: readonly LifelineEvent[]): LessonMoment[] {
  const out: LessonMoment[] = [];
  const told = new Set<MomentKind>();
  const tell = (t: number, kind: MomentKind, title: string, caption: string): void => {
    if (told.has(kind)) return;
    told.add(kind);
    out.push({ t, kind, title, caption });
  };
  const fold = new SummaryFold();
  let lane = 'disconnected' as ConnectionLaneState;
  let deadSince = -1;
  let natTimeoutSec = 0;
  let everSuspended = false;
  let wasTerminated = false;
  let lastNatExpiry: LifelineEvent | null = null;
  let reclaimedAt = -1;
  let serviceCause: ServiceCause = 'device';
  const via = () => fold.reach.via;

  // The lane is read at the end of each instant: a connection that opens at t = 0 is believed
  // before the server's HELLO arrives at the same instant, and that is no story.
  let instantNoticed: LifelineEvent | null = null;
  const endOfInstant = (t: number): void => {
    const next = fold.connection;
    if (next === lane) return;
    if (next === 'dead' && via() !== 'socket') {
      deadSince = t;
      tell(t, 'path-dead', 'The push path is dead', `${SERVICE_DEAD[serviceCause]} The server believes its pushes arrive; from now on they do not.`);
    } else if (next === 'dead') {
      deadSince = t;
      // A reclaimed socket closes like any other (docs/model.md, sodefunct errors): the server is
      // told, only the app, running no code, is not.
      const story = lastNatExpiry?.kind === 'nat' && lastNatExpiry.t === t
        ? `${lastNatExpiry.reason === 'idle' ? `The NAT forgot the connection after ${natTimeoutSec} s without traffic.` : 'A network change dropped every NAT mapping at once.'} Nobody is told: the app still believes it is connected, and whatever the server sends now goes nowhere.`
        : reclaimedAt === t
          ? 'With its socket reclaimed, the app has no path to the server at all. The server saw the close; the app, running no code, still believes it is connected, and the server has nothing to send its pushes on.'
          : 'The path to the server broke. Nobody is told: the app still believes it is connected, and whatever the server sends now goes nowhere.';
      tell(t, 'path-dead', 'The path is dead', story);
    } else if (lane === 'dead' && deadSince >= 0 && via() === 'socket') {
      const n = instantNoticed;
      const c = n?.kind === 'conn' ? ` (${[n.cause, n.errno].filter(Boolean).join(', ')})` : '';
      tell(t, 'app-notices', 'The app finally notices', `The app learns that its connection is gone${c} — after believing in a dead path for ${spokenDuration(t - deadSince)}.`);
    }
    lane = next;
  };

  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    fold.push(e);
    if (e.kind === 'conn' && e.op === 'closed') instantNoticed = e;
    if (e.kind === 'socket.defunct') reclaimedAt = e.t;
    switch (e.kind) {
      case 'run.start':
        natTimeoutSec = e.natIdleTimeoutSec;
        break;
      case 'nat':
        if (e.op === 'expired') lastNatExpiry = e;
        break;
      case 'keepalive':
        if (e.op === 'rejected') tell(e.t, 'keepalive-refused', 'The keep-alive handler is refused', `setKeepAliveTimeout is refused: ${e.reason ?? 'not allowed here'}.`);
        break;
      case 'lifecycle':
        if (e.state === 'suspended' && !everSuspended) {
          everSuspended = true;
          const reclaimed = atSameInstant(events, i, (x) => x.kind === 'socket.defunct');
          const elsewhere = via() === 'socket' ? '' : ` Pushes do not travel on it: they come through ${PUSH_PATHS[via()].words}.`;
          if (reclaimed) tell(e.t, 'socket-reclaimed', 'Suspended: the socket is reclaimed', `The app is suspended and the kernel reclaims its socket at once. The server sees the connection close; the app, running no code, still believes in it.${elsewhere}`);
          else if (fold.reach.socket.state === 'connected') tell(e.t, 'socket-kept', 'Suspended: the VoIP socket is kept', 'The app is suspended: no timers, no reads. Its VoIP socket is kept, and data arriving on it will wake the app for a few seconds.');
          else tell(e.t, 'suspended', 'The app is suspended', 'The app is suspended: it runs no code — no timers, no reads — until the system wakes it.');
        } else if (e.state === 'woken') {
          tell(e.t, 'woken', 'Woken', wakeCaption(e.reason));
        } else if (e.state === 'terminated') {
          wasTerminated = true;
          tell(e.t, 'terminated', 'The app is terminated', `The app is terminated (${e.reason}). Its sockets close with the process.`);
        } else if (e.state === 'active' && wasTerminated) {
          tell(e.t, 'relaunched', 'Relaunched', 'The app is launched again: a new process, with nothing of the old one but what it saved.');
        }
        break;
      case 'push':
        // A push sent while the path is not up never arrives (the summary counts it as lost).
        // A push the server had no connection for is also recorded as sent, then lost at once: its story is the loss's.
        if (e.op === 'sent' && lane === 'dead' && via() === 'socket' && !atSameInstant(events, i, (x) => x.kind === 'push' && x.op === 'lost' && x.id === e.id)) tell(e.t, 'push-lost', 'A push is lost', 'The server sends a push into the dead path. It wrote it without error, and nobody will ever read it.');
        else if (e.op === 'lost' && via() === 'socket') tell(e.t, 'push-lost', 'A push is lost', 'The server has a push to send but no connection to send it on: the app is unreachable.');
        else if (e.op === 'lost') tell(e.t, 'push-lost', 'A push is lost', `The push never reaches the app: ${e.reason ?? 'lost on the way'}.`);
        break;
      case 'push.service':
        if (e.op === 'closed' && e.who === 'device' && !e.local) serviceCause = 'device';
        break;
      case 'push.system':
        if (e.blocks) serviceCause = 'blocked';
        else if (e.op === 'received' && e.type === 'silent') serviceCause = 'budget';
        if (e.op === 'unreported' && e.reason?.startsWith('killed')) tell(e.t, 'callkit-kill', 'Killed for not reporting a call', 'The app was built with the iOS 13 SDK and its PushKit handler returned without reporting the push to CallKit: the system kills it.');
        if (e.blocks) tell(e.t, 'pushes-blocked', 'VoIP pushes blocked', 'After repeated unreported pushes the system stops delivering VoIP pushes to the app: from now on every call is lost.');
        if (e.op === 'delayed') tell(e.t, 'push-delayed', 'A silent push is held back', 'Silent pushes are throttled to a few an hour: this one waits, and a newer one will replace it.');
        break;
      case 'local-push':
        if (e.op === 'stop') tell(e.t, 'provider-stopped', 'The Local Push provider stops', `The phone left the listed Wi-Fi (now on ${e.network ?? 'another network'}): the system stops the provider with noNetworkAvailable, and pushes cannot reach it until it returns.`);
        break;
      default:
        break;
    }
    if (events[i + 1]?.t !== e.t) {
      endOfInstant(e.t);
      instantNoticed = null;
    }
  }
  const end = events.at(-1)?.t ?? 0;
  const s = fold.result();
  const lost = s.pushes.lost ? ` ${s.pushes.lost} of ${s.pushes.sent} pushes were lost.` : '';
  const of = `${spokenDuration(s.deadSec * 1000)} of ${spokenDuration(s.simulatedSec * 1000)}`;
  if (s.deadSec > 0) {
    const believed = s.pushVia === 'socket' ? `The app believed in a dead path for ${of}.` : `For ${of} the server believed its pushes would arrive (${PUSH_PATHS[s.pushVia].label}), and they would not.`;
    tell(end, 'dead-total', 'In all', `${believed}${lost}`);
  } else if (everSuspended && s.connectedRatio > 0 && s.disconnects === 0) {
    tell(end, 'kept-alive', 'Kept alive', keptCaption(s, natTimeoutSec));
  } else if (everSuspended && s.connectedRatio < 1) {
    const down = spokenDuration((1 - s.connectedRatio) * s.simulatedSec * 1000);
    const knew = s.pushVia === 'socket' ? 'the app knew it had no connection' : 'the server knew it';
    tell(end, 'down-total', 'In all', `For ${down} of ${spokenDuration(s.simulatedSec * 1000)} no push could have arrived (${PUSH_PATHS[s.pushVia].label}), and ${knew}.${lost}`);
  }
  return out.sort((a, b) => a.t - b.t);
}

/** What kept the way open for a push, per path, when it never failed. */
const KEPT_BY: Record<Exclude<PushRoute, 'socket'>, string> = {
  pushkit: "the system's own connection to the push service carried every VoIP push",
  silent: "the system's own connection to the push service was there, and the silent-push budget never ran out",
  'local-push': 'the Local Push provider (or its fallback) stayed connected',
};

/** Why the push path never failed while the app slept. */
function keptCaption(s: Summary, natTimeoutSec: number): string {
  const arrived = s.pushes.sent ? ', and every push arrived' : '';
  if (s.pushVia === 'socket') {
    const hb = s.heartbeats.server ? `${s.heartbeats.server} server heartbeats` : 'its traffic';
    return `The path never died while the app slept: ${hb} refreshed the NAT mapping before its ${natTimeoutSec} s timeout${arrived}.`;
  }
  const n = s.appSocket.disconnects;
  const socket = n ? `, although the app's own socket broke ${n} time${n === 1 ? '' : 's'}` : '';
  return `The push path never failed while the app slept: ${KEPT_BY[s.pushVia]}${socket}.`;
}

/** Whether an event after `events[i]`, at its instant, is one `is` looks for. */
function atSameInstant(events: readonly LifelineEvent[], i: number, is: (e: LifelineEvent) => boolean): boolean {
  for (let j = i + 1; j < events.length && events[j]!.t === events[i]!.t; j++) if (is(events[j]!)) return true;
  return false;
}
