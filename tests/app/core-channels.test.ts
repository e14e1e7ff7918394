/**
 * Channels added for reliability and security, through the real dispatcher:
 * the active call for a reloaded page, a model path only from main's dialog,
 * and the global shortcut's status (a failed registration is reported and
 * another one can be picked in settings).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { ShortcutStatus } from '../../contract/ipc-contract'
import type { CallDeskCore, CoreOptions } from '../../main/core/call-desk-core'
import { stubEngineLauncher } from '../helpers/stub-engine'
import { createTestCore } from '../helpers/test-core'
import { TEST_MODEL } from '../helpers/shared-assets'

describe('reliability and security channels', () => {
  let core: CallDeskCore | undefined
  afterEach(async () => {
    await core?.shutdown()
    core = undefined
  })
  const start = async (o: Partial<CoreOptions> = {}) => (core = await createTestCore({ engineLauncher: stubEngineLauncher(), ...o }))

  it('recording:active gives a reloaded page the call and the next frame seq', async () => {
    const c = await start()
    expect(await c.dispatch('recording:active', undefined)).toEqual({ ok: true, value: null })
    const { callId, startedAt } = await c.handlers.startCall({ kind: 'live' })
    for (let seq = 0; seq < 5; seq++) c.handlers.pushAudio({ callId, seq, pcm: new Uint8Array(640) })
    expect(await c.dispatch('recording:active', undefined)).toEqual({ ok: true, value: { callId, kind: 'live', startedAt, nextSeq: 5 } })
    await c.handlers.stopCall({ callId })
    expect(await c.dispatch('recording:active', undefined)).toEqual({ ok: true, value: null })
  })

  it('settings:update refuses a model path the user did not choose in main’s dialog, and changes nothing', async () => {
    let offered: string | undefined
    const c = await start({ chooseModelFile: async () => offered })
    const before = c.settings.get()
    const probe = await c.dispatch('settings:update', { modelPath: '/etc/shadow' })
    expect(probe).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(c.settings.get()).toEqual(before)
    // Cancelled dialog: nothing chosen, still refused.
    expect(await c.dispatch('model:choose-path', undefined)).toEqual({ ok: true, value: null })
    expect(await c.dispatch('settings:update', { modelPath: TEST_MODEL })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    // Chosen in the dialog: accepted.
    offered = TEST_MODEL
    expect(await c.dispatch('model:choose-path', undefined)).toEqual({ ok: true, value: { path: TEST_MODEL } })
    expect(await c.dispatch('settings:update', { modelPath: TEST_MODEL })).toMatchObject({ ok: true, value: { modelPath: TEST_MODEL } })
  })

  it('a shortcut another app holds is reported; picking another in settings registers it', async () => {
    const taken = new Set(['CommandOrControl+Shift+K'])
    const registered: string[] = []
    const events: ShortcutStatus[] = []
    const c = await start({
      shortcuts: {
        register: (accelerator) => {
          const ok = !taken.has(accelerator)
          if (ok) registered.push(accelerator)
          return { accelerator, registered: ok, message: ok ? null : `${accelerator} is taken` }
        },
      },
      emit: (event, payload) => {
        if (event === 'shortcutStatus') events.push(payload as ShortcutStatus)
      },
    })
    c.applyShortcut()
    expect(await c.dispatch('shortcut:status', undefined)).toEqual({
      ok: true,
      value: { accelerator: 'CommandOrControl+Shift+K', registered: false, message: 'CommandOrControl+Shift+K is taken' },
    })
    expect(events.at(-1)?.registered).toBe(false)
    // Not an accelerator: refused by the contract.
    expect(await c.dispatch('settings:update', { toggleCallShortcut: 'K' })).toMatchObject({ ok: false, error: { code: 'validation' } })
    expect(await c.dispatch('settings:update', { toggleCallShortcut: 'CommandOrControl+Alt+K' })).toMatchObject({ ok: true })
    expect(registered).toEqual(['CommandOrControl+Alt+K'])
    expect(events.at(-1)).toEqual({ accelerator: 'CommandOrControl+Alt+K', registered: true, message: null })
    expect((await c.dispatch('shortcut:status', undefined)) as unknown).toMatchObject({ value: { registered: true } })
  })
})
