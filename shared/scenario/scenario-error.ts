// A scenario file's faults, named by source and field. Its own module, without zod, so that the
// CLI's entry can tell this error apart without loading the scenario schema.
import { echo, oneLine } from '../util/one-line.ts';

export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    // Names, keys and values come from untrusted files: one line, control characters escaped.
    super(oneLine(`${echo(source, 200)}: ${issues.map((i) => oneLine(i, 300)).join('; ')}`));
  }
}
