/**
 * The team tier end to end, against a real PostgreSQL through the real HTTP
 * server: two reps and two coaches on their own data folders. Rehearse →
 * share → push → the coach pulls the team queue → reviews → pushes → the rep
 * pulls and sees the feedback in the plan and the overlay. Two coaches on the
 * same attempt give two reviews. Then what each token may not do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Invite } from '../../server/src/auth'
import { API } from '../../contract/team-wire'
import { exportRehearsalBundle } from '../../main/bundle'
import { freshDatabase, inviteUser, PG_SKIP_REASON, startInProcess } from './pg'
import { LINES, openDesk, rehearse, type Desk } from './team-desk'
import path from 'node:path'

describe.skipIf(!!PG_SKIP_REASON)('team server round trip (PostgreSQL, HTTP, four desktops)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>
  let server: Awaited<ReturnType<typeof startInProcess>>
  const tokens: Record<string, Invite> = {}
  let sam: Desk, riley: Desk, carl: Desk, morgan: Desk
  let samCall: { callId: string; scheduledCallId: string }
  let rileyCall: { callId: string; scheduledCallId: string }

  const api = (who: string, method: string, route: string, body?: unknown, type = 'application/json') =>
    fetch(server.base + API + route, {
      method,
      headers: { authorization: `Bearer ${tokens[who]!.token}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      body: body === undefined ? null : type === 'application/json' ? JSON.stringify(body) : (body as BodyInit),
    })
  const count = async (table: string) => Number((await server.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)

  beforeAll(async () => {
    db = await freshDatabase()
    server = await startInProcess(db.url)
    for (const [name, role, team] of [
      ['Sam', 'rep', 'North'], ['Riley', 'rep', 'North'], ['Carl', 'coach', 'North'], ['Morgan', 'coach', 'North'],
      ['Mia', 'manager', 'North'], ['Bea', 'rep', 'South'], ['Sol', 'coach', 'South'],
    ] as const) tokens[name] = await inviteUser(server.pool, name, role, team)
    sam = await openDesk('Sam', 'rep', server.base, tokens.Sam!.token)
    riley = await openDesk('Riley', 'rep', server.base, tokens.Riley!.token)
    carl = await openDesk('Carl', 'coach', server.base, tokens.Carl!.token)
    morgan = await openDesk('Morgan', 'coach', server.base, tokens.Morgan!.token)
  })
  afterAll(async () => {
    for (const d of [sam, riley, carl, morgan]) await d?.core.shutdown()
    await server?.close()
    await db?.drop()
  })

  it('nothing leaves a desktop while sync is off, or before the rep shares', async () => {
    samCall = await rehearse(sam, 'Dana Reyes', LINES)
    sam.sync.configure({ enabled: false })
    expect(() => sam.sync.share('rehearsal', samCall.callId)).toThrow(/Team sync is off/)
    expect(await sam.sync.syncNow()).toBeNull()
    sam.sync.configure({ enabled: true })
    // On, but nothing chosen and nothing automatic: a round sends nothing.
    const round = await sam.sync.syncNow()
    expect(round!.push.sent).toBe(0)
    expect(await count('rehearsals')).toBe(0)
  })

  it('rehearse → share → push: the coach pulls the team queue, reviews, and the rep sees it in the plan and the overlay', async () => {
    sam.sync.share('rehearsal', samCall.callId)
    sam.sync.share('plan', samCall.scheduledCallId)
    const pushed = await sam.sync.push()
    expect(pushed).toMatchObject({ sent: 2, refused: 0, offline: false })
    rileyCall = await rehearse(riley, 'Lee Park', ['Hello Lee, Riley here.', 'We cut onboarding time by 40% for teams like yours.'])
    riley.sync.configure({ autoShare: { rehearsals: true, debriefs: false, plans: false } })
    expect((await riley.sync.syncNow())!.push.sent).toBe(1)
    expect(await count('rehearsals')).toBe(2)

    // The coach's queue across the team, with rep names, as the server has it.
    const queue = await carl.sync.teamQueue()
    expect(queue.map((q) => [q.repName, q.prospectName, q.attempt])).toEqual([['Sam', 'Dana Reyes', 1], ['Riley', 'Lee Park', 1]])

    // Pulling imports both rehearsals (audio included) into the coach's own store: the usual review screen works offline.
    const pull = await carl.sync.pull()
    expect(pull).toMatchObject({ imported: 2, offline: false, errors: [] })
    const local = await carl.core.handlers.listReviewQueue(undefined)
    expect(local.map((q) => q.call.id).sort()).toEqual([samCall.callId, rileyCall.callId].sort())
    expect(carl.core.store.segments.listForCall(samCall.callId)).toHaveLength(LINES.length)
    expect(carl.core.audioPathFor(samCall.callId) ?? carl.core.store.calls.get(samCall.callId)!.audioPath).toBeTruthy()

    await carl.core.handlers.addComment({ callId: samCall.callId, atMs: 0, body: 'Open with a result, then ask.' })
    await carl.core.handlers.submitReview({ callId: samCall.callId, verdict: 'try-again', summary: 'Give before you probe.' })
    const round = await carl.sync.syncNow()
    expect(round!.push).toMatchObject({ sent: 1, refused: 0 })
    expect(await count('reviews')).toBe(1)
    expect(await count('comments')).toBe(1)
    expect((await carl.sync.teamQueue()).map((q) => q.repName)).toEqual(['Riley'])

    // The rep pulls: the verdict and the comment are in the plan and on the overlay of the real call.
    const repPull = await sam.sync.pull()
    expect(repPull).toMatchObject({ addedReviews: 1, addedComments: 1, conflicts: 0 })
    const plan = await sam.core.handlers.listRehearsals({ scheduledCallId: samCall.scheduledCallId })
    expect(plan.feedback).toMatchObject({ callId: samCall.callId, review: { verdict: 'try-again', summary: 'Give before you probe.', reviewer: 'Carl' } })
    expect(plan.feedback!.comments.map((c) => c.body)).toEqual(['Open with a result, then ask.'])
    const live = await sam.core.handlers.startCall({ kind: 'live', scheduledCallId: samCall.scheduledCallId })
    const overlay = await sam.core.handlers.getOverlayPlan(undefined)
    expect(overlay?.coach).toMatchObject({ reviewer: 'Carl', verdict: 'try-again', summary: 'Give before you probe.' })
    expect(overlay!.coach!.comments.map((c) => c.body)).toEqual(['Open with a result, then ask.'])
    await sam.core.handlers.stopCall({ callId: live.callId })

    // Riley's machine got nothing of Sam's.
    await riley.sync.pull()
    expect(riley.core.store.calls.get(samCall.callId)).toBeUndefined()
    expect(riley.core.store.reviews.listForCall(samCall.callId)).toEqual([])
  })

  it('two coaches reviewing the same attempt give two reviews, both kept on every machine', async () => {
    await morgan.sync.pull()
    expect(morgan.core.store.calls.get(rileyCall.callId)).toBeDefined()
    // Both review Riley's attempt before either has synced.
    await carl.core.handlers.submitReview({ callId: rileyCall.callId, verdict: 'ready', summary: 'Good hook.' })
    await morgan.core.handlers.submitReview({ callId: rileyCall.callId, verdict: 'try-again', summary: 'Ask one question first.' })
    await morgan.sync.syncNow()
    await carl.sync.syncNow()
    const { rows } = await server.pool.query(`SELECT reviewer, verdict FROM reviews WHERE rehearsal_id = $1 ORDER BY reviewer`, [rileyCall.callId])
    expect(rows).toEqual([{ reviewer: 'Carl', verdict: 'ready' }, { reviewer: 'Morgan', verdict: 'try-again' }])
    expect((await riley.sync.pull()).addedReviews).toBe(2)
    expect(riley.core.store.reviews.listForCall(rileyCall.callId).map((r) => r.reviewer).sort()).toEqual(['Carl', 'Morgan'])
    // Each coach also gets the other's review, and pushes nothing of it back as their own.
    await carl.sync.syncNow()
    expect(carl.core.store.reviews.listForCall(rileyCall.callId)).toHaveLength(2)
    expect(carl.sync.status().pending).toBe(0)
    expect(await count('reviews')).toBe(3)
  })

  it('a shared debrief reaches the manager as team figures per week', async () => {
    const { callId } = await rehearse(sam, 'Kim Ode', ['Hey Kim, just checking in.'])
    await sam.core.handlers.saveDebrief({ callId, wentWell: 'Short', toChange: 'Bring a reason', noBuyReason: null, nextStep: '' })
    sam.sync.share('debrief', callId)
    expect((await sam.sync.push()).sent).toBe(1)
    // A live call's debrief: two probes flagged, a close flagged, the first give 4 s in.
    const { store } = sam.core
    const start = Date.now() - 60_000
    const live = store.calls.create({ kind: 'live', audioPath: null, sampleRate: 16000, startedAt: start })
    ;['What tools do you use?', 'How big is the team?', 'We cut costs by 20% for a team like yours.', 'Can we book a demo?'].forEach((text, i) => {
      const seg = store.segments.addTyped({ callId: live.id, startMs: i * 2000, endMs: i * 2000 + 1500, text })
      store.segments.setClass(seg.id, i < 2 ? 'probe' : i === 2 ? 'give' : 'close')
      if (i !== 2) store.flags.add({ callId: live.id, segmentId: seg.id, kind: i < 2 ? 'asking-before-giving' : 'closing-too-early', prompt: 'x', atMs: i * 2000 })
    })
    store.calls.finish(live.id, { endedAt: start + 8000, durationMs: 8000, status: 'completed' })
    sam.sync.share('debrief', live.id)
    expect((await sam.sync.push()).sent).toBe(1)
    const res = await api('Mia', 'GET', '/figures?weeks=2')
    expect(res.status).toBe(200)
    const figures = (await res.json()) as { weeks: Array<{ rehearsals: number; rehearsalsReviewed: number }> }
    const total = figures.weeks.reduce((a, w) => ({ r: a.r + w.rehearsals, v: a.v + w.rehearsalsReviewed }), { r: 0, v: 0 })
    expect(total).toEqual({ r: 2, v: 2 })
    const weeksWithCalls = (figures.weeks as unknown as Array<{ calls: number; flagsPerCallByKind: Record<string, number>; medianFirstGiveMs: number | null }>).filter((w) => w.calls > 0)
    // Whichever week the call fell in (a run just after Monday 00:00 UTC puts it in the one before).
    expect(weeksWithCalls).toHaveLength(1)
    expect(weeksWithCalls[0]!.calls).toBe(1)
    expect(weeksWithCalls[0]!.flagsPerCallByKind).toEqual({ 'asking-before-giving': 2, 'closing-too-early': 1 })
    expect(weeksWithCalls[0]!.medianFirstGiveMs).not.toBeNull()
  })

  it('a rep cannot read or write another rep’s records: 403 on every route', async () => {
    const bundle = exportRehearsalBundle(sam.core.store, path.join(sam.dataDir, 'recordings'), samCall.callId)
    const id = samCall.callId
    const debriefBody = { kind: 'rehearsal', startedAt: 1, durationMs: 1, flagCount: 0, flagsByKind: {}, firstGiveMs: null, notes: null, updatedAt: Date.now() + 1e6 }
    const planBody = { prospectName: 'X', scheduledAt: 1, status: 'scheduled', planNotes: '', rehearsalNotes: '', updatedAt: Date.now() + 1e6 }
    await api('Sam', 'PUT', `/debriefs/${id}`, debriefBody).then((r) => expect(r.status).toBe(201))
    const attempts: Array<[string, string, unknown?, string?]> = [
      ['GET', `/rehearsals/${id}`],
      ['GET', `/rehearsals/${id}/bundle`],
      ['PUT', `/rehearsals/${id}`, bundle, 'application/zip'],
      ['POST', `/rehearsals/${id}/reviews`, { reviews: [], comments: [{ id: crypto.randomUUID(), author: 'Riley', atMs: null, body: 'hi', createdAt: 1 }] }],
      ['GET', `/debriefs/${id}`],
      ['PUT', `/debriefs/${id}`, debriefBody],
      ['GET', `/plans/${samCall.scheduledCallId}`],
      ['PUT', `/plans/${samCall.scheduledCallId}`, planBody],
      ['GET', '/queue'],
      ['GET', '/figures'],
    ]
    for (const [method, route, body, type] of attempts) {
      const res = await api('Riley', method, route, body, type)
      expect([method, route, res.status]).toEqual([method, route, 403])
    }
    // Lists only ever hold the rep's own.
    const mine = (await (await api('Riley', 'GET', '/rehearsals')).json()) as { rehearsals: Array<{ repName: string }> }
    expect(mine.rehearsals.map((r) => r.repName)).toEqual(['Riley'])
    const fb = (await (await api('Riley', 'GET', '/feedback')).json()) as { reviews: Array<{ callId: string }> }
    expect(fb.reviews.every((r) => r.callId === rileyCall.callId)).toBe(true)
    // A manager sees figures, not anyone's rehearsals; a coach cannot upload as a rep.
    for (const route of [`/rehearsals/${id}`, `/rehearsals/${id}/bundle`, `/debriefs/${id}`, `/plans/${samCall.scheduledCallId}`, '/rehearsals', '/queue', '/feedback']) {
      expect([route, (await api('Mia', 'GET', route)).status]).toEqual([route, 403])
    }
    expect((await api('Carl', 'PUT', `/rehearsals/${id}`, bundle, 'application/zip')).status).toBe(403)
    // Nothing changed for Sam.
    const d = (await (await api('Sam', 'GET', `/debriefs/${id}`)).json()) as { repName: string }
    expect(d.repName).toBe('Sam')
  })

  it('a token of team South cannot touch team North: not found, lists empty, its writes land in its own team only', async () => {
    const id = samCall.callId
    const before = (await server.pool.query(`SELECT * FROM rehearsals WHERE id = $1`, [id])).rows
    for (const [who, method, route] of [
      ['Bea', 'GET', `/rehearsals/${id}`], ['Bea', 'GET', `/rehearsals/${id}/bundle`], ['Bea', 'GET', `/debriefs/${id}`],
      ['Bea', 'GET', `/plans/${samCall.scheduledCallId}`], ['Sol', 'GET', `/rehearsals/${id}`], ['Sol', 'GET', `/rehearsals/${id}/bundle`],
    ] as const) {
      expect([who, route, (await api(who, method, route)).status]).toEqual([who, route, 404])
    }
    const review = { reviews: [{ id: crypto.randomUUID(), reviewer: 'Sol', verdict: 'ready', summary: 'x', createdAt: 1 }], comments: [] }
    expect((await api('Sol', 'POST', `/rehearsals/${id}/reviews`, review)).status).toBe(404)
    expect(((await (await api('Sol', 'GET', '/queue')).json()) as { rehearsals: unknown[] }).rehearsals).toEqual([])
    expect(((await (await api('Sol', 'GET', '/feedback')).json()) as { reviews: unknown[] }).reviews).toEqual([])
    // Bea uploading a bundle with Sam's call id makes a South record; North's is untouched.
    const bundle = exportRehearsalBundle(sam.core.store, path.join(sam.dataDir, 'recordings'), id)
    expect((await api('Bea', 'PUT', `/rehearsals/${id}`, bundle, 'application/zip')).status).toBe(201)
    expect((await server.pool.query(`SELECT * FROM rehearsals WHERE id = $1 AND team_id = $2`, [id, tokens.Sam!.teamId])).rows).toEqual(before)
    expect(((await (await api('Sol', 'GET', '/queue')).json()) as { rehearsals: Array<{ repName: string }> }).rehearsals.map((r) => r.repName)).toEqual(['Bea'])
    expect(((await (await api('Carl', 'GET', '/rehearsals')).json()) as { rehearsals: Array<{ repName: string }> }).rehearsals.every((r) => r.repName !== 'Bea')).toBe(true)
  })

  it('no token, a bad token or a revoked one gets 401; bad bodies and params get 400 with the field', async () => {
    for (const route of ['/me', '/rehearsals', '/queue', '/feedback', '/figures', `/rehearsals/${samCall.callId}`]) {
      expect((await fetch(server.base + API + route)).status).toBe(401)
      expect((await fetch(server.base + API + route, { headers: { authorization: 'Bearer cdt_' + 'x'.repeat(43) } })).status).toBe(401)
    }
    const rotated = await inviteUser(server.pool, 'Riley', 'rep', 'North')
    expect(rotated.rotated).toBe(true)
    expect((await api('Riley', 'GET', '/me')).status).toBe(401)
    tokens.Riley = rotated
    expect((await api('Riley', 'GET', '/me')).status).toBe(200)

    const bad = await api('Carl', 'POST', `/rehearsals/${samCall.callId}/reviews`, { reviews: [{ id: 'nope', verdict: 'maybe' }], comments: [] })
    expect(bad.status).toBe(400)
    const body = (await bad.json()) as { error: { issues: string[] } }
    expect(body.error.issues.join('\n')).toMatch(/body\.reviews\.0\.id/)
    expect((await api('Carl', 'GET', '/rehearsals/not-a-uuid')).status).toBe(400)
    expect((await api('Sam', 'PUT', `/rehearsals/${samCall.callId}`, new Uint8Array([1, 2, 3]), 'application/zip')).status).toBe(400)
    expect((await api('Mia', 'GET', '/figures?weeks=500')).status).toBe(400)
  })
})
