import fs from 'node:fs';
import { parseScenarioText, ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
import { findPreset } from '../../shared/scenario/presets.ts';

/** A scenario file, or the name of a preset when no such file exists. */
export function loadScenario(pathOrPreset: string): Scenario {
  if (!fs.existsSync(pathOrPreset)) {
    const p = findPreset(pathOrPreset);
    if (p) return p;
    throw new ScenarioError(pathOrPreset, ['no such file (and no preset by that name; see `lifeline presets`)']);
  }
  let text: string;
  try {
    text = fs.readFileSync(pathOrPreset, 'utf8');
  } catch (e) {
    throw new ScenarioError(pathOrPreset, [(e as NodeJS.ErrnoException).code ?? String(e)]);
  }
  return parseScenarioText(text, pathOrPreset);
}
