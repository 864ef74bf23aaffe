import fs from 'node:fs';
import { orList } from '../../shared/util/closest-name.ts';
import { checkScenarioFileSize, parseScenarioText, ScenarioError, type Scenario } from '../../shared/scenario/scenario.ts';
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
    checkScenarioFileSize(fs.statSync(pathOrPreset).size, pathOrPreset);
    text = fs.readFileSync(pathOrPreset, 'utf8');
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    throw new ScenarioError(pathOrPreset, [(e as NodeJS.ErrnoException).code ?? String(e)]);
  }
  return parseScenarioText(text, pathOrPreset);
}
