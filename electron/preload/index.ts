import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from '../core/contract/bridge';
import type { Envelope } from '../core/contract/contract-kit';

// The sandboxed preload: exposes `window.tokendesk` with one method per contract entry and one `onX` per event.
// The page never gets ipcRenderer (Electron security checklist #20); listeners never see the IPC event object.
contextBridge.exposeInMainWorld(
  'tokendesk',
  buildBridge({
    invoke: (channel, args) => ipcRenderer.invoke(channel, ...args) as Promise<Envelope<unknown>>,
    subscribe: (channel, listener) => {
      const forward = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(channel, forward);
      return () => {
        ipcRenderer.removeListener(channel, forward);
      };
    },
  }),
);
