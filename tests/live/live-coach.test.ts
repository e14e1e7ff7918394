/**
 * The live coaching path through the real core: typed practice lines and
 * transcribed speech become segments, the coach sees them in call order, and
 * its flags are stored and announced as events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { EventName, EventPayload, Flag } from '../../contract/ipc-contract'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { createTestCore } from '../helpers/test-core'
import { LiveCoach } from '../../main/live/live-coach'
import { createStore } from '../../main/store'
import { tempDataDir } from '../helpers/test-host-process'

describe('live coaching', () => {
  let core: CallDeskCore
  let events: Array<{ event: EventName; payload: unknown }>

  beforeEach(async () => {
    events = []
    core = await createTestCore({ emit: <K extends EventName>(event: K, payload: EventPayload<K>) => events.push({ event, payload }) })
  })
  afterEach(async () => {
    await core.shutdown()
  })

  const flagsEmitted = () => events.filter((e) => e.event === 'flag').map((e) => e.payload as Flag)

  it('flags a probe before any give and an early demo ask, from typed lines', async () => {
    const prospect = await core.handlers.createProspect({ name: 'Dana Reyes', company: 'Northpeak' })
    const { callId } = await core.handlers.startCall({ kind: 'live', prospectId: prospect.id })
    await core.handlers.addPracticeLine({ callId, text: "Hi Dana, it's Sam from Brightline." })
    await core.handlers.addPracticeLine({ callId, text: 'What kind of campaigns are you running right now?' })
    await core.handlers.addPracticeLine({ callId, text: 'Can we set up a demo next week?' })

    const kinds = flagsEmitted().map((f) => f.kind)
    expect(kinds).toContain('asking-before-giving')
    expect(kinds).toContain('closing-too-early')
    for (const f of flagsEmitted()) {
      expect(f.prompt.length).toBeGreaterThan(0)
      expect(f.prompt.length).toBeLessThanOrEqual(60)
    }
    // Stored with the call, pointing at the segment that raised it.
    const detail = await core.handlers.getCall({ callId })
    expect(detail.call.prospectName).toBe('Dana Reyes')
    expect(detail.flags.map((f) => f.id).sort()).toEqual(flagsEmitted().map((f) => f.id).sort())
    const probe = detail.segments.find((s) => s.text.startsWith('What kind'))!
    expect(detail.flags.find((f) => f.kind === 'asking-before-giving')!.segmentId).toBe(probe.id)
    expect(detail.segments.every((s) => s.source === 'typed' && s.status === 'done')).toBe(true)
  })

  it('gives no asking-before-giving flag when the rep gives first', async () => {
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    await core.handlers.addPracticeLine({
      callId,
      text: 'One of our clients in cold storage cut late deliveries by thirty percent last quarter by moving pickups earlier.',
    })
    await core.handlers.addPracticeLine({ callId, text: 'How are you handling late pickups at your warehouse today?' })
    expect(flagsEmitted().map((f) => f.kind)).not.toContain('asking-before-giving')
  })

  it('stores a dismissal', async () => {
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    await core.handlers.addPracticeLine({ callId, text: "What's your budget for this next quarter?" })
    const flag = flagsEmitted()[0]!
    const dismissed = await core.handlers.dismissFlag({ flagId: flag.id })
    expect(dismissed.dismissedAt).toBeGreaterThan(0)
    expect((await core.handlers.getCall({ callId })).flags[0]!.dismissedAt).toBe(dismissed.dismissedAt)
  })

  it('rejects practice lines for a call that is not recording', async () => {
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    await core.handlers.stopCall({ callId })
    await expect(Promise.resolve().then(() => core.handlers.addPracticeLine({ callId, text: 'hello' }))).rejects.toMatchObject({ code: 'conflict' })
  })
})

describe('overlay state', () => {
  it('comes up with a call, goes with it, keeps collapsed across restarts, and never keeps click-through past the call', async () => {
    const dataDir = tempDataDir()
    const open = () =>
      createTestCore({ dataDir })
    const first = await open()
    expect(first.handlers.getOverlayState(undefined)).toEqual({ visible: false, collapsed: false, clickThrough: false })
    const { callId } = await first.handlers.startCall({ kind: 'live' })
    expect((await first.handlers.getOverlayState(undefined)).visible).toBe(true)
    await first.handlers.setOverlayState({ collapsed: true, clickThrough: true })
    expect((await first.handlers.getOverlayState(undefined)).clickThrough).toBe(true)
    // The way out while it ignores clicks: turned off from elsewhere (call screen, settings, shortcut).
    await first.handlers.setOverlayState({ clickThrough: false })
    await first.handlers.setOverlayState({ clickThrough: true })
    await first.handlers.stopCall({ callId })
    // A window that ignores clicks is not a trap for the next call.
    expect(await first.handlers.getOverlayState(undefined)).toEqual({ visible: false, collapsed: true, clickThrough: false })
    await first.shutdown()
    const second = await open()
    expect(second.handlers.getOverlayState(undefined)).toEqual({ visible: false, collapsed: true, clickThrough: false })
    await second.shutdown()
  })
})

describe('LiveCoach ordering', () => {
  it('coaches segments in call order even when a later one settles first', () => {
    const store = createStore(`${tempDataDir()}/c.sqlite`)
    const flags: Flag[] = []
    const coach = new LiveCoach(store, (event, payload) => event === 'flag' && flags.push(payload as Flag))
    const call = store.calls.create({ kind: 'live', audioPath: null, sampleRate: 16000, startedAt: 0 })
    const give = store.segments.insertPending({ callId: call.id, startMs: 0, endMs: 4000 })
    const probe = store.segments.addTyped({ callId: call.id, startMs: 5000, endMs: 5000, text: "What's your budget this year?" })
    // The typed probe settles while the spoken give is still being transcribed: no verdict yet.
    coach.onSegment(probe)
    expect(flags).toHaveLength(0)
    const done = store.segments.complete(give.id, 'A client like you saved forty thousand dollars last year by switching carriers.')!
    coach.onSegment(done)
    // The give came first in the call, so the probe is not asking before giving.
    expect(flags.map((f) => f.kind)).not.toContain('asking-before-giving')
    // Each coached segment keeps the coach's reading, for the debrief.
    expect(store.segments.get(give.id)!.utteranceClass).toBe('give')
    expect(store.segments.get(probe.id)!.utteranceClass).toBe('probe')
    store.close()
  })
})
