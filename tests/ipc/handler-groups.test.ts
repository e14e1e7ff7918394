/**
 * The per-feature handler groups make one map: every channel answered by
 * exactly one group. A spread would let a second group silently replace the
 * first; composeHandlers refuses that, and the core's map covers the contract.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeNames } from '../../contract/ipc-contract'
import { composeHandlers } from '../../main/ipc/handlers'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { createTestCore } from '../helpers/test-core'

describe('handler groups', () => {
  it('refuses two groups answering one channel', () => {
    const a = { getSettings: () => ({}) }
    const b = { getSettings: () => ({ microphoneId: 'x' }) }
    expect(() => composeHandlers(a, b)).toThrow(/getSettings/)
    expect(Object.keys(composeHandlers(a, { listCalls: () => [] })).sort()).toEqual(['getSettings', 'listCalls'])
  })

  let core: CallDeskCore
  beforeAll(async () => {
    core = await createTestCore()
  })
  afterAll(async () => core.shutdown())

  it('the core answers every channel of the contract, and only those', () => {
    expect(Object.keys(core.handlers).sort()).toEqual([...invokeNames].sort())
  })
})
