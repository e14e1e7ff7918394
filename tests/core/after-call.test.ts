/**
 * After the call through the real core (real SQLite file, real coach): a typed
 * practice call → debrief figures → plan draft → schedule → start it (linked,
 * plan in the overlay) → stop (done). Bad input changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../contract/ipc-contract'
import { invokeContract } from '../../contract/ipc-contract'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { createTestCore } from '../helpers/test-core'
import { waitFor } from '../helpers/test-host-process'
import { rawDatabaseForTests } from '../../main/store/raw-database'

const HOUR = 3_600_000

describe('after the call (core)', () => {
  let core: CallDeskCore
  const events: Array<{ event: EventName; payload: unknown }> = []
  const h = () => core.handlers

  beforeAll(async () => {
    core = await createTestCore({ emit: (event, payload) => events.push({ event, payload }) })
  })
  afterAll(async () => {
    await core?.shutdown()
  })

  it('practice call → debrief → plan → schedule → start shows the plan → stop marks it done', async () => {
    const dana = await h().createProspect({ name: 'Dana Reyes', company: 'Northpeak' })
    const { callId } = await h().startCall({ kind: 'rehearsal', prospectId: dana.id })
    for (const line of [
      "Hi Dana, it's Sam from Brightline Mobile.",
      'What kind of mobile campaigns are you running right now?',
      'A client in your market added $20k of new revenue in six weeks by texting past customers.',
      'Can we set up a time for a demo next week?',
    ]) {
      await h().addPracticeLine({ callId, text: line })
    }
    await waitFor(() => (core.store.flags.listForCall(callId).length >= 1 ? true : undefined), 5000, 'a flag')
    await h().stopCall({ callId })

    const d = await h().getDebrief({ callId })
    expect(d.detail.segments).toHaveLength(4)
    expect(d.detail.flags.map((f) => f.kind)).toContain('asking-before-giving')
    expect(d.figures.probesBeforeFirstGive).toBe(1)
    expect(d.figures.firstGiveMs).not.toBeNull()
    expect(d.figures.firstCommitmentAskMs).toBeGreaterThanOrEqual(d.figures.firstGiveMs!)
    expect(d.figures.talkMs).toBeGreaterThan(0)
    expect(d.notes).toBeNull()
    expect(d.prospect?.name).toBe('Dana Reyes')

    await h().saveDebrief({ callId, wentWell: 'Gave a result', toChange: 'Give first', noBuyReason: 'No budget until Q3', nextStep: 'Send the case study' })
    expect((await h().getDebrief({ callId })).notes).toMatchObject({ nextStep: 'Send the case study', noBuyReason: 'No budget until Q3' })

    const draft = await h().draftPlan({ callId })
    expect(draft.opener[0]).toMatch(/^Ask what has changed/)
    expect(draft.recap.agreed).toEqual(['Send the case study'])
    expect(draft.text).toContain('No budget until Q3')

    const sc = await h().scheduleCall({ prospectId: dana.id, scheduledAt: Date.now() + HOUR, planNotes: draft.text, rehearsalNotes: '- slow down on pricing' })
    expect(sc).toMatchObject({ prospectName: 'Dana Reyes', status: 'scheduled' })
    const schedule = await h().listSchedule({})
    expect([...schedule.today, ...schedule.thisWeek, ...schedule.later].map((s) => s.id)).toContain(sc.id)
    expect((await h().getDebrief({ callId })).nextScheduledCall?.id).toBe(sc.id)

    events.length = 0
    const live = await h().startCall({ kind: 'rehearsal', scheduledCallId: sc.id })
    expect(core.store.calls.get(live.callId)).toMatchObject({ scheduledCallId: sc.id, prospectId: dana.id })
    const shown = events.find((e) => e.event === 'overlayPlan')?.payload as EventPayload<'overlayPlan'>
    expect(shown?.items[0]).toMatch(/^Ask what has changed/)
    expect(shown?.rehearsalItems).toEqual(['slow down on pricing'])
    expect(await h().getOverlayPlan(undefined)).toEqual(shown)
    await h().stopCall({ callId: live.callId })
    expect(await h().getOverlayPlan(undefined)).toBeNull()
    expect(events.filter((e) => e.event === 'overlayPlan').at(-1)?.payload).toBeNull()
    // A rehearsal of the call does not make it done.
    expect((await h().getScheduledCall({ scheduledCallId: sc.id })).status).toBe('scheduled')

    const page = await h().getProspect({ prospectId: dana.id })
    expect(page.history.map((x) => x.type)).toEqual(['call', 'debrief', 'call'])
    expect(page.nextScheduledCall?.id).toBe(sc.id)

    const md = await h().exportCall({ callId, what: 'debrief', format: 'markdown' })
    expect(md.fileName).toMatch(/^Dana-Reyes-\d{4}-\d\d-\d\d-debrief\.md$/)
    expect(md.content).toContain('## Agreed next step\n\n> Send the case study')
  })

  it('a live call for a scheduled call marks it done; a done call cannot be started again', async () => {
    const p = await h().createProspect({ name: 'Lee' })
    const sc = await h().scheduleCall({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '- recap', rehearsalNotes: '' })
    const { callId } = await h().startCall({ kind: 'live', scheduledCallId: sc.id })
    await h().stopCall({ callId })
    expect((await h().getScheduledCall({ scheduledCallId: sc.id })).status).toBe('done')
    const again = await core.dispatch(invokeContract.startCall.channel, { kind: 'live', scheduledCallId: sc.id })
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } })
  })

  it('refuses with a clear error and changes nothing: past times, unknown ids, another prospect, status without a reason', async () => {
    const p = await h().createProspect({ name: 'Kim' })
    const other = await h().createProspect({ name: 'Pat' })
    const sc = await h().scheduleCall({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '', rehearsalNotes: '' })
    const count = () => (rawDatabaseForTests(core.store).prepare('SELECT (SELECT count(*) FROM scheduled_calls) + (SELECT count(*) FROM calls) * 1000').pluck().get() as number)
    const before = count()

    const past = await core.dispatch(invokeContract.scheduleCall.channel, { prospectId: p.id, scheduledAt: Date.now() - 2 * HOUR })
    expect(past).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/passed/) } })
    const ghost = await core.dispatch(invokeContract.scheduleCall.channel, { prospectId: '00000000-0000-4000-8000-000000000000', scheduledAt: Date.now() + HOUR })
    expect(ghost).toMatchObject({ ok: false, error: { code: 'not-found' } })
    const mismatch = await core.dispatch(invokeContract.startCall.channel, { kind: 'live', scheduledCallId: sc.id, prospectId: other.id })
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'validation' } })
    events.length = 0
    const noReason = await core.dispatch(invokeContract.setProspectStatus.channel, { prospectId: p.id, status: 'dead' })
    expect(noReason).toMatchObject({ ok: false, error: { code: 'validation', issues: [expect.stringMatching(/^reason: Say why/)] } })
    expect(count()).toBe(before)
    expect(core.recording.activeCallId).toBeUndefined()
    expect(core.store.prospects.get(p.id)?.status).toBe('active')
    // A refused change tells no one.
    expect(events.filter((e) => e.event === 'prospectsChanged')).toEqual([])

    const dead = await h().setProspectStatus({ prospectId: p.id, status: 'dead', reason: 'Went with a competitor' })
    expect(dead).toMatchObject({ status: 'dead', statusReason: 'Went with a competitor' })
    expect((await h().setProspectStatus({ prospectId: p.id, status: 'active' })).statusReason).toBeNull()
    // Each change goes to open prospect lists (the call screen's picker), as does a new prospect.
    const added = await h().createProspect({ name: 'Robin' })
    expect(events.filter((e) => e.event === 'prospectsChanged').map((e) => e.payload)).toEqual([{ prospectId: p.id }, { prospectId: p.id }, { prospectId: added.id }])
  })
})
