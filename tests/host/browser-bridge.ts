/**
 * The browser implementation of the preload bridge (as Actual Budget does for
 * its web build): the same createApi over a WebSocket to the test host instead
 * of ipcRenderer. Loaded as a classic script before the app, so window.callDesk
 * exists when React starts.
 */
import type { Envelope } from '../../contract/ipc-contract'
import { createApi } from '../../contract/create-api'
import { decode, encode, type WireEvent, type WireReply } from './wire'

const token = (document.currentScript as HTMLScriptElement | null)?.dataset.token ?? ''
const socket = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/ipc?token=${encodeURIComponent(token)}`)
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve())
  socket.addEventListener('error', () => reject(new Error('Lost the connection to Call Desk')))
})
const pending = new Map<number, (reply: Envelope<unknown>) => void>()
const listeners = new Map<string, Set<(payload: unknown) => void>>()
let nextId = 1

socket.addEventListener('message', (ev: MessageEvent<string>) => {
  const msg = decode(ev.data) as WireReply | WireEvent
  if ('id' in msg) {
    pending.get(msg.id)?.(msg.reply as Envelope<unknown>)
    pending.delete(msg.id)
  } else {
    for (const listener of listeners.get(msg.event) ?? []) listener(msg.payload)
  }
})

window.callDesk = createApi({
  invoke: async (channel, input) => {
    await opened
    const id = nextId++
    return new Promise((resolve) => {
      pending.set(id, resolve)
      socket.send(encode({ id, channel, input }))
    })
  },
  subscribe: (channel, listener) => {
    const set = listeners.get(channel) ?? new Set()
    set.add(listener)
    listeners.set(channel, set)
    return () => set.delete(listener)
  },
})
