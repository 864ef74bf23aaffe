// `lifeline replay <session.jsonl> [--json]`: the summary recomputed from a recorded session with
// the same summarize(events) the run used, so it equals the run's own summary (wallMs included:
// it is recorded in the run.end event).
import { SummaryFold } from '../../shared/folds/summary.ts';
import { parseArgs, UsageError } from './args.ts';
import { REPLAY } from './command-specs.ts';
import { formatSummary } from './format-summary.ts';
import { openSession } from './open-session.ts';

export function runReplay(argv: string[]): number {
  const args = parseArgs(argv, REPLAY);
  const file = args.positional[0];
  if (!file || args.positional.length > 1) throw new UsageError('replay needs exactly one session file');
  // Folded as it is read: a session of any length replays in flat memory.
  const fold = new SummaryFold();
  openSession(file, (e) => fold.push(e));
  const summary = fold.result();
  console.log(args.flags.has('json') ? JSON.stringify(summary) : formatSummary(summary));
  return 0;
}
