// The preload: a typed `invoke` and `on` over the contract's channel map (GitHub Desktop's
// pattern). The page reaches only channels the main process registered, each checked on arrival
// (sender and payload), so nothing here needs to know the list; it imports types only, so the
// sandboxed preload stays tiny.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { HostChannel, HostChannels, LifelineApi } from '../../shared/contract/contract.ts';

const hostInvoke = <C extends HostChannel>(channel: C, req: HostChannels[C]['req']): Promise<HostChannels[C]['res']> => ipcRenderer.invoke(channel, req);

const api: LifelineApi = {
  host: 'electron',
  invoke: (channel, req) => ipcRenderer.invoke(channel, req),
  on: (channel, cb) => {
    const h = (_e: IpcRendererEvent, m: Parameters<typeof cb>[0]) => cb(m);
    ipcRenderer.on(channel, h);
    return () => void ipcRenderer.off(channel, h);
  },
  openScenarioFile: () => hostInvoke('file.open-scenario', null),
  saveFile: (suggestedName, text, base64) => hostInvoke('file.save', { suggestedName, text, ...(base64 ? { base64 } : {}) }),
};

contextBridge.exposeInMainWorld('lifeline', api);
