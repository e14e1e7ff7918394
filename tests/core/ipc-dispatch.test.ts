/** The IPC dispatcher on its own: input validation, output validation and error envelopes. */
import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { invokeContract, invokeNames, type Envelope } from '../../contract/ipc-contract'
import { AppError } from '../../main/errors'
import { createDispatcher, toErrorShape, type Handlers } from '../../main/ipc/dispatch'

/** Every handler fails loudly unless a test supplies it. */
function handlers(overrides: Record<string, (input: unknown) => unknown>): Handlers {
  const all: Record<string, (input: unknown) => unknown> = {}
  for (const name of invokeNames) {
    all[name] = () => {
      throw new Error(`handler ${name} should not run`)
    }
  }
  return { ...all, ...overrides } as unknown as Handlers
}

function dispatcher(overrides: Record<string, (input: unknown) => unknown>) {
  const internal: unknown[] = []
  const dispatch = createDispatcher(handlers(overrides), (err) => internal.push(err))
  return { dispatch, internal }
}

const SETTINGS = invokeContract.getSettings.channel
const STOP = invokeContract.stopCall.channel
const START = invokeContract.startCall.channel

function errorOf(reply: Envelope<unknown>) {
  if (reply.ok) throw new Error(`expected an error, got ${JSON.stringify(reply.value)}`)
  return reply.error
}

describe('createDispatcher', () => {
  it('returns the handler value in an ok envelope', async () => {
    const { dispatch, internal } = dispatcher({ getSettings: () => ({ microphoneId: 'mic' }) })
    expect(await dispatch(SETTINGS, undefined)).toEqual({ ok: true, value: { microphoneId: 'mic' } })
    expect(internal).toEqual([])
  })

  it('passes the parsed input (defaults applied) to the handler', async () => {
    let seen: unknown
    const { dispatch } = dispatcher({
      startCall: (input) => {
        seen = input
        return { callId: randomUUID(), startedAt: 1, sampleRate: 16_000 }
      },
    })
    const reply = await dispatch(START, {})
    expect(reply.ok).toBe(true)
    expect(seen).toEqual({ kind: 'live' })
  })

  it('answers an unknown channel with a validation error', async () => {
    const { dispatch } = dispatcher({})
    expect(errorOf(await dispatch('calls:delete-everything', {}))).toMatchObject({ code: 'validation', message: expect.stringContaining('calls:delete-everything') })
  })

  it('rejects bad input with validation issues, without running the handler', async () => {
    let ran = false
    const { dispatch } = dispatcher({
      stopCall: () => {
        ran = true
      },
    })
    const error = errorOf(await dispatch(STOP, { callId: 'nope' }))
    expect(error.code).toBe('validation')
    expect(error.issues).toEqual([expect.stringMatching(/^callId: /)])
    expect(error.message).toContain(STOP)
    expect(ran).toBe(false)
  })

  it('turns a handler reply of the wrong shape into an internal error, and reports it', async () => {
    const { dispatch, internal } = dispatcher({ stopCall: () => ({ id: 'not-a-uuid', status: 'weird' }) })
    const error = errorOf(await dispatch(STOP, { callId: randomUUID() }))
    expect(error).toEqual({ code: 'internal', message: `Call Desk produced an invalid reply for ${STOP}.` })
    expect(internal).toHaveLength(1)
    expect(String(internal[0])).toContain(`Handler ${STOP} returned invalid output`)
  })

  it('treats undefined from a handler that must return a value as invalid output', async () => {
    const { dispatch, internal } = dispatcher({ getSettings: () => undefined })
    expect(errorOf(await dispatch(SETTINGS, undefined)).code).toBe('internal')
    expect(internal).toHaveLength(1)
  })

  it('strips fields the contract does not declare from the reply', async () => {
    const { dispatch } = dispatcher({ getSettings: () => ({ microphoneId: 'mic', secretPath: '/home/rep/.ssh' }) })
    expect(await dispatch(SETTINGS, undefined)).toEqual({ ok: true, value: { microphoneId: 'mic' } })
  })

  it('passes an AppError through with its code, message and issues, not as internal', async () => {
    const { dispatch, internal } = dispatcher({
      stopCall: () => {
        throw new AppError('conflict', 'This call is not recording any more.', ['callId: stopped'])
      },
    })
    expect(errorOf(await dispatch(STOP, { callId: randomUUID() }))).toEqual({
      code: 'conflict',
      message: 'This call is not recording any more.',
      issues: ['callId: stopped'],
    })
    expect(internal).toEqual([])
  })

  it('passes an async AppError without issues and leaves issues out', async () => {
    const { dispatch } = dispatcher({
      stopCall: async () => {
        throw new AppError('not-found', 'Call x was not found.')
      },
    })
    const error = errorOf(await dispatch(STOP, { callId: randomUUID() }))
    expect(error).toEqual({ code: 'not-found', message: 'Call x was not found.' })
    expect('issues' in error).toBe(false)
  })

  it('turns an unexpected Error into internal with its message, and reports it', async () => {
    const boom = new Error('disk full')
    const { dispatch, internal } = dispatcher({
      getSettings: async () => {
        throw boom
      },
    })
    expect(errorOf(await dispatch(SETTINGS, undefined))).toEqual({ code: 'internal', message: 'Something went wrong in Call Desk: disk full' })
    expect(internal).toEqual([boom])
  })

  it('turns a thrown non-Error into internal too', async () => {
    const { dispatch, internal } = dispatcher({
      getSettings: () => {
        throw 'just a string'
      },
    })
    expect(errorOf(await dispatch(SETTINGS, undefined))).toEqual({ code: 'internal', message: 'Something went wrong in Call Desk: just a string' })
    expect(internal).toEqual(['just a string'])
  })
})

describe('toErrorShape', () => {
  it('keeps AppError fields and hides nothing else', () => {
    expect(toErrorShape(new AppError('model', 'No model installed.'))).toEqual({ code: 'model', message: 'No model installed.' })
    expect(toErrorShape(new TypeError('x is undefined'))).toEqual({ code: 'internal', message: 'Something went wrong in Call Desk: x is undefined' })
  })
})
