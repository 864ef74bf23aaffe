// What a user can do to the phone (and the network) while a run goes on: the buttons, their
// keyboard shortcuts and the help's words for them, from this one list.
import type { TimelineActionName } from '../log/events.ts';

export interface LiveAction {
  action: TimelineActionName;
  label: string;
  key: string;
  /** The help dialog's words for it. */
  what: string;
}

export const LIVE_ACTIONS: readonly LiveAction[] = [
  { action: 'background', label: 'Home', key: 'h', what: 'home (background)' },
  { action: 'foreground', label: 'Foreground', key: 'f', what: 'foreground' },
  { action: 'lock', label: 'Lock', key: 'l', what: 'lock' },
  { action: 'unlock', label: 'Unlock', key: 'u', what: 'unlock' },
  { action: 'kill', label: 'Kill', key: 'k', what: 'kill' },
  { action: 'memory-pressure', label: 'Memory pressure', key: 'm', what: 'memory pressure' },
  { action: 'network-change', label: 'Network change', key: 'n', what: 'network change' },
  { action: 'server-restart', label: 'Server restart', key: 'r', what: 'server restart' },
  { action: 'push', label: 'Send push', key: 'p', what: 'send push' },
  { action: 'call-start', label: 'Call', key: 'c', what: 'start a call in the app (it keeps running; an unreported VoIP push does not kill it)' },
  { action: 'call-end', label: 'Hang up', key: 'b', what: 'end the call' },
];
