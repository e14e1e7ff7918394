/**
 * The one bridge between the sandboxed renderer and main: exactly one method
 * per contract channel plus event subscriptions, nothing else from Node or
 * Electron reaches the page.
 */
import { contextBridge, ipcRenderer } from 'electron'
import type { Envelope } from '../contract/ipc-contract'
import { createApi } from '../contract/create-api'

const api = createApi({
  invoke: (channel, input) => ipcRenderer.invoke(channel, input) as Promise<Envelope<unknown>>,
  subscribe: (channel, listener) => {
    const wrapped = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(channel, wrapped)
    return () => ipcRenderer.removeListener(channel, wrapped)
  },
})

contextBridge.exposeInMainWorld('callDesk', api)
