// Which API method carries which channel. Kept apart from contract.ts (which pulls in zod) so the
// sandboxed preload stays tiny.

export const API_METHOD_CHANNELS = {
  listPresets: 'presets.list',
  validateScenario: 'scenario.validate',
  startRun: 'run.start',
  pauseRun: 'run.pause',
  resumeRun: 'run.resume',
  stopRun: 'run.stop',
  setSpeed: 'run.speed',
  act: 'run.act',
  runSweep: 'sweep.run',
} as const;

export const PUSH = { events: 'run.events', status: 'run.status', menu: 'menu.command', sweepProgress: 'sweep.progress' } as const;
export const HOST = { openScenario: 'file.open-scenario', save: 'file.save' } as const;
