// The preload: one typed method per channel of the contract, nothing generic (no send/invoke of
// arbitrary channels reaches the page).
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { API_METHOD_CHANNELS as C, HOST, PUSH } from '../../shared/api-channels.ts';
import type { LifelineApi, MenuCommand, PushChannels } from '../../shared/contract.ts';

function subscribe<T>(channel: string) {
  return (cb: (m: T) => void) => {
    const h = (_e: IpcRendererEvent, m: T) => cb(m);
    ipcRenderer.on(channel, h);
    return () => void ipcRenderer.off(channel, h);
  };
}

const api: LifelineApi = {
  host: 'electron',
  listPresets: () => ipcRenderer.invoke(C.listPresets, null),
  validateScenario: (scenario) => ipcRenderer.invoke(C.validateScenario, { scenario }),
  startRun: (req) => ipcRenderer.invoke(C.startRun, req),
  pauseRun: () => ipcRenderer.invoke(C.pauseRun, null),
  resumeRun: () => ipcRenderer.invoke(C.resumeRun, null),
  stopRun: () => ipcRenderer.invoke(C.stopRun, null),
  setSpeed: (speed) => ipcRenderer.invoke(C.setSpeed, { speed }),
  act: (action, atMs) => ipcRenderer.invoke(C.act, { action, atMs }),
  runSweep: (req) => ipcRenderer.invoke(C.runSweep, req),
  onSweepProgress: subscribe<PushChannels['sweep.progress']>(PUSH.sweepProgress),
  onEvents: subscribe<PushChannels['run.events']>(PUSH.events),
  onStatus: subscribe<PushChannels['run.status']>(PUSH.status),
  onMenu: subscribe<MenuCommand>(PUSH.menu),
  openScenarioFile: () => ipcRenderer.invoke(HOST.openScenario, null),
  saveFile: (suggestedName, text) => ipcRenderer.invoke(HOST.save, { suggestedName, text }),
};

contextBridge.exposeInMainWorld('lifeline', api);
