/**
 * The browser implementation of the preload bridge (as Actual Budget does for
 * its web build): the same createApi over a WebSocket to the test host instead
 * of ipcRenderer. Loaded as a classic script before the app, so window.callDesk
 * exists when React starts.
 */
import { createApi } from '../../contract/create-api'
import { createWsTransport } from './ws-transport'

const token = (document.currentScript as HTMLScriptElement | null)?.dataset.token ?? ''
const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ipc?token=${encodeURIComponent(token)}`)
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve())
  socket.addEventListener('error', () => reject(new Error('Lost the connection to Call Desk')))
})

window.callDesk = createApi(createWsTransport(socket, opened))
