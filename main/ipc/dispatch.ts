/**
 * The one place IPC input is validated and handler errors become envelopes.
 * Electron's ipcMain registration and the test host's WebSocket server both
 * call the dispatcher, so validation cannot differ between them.
 */
import type { z } from 'zod'
import {
  type Envelope,
  type InvokeName,
  type InvokeOutput,
  type InvokeParsedInput,
  type IpcErrorShape,
  channelToInvokeName,
  invokeContract,
} from '../../contract/ipc-contract'
import { AppError } from '../errors'

export type Handlers = {
  [K in InvokeName]: (input: InvokeParsedInput<K>) => Promise<InvokeOutput<K>> | InvokeOutput<K>
}

export type Dispatch = (channel: string, rawInput: unknown) => Promise<Envelope<unknown>>

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.length ? issue.path.join('.') : 'input'}: ${issue.message}`)
}

export function toErrorShape(err: unknown): IpcErrorShape {
  if (err instanceof AppError) return { code: err.code, message: err.message, ...(err.issues ? { issues: err.issues } : {}) }
  // Unexpected failures: say something true without leaking internals to the UI.
  return { code: 'internal', message: `Something went wrong in Call Desk: ${err instanceof Error ? err.message : String(err)}` }
}

export function createDispatcher(handlers: Handlers, onInternalError: (err: unknown) => void = console.error): Dispatch {
  return async (channel, rawInput) => {
    const name = channelToInvokeName(channel)
    if (!name) return { ok: false, error: { code: 'validation', message: `Unknown channel "${channel}".` } }
    const spec = invokeContract[name]
    const parsed = spec.input.safeParse(rawInput)
    if (!parsed.success) {
      const issues = formatIssues(parsed.error)
      return { ok: false, error: { code: 'validation', message: `Invalid input for ${channel}: ${issues.join('; ')}`, issues } }
    }
    try {
      const handler = handlers[name] as (input: unknown) => unknown
      const value = await handler(parsed.data)
      // Validate what we send back too: a malformed reply is a bug here, not the renderer's problem.
      const out = spec.output.safeParse(value)
      if (!out.success) {
        onInternalError(new Error(`Handler ${channel} returned invalid output: ${formatIssues(out.error).join('; ')}`))
        return { ok: false, error: { code: 'internal', message: `Call Desk produced an invalid reply for ${channel}.` } }
      }
      return { ok: true, value: out.data }
    } catch (err) {
      if (!(err instanceof AppError)) onInternalError(err)
      return { ok: false, error: toErrorShape(err) }
    }
  }
}
