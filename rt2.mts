import { Simulation } from '/work/main/electron/engine/simulation.ts';
import { findPreset } from '/work/main/shared/presets.ts';
const p = findPreset(process.argv[2]!)!;
for (const mode of ['fast', 'realtime'] as const) {
  const a: unknown[] = [];
  await new Simulation(p, { mode, speed: 3600, onEvent: (e) => a.push(e) }).run();
  console.log(mode, a.slice(-8).map((e) => JSON.stringify(e)).join('\n'));
}
