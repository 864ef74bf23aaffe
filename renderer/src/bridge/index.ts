import type { LifelineApi } from '../../../shared/contract/contract.ts';
import { createWsBridge } from './ws-bridge.ts';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in browser mode. */
    lifeline?: LifelineApi;
  }
}

export const api: LifelineApi = window.lifeline ?? createWsBridge(`ws://${location.host}/ws`);
