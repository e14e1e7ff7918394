import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, EventPayload, Flag } from '../../contract/ipc-contract'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { dismissCurrentPrompt, SHOWN_FOR_MS } from '../../main/live/dismiss-current'
import { createTestCore } from '../helpers/test-core'

describe('"Not relevant" from the keyboard', () => {
  let core: CallDeskCore
  afterEach(async () => core?.shutdown())

  it('dismisses the prompt on screen once, tells the windows, and does nothing without one', async () => {
    const flags: Flag[] = []
    core = await createTestCore({ emit: <K extends EventName>(e: K, p: EventPayload<K>) => void (e === 'flag' && flags.push(p as Flag)) })
    expect(core.dismissCurrentPrompt()).toBeNull() // no call
    const { callId } = await core.handlers.startCall({ kind: 'rehearsal' })
    expect(core.dismissCurrentPrompt()).toBeNull() // no prompt yet
    await core.handlers.addPracticeLine({ callId, text: 'What kind of mobile campaigns are you running right now?' })
    await expect.poll(() => flags.length).toBeGreaterThan(0)
    const shown = flags.at(-1)!
    expect(core.dismissCurrentPrompt()).toBe(shown.id)
    expect(core.store.flags.get(shown.id)!.dismissedAt).not.toBeNull()
    expect(flags.at(-1)).toMatchObject({ id: shown.id, dismissedAt: expect.any(Number) })
    expect(core.dismissCurrentPrompt()).toBeNull() // already gone
    await core.handlers.stopCall({ callId })
  })

  it('leaves a prompt alone once it has faded from the overlay', async () => {
    core = await createTestCore()
    const { callId } = await core.handlers.startCall({ kind: 'rehearsal' })
    await core.handlers.addPracticeLine({ callId, text: 'What kind of mobile campaigns are you running right now?' })
    await expect.poll(() => core.store.flags.listForCall(callId).length).toBeGreaterThan(0)
    expect(dismissCurrentPrompt(core.store, () => undefined, Date.now() + SHOWN_FOR_MS + 1000)).toBeNull()
    await core.handlers.stopCall({ callId })
  })
})
