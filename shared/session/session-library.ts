// What the Sessions list shows of a recorded session: its name, when, how long, and the headline
// metrics, so a tester finds the broken run without opening each one.
export interface SessionInfo {
  /** Opaque id from the host (the file name in the data folder), never a path. */
  id: string;
  name: string;
  scenario: string;
  createdAt: string;
  durationSec: number;
  deadSec: number;
  pushesLost: number;
  disconnects: number;
  events: number;
  /** The run ended before its scenario's duration: stopped, or its recorder gone. */
  interrupted?: true;
  /**
   * The metrics are not known yet: the file is still being recorded, or it arrived in the folder
   * some other way and is being summarised in the background (list again shortly). Metrics are 0.
   */
  pending?: 'recording' | 'summarising';
}
