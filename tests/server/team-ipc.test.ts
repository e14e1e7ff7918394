/**
 * The team channels through the real core's dispatcher (zod both ways), on a
 * real PostgreSQL and HTTP server: off by default, the token never comes back
 * to the renderer, nothing is shared until the rep shares it, a round reports
 * offline instead of failing, the coach's team queue and the team figures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Envelope } from '../../contract/ipc-contract'
import { invokeContract } from '../../contract/ipc-contract'
import { freshDatabase, inviteUser, PG_SKIP_REASON, startInProcess } from './pg'
import { LINES, openDesk, rehearse, type Desk } from './team-desk'

describe.skipIf(!!PG_SKIP_REASON)('team IPC channels (real core, PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>
  let server: Awaited<ReturnType<typeof startInProcess>>
  let rep: Desk
  let coach: Desk
  let repToken: string
  let coachToken: string
  const call = async (desk: Desk, name: keyof typeof invokeContract, input?: unknown) =>
    (await desk.core.dispatch(invokeContract[name].channel, input)) as Envelope<any> & { value?: any }

  beforeAll(async () => {
    db = await freshDatabase()
    server = await startInProcess(db.url)
    repToken = (await inviteUser(server.pool, 'Ana', 'rep', 'East')).token
    coachToken = (await inviteUser(server.pool, 'Cole', 'coach', 'East')).token
    await inviteUser(server.pool, 'Max', 'manager', 'East')
    rep = await openDesk('Ana', 'rep', server.base, repToken)
    coach = await openDesk('Cole', 'coach', server.base, coachToken)
    // openDesk turns sync on; these tests start from a machine that never had it.
    for (const d of [rep, coach]) d.core.store.settings.delete('team')
  })
  afterAll(async () => {
    await rep?.core.shutdown()
    await coach?.core.shutdown()
    await server?.close()
    await db?.drop()
  })

  it('is off by default; turning it on needs a URL and a token, which never comes back', async () => {
    const first = await call(rep, 'getTeamSync')
    expect(first).toEqual({ ok: true, value: expect.objectContaining({ enabled: false, serverUrl: null, hasToken: false, pending: 0 }) })
    const noToken = await call(rep, 'updateTeamSync', { enabled: true, serverUrl: server.base })
    expect(noToken.ok).toBe(false)
    const badToken = await call(rep, 'updateTeamSync', { token: 'secret' })
    expect(badToken).toMatchObject({ ok: false, error: { code: 'validation', issues: [expect.stringMatching(/^token: a team token looks like/)] } })
    const on = await call(rep, 'updateTeamSync', { enabled: true, serverUrl: server.base, token: repToken })
    expect(on).toMatchObject({ ok: true, value: { enabled: true, serverUrl: server.base, hasToken: true } })
    expect(JSON.stringify(on)).not.toContain(repToken)
    expect(JSON.stringify(await call(rep, 'getSettings'))).not.toContain(repToken)
  })

  it('shares only what the rep picks; a round says what went and what came back', async () => {
    const { callId } = await rehearse(rep, 'Iris Vale', LINES)
    const idle = await call(rep, 'syncTeamNow')
    expect(idle).toMatchObject({ ok: true, value: { sent: 0, offline: false } })
    expect((await call(rep, 'shareWithTeam', { kind: 'rehearsal', id: callId })).value).toMatchObject({ pending: 1 })
    expect(await call(rep, 'shareWithTeam', { kind: 'call', id: callId })).toMatchObject({ ok: false, error: { code: 'validation' } })
    const round = await call(rep, 'syncTeamNow')
    expect(round).toMatchObject({ ok: true, value: { sent: 1, offline: false, errors: [] } })
    expect((await call(rep, 'getTeamSync')).value).toMatchObject({ pending: 0, sent: 1, identity: { name: 'Ana', role: 'rep', team: 'East' } })

    await call(coach, 'updateTeamSync', { enabled: true, serverUrl: server.base, token: coachToken })
    const queue = await call(coach, 'getTeamQueue')
    expect(queue).toMatchObject({ ok: true, value: [{ callId, repName: 'Ana', prospectName: 'Iris Vale', onThisComputer: false }] })
    expect((await call(coach, 'syncTeamNow')).value).toMatchObject({ imported: 1 })
    expect((await call(coach, 'getTeamQueue')).value[0]).toMatchObject({ onThisComputer: true })
    const figures = await call(coach, 'getTeamFigures', { weeks: 4 })
    expect(figures).toMatchObject({ ok: true, value: { team: 'East' } })
    expect(figures.value.weeks).toHaveLength(4)
    const sum = (k: 'rehearsals' | 'rehearsalsReviewed') => figures.value.weeks.reduce((n: number, w: Record<string, number>) => n + w[k]!, 0)
    expect([sum('rehearsals'), sum('rehearsalsReviewed')]).toEqual([1, 0])
    // A rep asking for the team's queue is refused by the server, and says so.
    expect(await call(rep, 'getTeamQueue')).toMatchObject({ ok: false, error: { code: 'forbidden' } })
  })

  it('with the server gone, a round reports offline and keeps everything queued', async () => {
    const { callId } = await rehearse(rep, 'Noor Dale', LINES)
    await call(rep, 'shareWithTeam', { kind: 'rehearsal', id: callId })
    await call(rep, 'updateTeamSync', { serverUrl: 'http://127.0.0.1:9' })
    const round = await call(rep, 'syncTeamNow')
    expect(round).toMatchObject({ ok: true, value: { offline: true, sent: 0, waiting: 1 } })
    expect((await call(rep, 'getTeamSync')).value).toMatchObject({ pending: 1, lastError: expect.stringMatching(/cannot be reached/) })
    await call(rep, 'updateTeamSync', { serverUrl: server.base })
    expect((await call(rep, 'syncTeamNow')).value).toMatchObject({ sent: 1, offline: false })
  })
})
