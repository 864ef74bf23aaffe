import fs from 'node:fs';
import { orList } from '../../shared/util/closest-name.ts';
import { checkScenarioFileSize, MAX_SCENARIO_BYTES, parseScenarioText, ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
import { findPreset, presetSuggestions } from '../../shared/scenario/presets.ts';

/** A scenario file, or the name of a preset when no such file exists. */
export function loadScenario(pathOrPreset: string): Scenario {
  if (!fs.existsSync(pathOrPreset)) {
    const p = findPreset(pathOrPreset);
    if (p) return p;
    const near = presetSuggestions(pathOrPreset);
    const hint = near.length > 0 ? `did you mean ${orList(near)}? ` : '';
    throw new ScenarioError(pathOrPreset, [`no such file, and no preset by that name (${hint}\`lifeline presets\` lists them)`]);
  }
  let text: string;
  try {
    text = readCapped(pathOrPreset);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError(pathOrPreset, [(e as NodeJS.ErrnoException).code ?? String(e)]);
  }
  return parseScenarioText(text, pathOrPreset);
}

/** The first buffer of a read from a pipe or a device, which cannot say how much it holds. */
const FIRST_READ_BYTES = 16 * 1024;

/**
 * The file's text, read no further than one byte past the biggest scenario. A regular file is
 * refused by its size before it is read, and read into a buffer of that size (and a byte more, to
 * see it grew); a pipe or device (`<(…)`, /dev/zero) reports size 0 and may never end, so its
 * buffer grows as it gives, and the read stops at the cap instead.
 */
function readCapped(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    checkScenarioFileSize(size, file);
    const cap = MAX_SCENARIO_BYTES + 1;
    let buf = Buffer.allocUnsafe(Math.min(cap, Math.max(FIRST_READ_BYTES, size + 1)));
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        if (n === cap) break;
        const bigger = Buffer.allocUnsafe(Math.min(cap, 2 * n));
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const got = fs.readSync(fd, buf, n, buf.length - n, null);
      if (got === 0) break;
      n += got;
    }
    checkScenarioFileSize(n, file);
    return buf.toString('utf8', 0, n);
  } finally {
    fs.closeSync(fd);
  }
}
