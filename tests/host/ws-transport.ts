/**
 * The createApi transport over the test host's WebSocket, shared by the browser
 * bridge (DOM WebSocket) and Node test clients (the `ws` package): both offer
 * send() and addEventListener('message').
 */
import type { Envelope } from '../../contract/ipc-contract'
import type { Transport } from '../../contract/create-api'
import { decode, encode, type WireEvent, type WireReply } from './wire'

export interface SocketLike {
  send(data: string): void
  addEventListener(type: 'message', listener: (ev: { data: unknown }) => void): void
}

export function createWsTransport(socket: SocketLike, opened: Promise<void>): Transport {
  const pending = new Map<number, (reply: Envelope<unknown>) => void>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()
  let nextId = 1
  socket.addEventListener('message', (ev) => {
    const msg = decode(String(ev.data)) as WireReply | WireEvent
    if ('id' in msg) {
      pending.get(msg.id)?.(msg.reply as Envelope<unknown>)
      pending.delete(msg.id)
    } else {
      for (const listener of listeners.get(msg.event) ?? []) listener(msg.payload)
    }
  })
  return {
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
  }
}
