/**
 * Rehearsals and coach review through the real core (real SQLite, real coach):
 * attempts of a scheduled call compared by flag kind, the coach's queue, comments
 * and verdicts signed by the profile, the feedback in the plan and in the
 * overlay when the call starts. Bad input is refused and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../contract/ipc-contract'
import { invokeContract } from '../../contract/ipc-contract'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { createTestCore } from '../helpers/test-core'
import { dumpDb } from '../helpers/db-dump'
import { waitFor } from '../helpers/test-host-process'

const HOUR = 3_600_000
const GHOST = '00000000-0000-4000-8000-000000000000'

describe('rehearsals and coach review (core)', () => {
  let core: CallDeskCore
  const events: Array<{ event: EventName; payload: unknown }> = []
  const h = () => core.handlers

  beforeAll(async () => {
    core = await createTestCore({ emit: (event, payload) => events.push({ event, payload }) })
  })
  afterAll(async () => {
    await core?.shutdown()
  })

  /** A typed rehearsal of the scheduled call; resolves once the coach has flagged what it will. */
  async function rehearse(scheduledCallId: string, lines: string[], minFlags: number): Promise<string> {
    const { callId } = await h().startCall({ kind: 'rehearsal', scheduledCallId })
    for (const text of lines) await h().addPracticeLine({ callId, text })
    await waitFor(() => (core.store.flags.listForCall(callId).length >= minFlags ? true : undefined), 5000, `${minFlags} flags`)
    await h().stopCall({ callId })
    return callId
  }
  const snapshot = () => dumpDb(core.store)

  const PROBE_AND_CLOSE = ["Hi Dana, it's Sam from Brightline.", 'What kind of campaigns are you running right now?', 'Can we set up a demo next week?']
  const GIVE_FIRST = [
    "Hi Dana, it's Sam from Brightline.",
    'A logistics client in your market added $20k of new revenue in six weeks by texting past customers.',
    'What kind of campaigns are you running right now?',
  ]

  it('rehearses twice, compares the attempts, and the coach reviews; the rep sees it in the plan and the overlay', async () => {
    const dana = await h().createProspect({ name: 'Dana Reyes', company: 'Northpeak' })
    const sc = await h().scheduleCall({ prospectId: dana.id, scheduledAt: Date.now() + HOUR, planNotes: '- Ask what has changed', rehearsalNotes: '' })

    const first = await rehearse(sc.id, PROBE_AND_CLOSE, 2)
    const second = await rehearse(sc.id, GIVE_FIRST, 0)
    // A rehearsal of the call does not make it done, and both are stored as rehearsals linked to it.
    expect((await h().getScheduledCall({ scheduledCallId: sc.id })).status).toBe('scheduled')
    expect(core.store.calls.get(first)).toMatchObject({ kind: 'rehearsal', scheduledCallId: sc.id, prospectId: dana.id })

    const r = await h().listRehearsals({ scheduledCallId: sc.id })
    expect(r.attempts.map((a) => [a.attempt, a.call.id])).toEqual([
      [1, first],
      [2, second],
    ])
    expect(r.attempts[0]!.flagsByKind).toMatchObject({ 'asking-before-giving': 1, 'closing-too-early': 1 })
    expect(r.attempts[0]!.flagCount).toBe(Object.values(r.attempts[0]!.flagsByKind).reduce((a, b) => a + b, 0))
    expect(r.attempts[1]!.flagsByKind['asking-before-giving'] ?? 0).toBe(0)
    expect(r.feedback).toBeNull()

    // The coach's queue: both attempts, oldest first.
    expect((await h().listReviewQueue(undefined)).map((q) => [q.call.id, q.attempt, q.scheduledCall.id])).toEqual([
      [first, 1, sc.id],
      [second, 2, sc.id],
    ])

    // The profile switch: persisted in settings, and it signs what is written.
    await h().updateSettings({ profile: { name: '  Coach Carl ', role: 'coach' } })
    expect(core.settings.get().profile).toEqual({ name: 'Coach Carl', role: 'coach' })
    const review = await h().getRehearsalReview({ callId: second })
    expect(review.attempt).toBe(2)
    expect(review.detail.segments.map((s) => s.text)).toEqual(GIVE_FIRST)
    const line = review.detail.segments[1]!
    const c1 = await h().addComment({ callId: second, atMs: line.startMs, body: 'Great: the result comes before the question.' })
    const c2 = await h().addComment({ callId: second, atMs: null, body: 'Slow down on the opener.' })
    expect(c1).toMatchObject({ author: 'Coach Carl', role: 'coach', atMs: line.startMs })
    expect(c2.atMs).toBeNull()
    const verdict = await h().submitReview({ callId: second, verdict: 'ready', summary: 'Lead with the $20k story and you are ready.' })
    expect(verdict).toMatchObject({ reviewer: 'Coach Carl', verdict: 'ready' })

    // Reviewing the newer attempt supersedes the older unreviewed one: nothing left to review.
    expect(await h().listReviewQueue(undefined)).toEqual([])

    // The rep sees the verdict and the comments (whole-rehearsal first, then by moment) in the plan.
    await h().updateSettings({ profile: { name: 'Sam', role: 'rep' } })
    const after = await h().listRehearsals({ scheduledCallId: sc.id })
    expect(after.feedback).toMatchObject({ attempt: 2, callId: second, review: { verdict: 'ready', summary: verdict.summary } })
    expect(after.feedback!.comments.map((c) => c.body)).toEqual([c2.body, c1.body])
    expect(after.attempts[1]!.review?.id).toBe(verdict.id)
    expect(after.attempts[1]!.commentCount).toBe(2)
    // A rep's own comment is signed as the rep and is not coach feedback.
    const mine = await h().addComment({ callId: second, atMs: 0, body: 'Was the pace OK?' })
    expect(mine).toMatchObject({ author: 'Sam', role: 'rep' })
    expect((await h().listRehearsals({ scheduledCallId: sc.id })).feedback!.comments).toHaveLength(2)

    // A third attempt after the review waits for the coach again, as a retry of a "ready".
    const third = await rehearse(sc.id, GIVE_FIRST, 0)
    const queue = await h().listReviewQueue(undefined)
    expect(queue.map((q) => [q.call.id, q.attempt, q.previousVerdict])).toEqual([[third, 3, 'ready']])

    // Starting the real call puts the coach's key points in the overlay's plan.
    events.length = 0
    const live = await h().startCall({ kind: 'live', scheduledCallId: sc.id })
    const shown = events.find((e) => e.event === 'overlayPlan')?.payload as EventPayload<'overlayPlan'>
    expect(shown!.coach).toEqual({
      reviewer: 'Coach Carl',
      verdict: 'ready',
      attempt: 2,
      summary: verdict.summary,
      comments: [
        { atMs: null, body: c2.body },
        { atMs: line.startMs, body: c1.body },
      ],
    })
    expect(await h().getOverlayPlan(undefined)).toEqual(shown)
    await h().stopCall({ callId: live.callId })
    // Once the call is made it has nothing left to review.
    expect(await h().listReviewQueue(undefined)).toEqual([])
  })

  it('keeps the overlay short: long summaries and comments are clipped, at most four comments', async () => {
    const p = await h().createProspect({ name: 'Lee' })
    const sc = await h().scheduleCall({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '- recap', rehearsalNotes: '' })
    const callId = await rehearse(sc.id, PROBE_AND_CLOSE, 1)
    await h().updateSettings({ profile: { name: 'Coach Dee', role: 'coach' } })
    for (let i = 0; i < 6; i++) await h().addComment({ callId, atMs: i * 100, body: `Point ${i} ${'x'.repeat(200)}` })
    await h().submitReview({ callId, verdict: 'try-again', summary: 'y'.repeat(1000) })
    events.length = 0
    const live = await h().startCall({ kind: 'live', scheduledCallId: sc.id })
    const coach = (await h().getOverlayPlan(undefined))!.coach!
    expect(coach.verdict).toBe('try-again')
    expect(coach.summary.length).toBeLessThanOrEqual(160)
    expect(coach.summary.endsWith('…')).toBe(true)
    expect(coach.comments.map((c) => c.body.slice(0, 7))).toEqual(['Point 0', 'Point 1', 'Point 2', 'Point 3'])
    expect(coach.comments.every((c) => c.body.length <= 90)).toBe(true)
    await h().stopCall({ callId: live.callId })
  })

  it('a scheduled call never rehearsed or reviewed shows no coach section', async () => {
    const p = await h().createProspect({ name: 'Kim' })
    const sc = await h().scheduleCall({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '- recap', rehearsalNotes: '' })
    const live = await h().startCall({ kind: 'live', scheduledCallId: sc.id })
    expect((await h().getOverlayPlan(undefined))!.coach).toBeNull()
    await h().stopCall({ callId: live.callId })
    expect(await h().listRehearsals({ scheduledCallId: sc.id })).toEqual({ scheduledCallId: sc.id, attempts: [], feedback: null })
  })

  it('refuses bad input, a missing profile, a rep giving a verdict and live calls, changing nothing', async () => {
    const p = await h().createProspect({ name: 'Pat' })
    const sc = await h().scheduleCall({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '', rehearsalNotes: '' })
    const callId = await rehearse(sc.id, PROBE_AND_CLOSE, 1)
    const live = await h().startCall({ kind: 'live', prospectId: p.id })
    await h().stopCall({ callId: live.callId })
    const send = (name: keyof typeof invokeContract, input: unknown) => core.dispatch(invokeContract[name].channel, input)

    // No profile yet: a comment cannot be signed.
    core.store.settings.delete('app')
    const before = snapshot()
    expect(await send('addComment', { callId, body: 'Nice' })).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/Say who you are/) } })

    // Bad profiles are refused by the schema.
    for (const profile of [{ name: '', role: 'coach' }, { name: '   ', role: 'rep' }, { name: 'Carl', role: 'manager' }, { name: 'x'.repeat(101), role: 'rep' }, { name: 'Carl' }, { name: 'Carl', role: 'coach', admin: true }]) {
      expect(await send('updateSettings', { profile })).toMatchObject({ ok: false, error: { code: 'validation' } })
    }
    expect(snapshot()).toEqual(before)

    await h().updateSettings({ profile: { name: 'Sam', role: 'rep' } })
    const withProfile = snapshot()
    expect(await send('submitReview', { callId, verdict: 'ready', summary: 'Self-approved' })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    expect(await send('exportReviewBundle', { callId })).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    await h().updateSettings({ profile: { name: 'Coach Carl', role: 'coach' } })
    const asCoach = snapshot()
    const bad: Array<[keyof typeof invokeContract, unknown, string]> = [
      ['addComment', { callId, body: '   ' }, 'validation'],
      ['addComment', { callId, body: 'x'.repeat(4001) }, 'validation'],
      ['addComment', { callId, atMs: -5, body: 'Before the start' }, 'validation'],
      ['addComment', { callId, atMs: 1.5, body: 'Fraction' }, 'validation'],
      ['addComment', { callId, atMs: 10 * HOUR, body: 'After the end' }, 'validation'],
      ['addComment', { callId, body: 'Spoofed', author: 'Someone else' }, 'validation'],
      ['addComment', { callId, body: 'Spoofed', role: 'coach' }, 'validation'],
      ['addComment', { callId: GHOST, body: 'Nobody' }, 'not-found'],
      ['addComment', { callId: live.callId, body: 'A live call' }, 'conflict'],
      ['submitReview', { callId, verdict: 'maybe', summary: 'Hmm' }, 'validation'],
      ['submitReview', { callId, verdict: 'ready', summary: '  ' }, 'validation'],
      ['submitReview', { callId, verdict: 'ready' }, 'validation'],
      ['submitReview', { callId: live.callId, verdict: 'ready', summary: 'Live' }, 'conflict'],
      ['getRehearsalReview', { callId: live.callId }, 'conflict'],
      ['getRehearsalReview', { callId: GHOST }, 'not-found'],
      ['listRehearsals', { scheduledCallId: GHOST }, 'not-found'],
      ['listRehearsals', { scheduledCallId: 'tomorrow' }, 'validation'],
      ['listReviewQueue', { all: true }, 'validation'],
      ['exportRehearsalBundle', { callId: 'x' }, 'validation'],
      ['importRehearsalBundle', { path: '/etc/passwd' }, 'validation'],
      ['mergeReviewBundle', { path: '../x.zip' }, 'validation'],
    ]
    for (const [name, input, code] of bad) {
      const reply = await send(name, input)
      expect(reply, `${name} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code } })
    }
    expect(snapshot()).toEqual(asCoach)
    expect(withProfile.reviews).toEqual(asCoach.reviews)

    // The same channels accept well-formed input (the refusals are not refusing everything).
    expect(await send('addComment', { callId, atMs: 0, body: 'Fine' })).toMatchObject({ ok: true })
  })
})
