/**
 * Builds the renderer-facing API from the contract over any transport. The
 * Electron preload passes ipcRenderer; the test host's browser bridge passes a
 * WebSocket. Both therefore expose exactly the same methods.
 */
import {
  type CallDeskApi,
  type Envelope,
  type EventName,
  type IpcErrorShape,
  eventContract,
  invokeContract,
  invokeNames,
} from './ipc-contract'

export interface Transport {
  invoke(channel: string, input: unknown): Promise<Envelope<unknown>>
  subscribe(channel: string, listener: (payload: unknown) => void): () => void
}

/** What a failed call rejects with in the renderer: main's code and issues survive contextBridge. */
export type CallDeskFailure = Error & { code: IpcErrorShape['code']; issues: string[] }

export function isCallDeskFailure(e: unknown): e is CallDeskFailure {
  return e instanceof Error && typeof (e as Partial<CallDeskFailure>).code === 'string'
}

export function createApi(transport: Transport): CallDeskApi {
  const api: Record<string, unknown> = {}
  for (const name of invokeNames) {
    const { channel } = invokeContract[name]
    api[name] = async (input?: unknown) => {
      const reply = await transport.invoke(channel, input)
      if (reply.ok) return reply.value
      // Plain object across contextBridge: Error subclasses lose their fields.
      throw Object.assign(new Error(reply.error.message), { code: reply.error.code, issues: reply.error.issues ?? [] })
    }
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    const spec = eventContract[event]
    if (!spec) throw new Error(`Unknown event "${String(event)}"`)
    return transport.subscribe(spec.channel, listener)
  }
  return api as CallDeskApi
}
