/**
 * Faults, with the team server as its own process on a real PostgreSQL: the
 * server killed in the middle of an upload, stopped while the rep keeps
 * working, and the same push arriving several times. Counts on both sides
 * before and after: nothing lost, nothing doubled.
 */
import fs from 'node:fs'
import http from 'node:http'
import net from 'node:net'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportRehearsalBundle } from '../../main/bundle'
import { TeamClient } from '../../main/sync/team-client'
import { createPool, type Pool } from '../../server/src/db'
import type { Invite } from '../../server/src/auth'
import { migrateServer } from '../../server/src/migrate'
import { API } from '../../contract/team-wire'
import { freshDatabase, inviteUser, PG_SKIP_REASON, startProcess, tempDir } from './pg'
import { LINES, openDesk, rehearse, type Desk } from './team-desk'

async function freePort(): Promise<number> {
  const srv = net.createServer()
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r))
  const port = (srv.address() as net.AddressInfo).port
  await new Promise((r) => srv.close(r))
  return port
}

describe.skipIf(!!PG_SKIP_REASON)('team sync faults (server process, PostgreSQL)', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>
  let pool: Pool
  let env: Record<string, string>
  let base: string
  let sam: Desk
  let carl: Desk
  let samInvite: Invite
  let carlInvite: Invite
  let server: Awaited<ReturnType<typeof startProcess>> | undefined
  const blobDir = tempDir('calldesk-blobs-')

  const start = async (extra: Record<string, string> = {}) => {
    server = await startProcess({ ...env, ...extra })
    return server
  }
  const kill = async (signal: NodeJS.Signals) => {
    const s = server!
    server = undefined
    s.child.kill(signal)
    await s.exited
  }
  const serverCounts = async () => {
    const q = async (t: string) => Number((await pool.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n)
    return { rehearsals: await q('rehearsals'), reviews: await q('reviews'), comments: await q('comments'), blobs: await q('blobs'), plans: await q('plans') }
  }
  const blobFiles = () => fs.readdirSync(blobDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)

  beforeAll(async () => {
    db = await freshDatabase()
    pool = createPool(db.url, 4)
    await migrateServer(pool)
    samInvite = await inviteUser(pool, 'Sam', 'rep', 'North')
    carlInvite = await inviteUser(pool, 'Carl', 'coach', 'North')
    const port = await freePort()
    env = { CALLDESK_TEAM_DATABASE_URL: db.url, CALLDESK_TEAM_BLOB_DIR: blobDir, CALLDESK_TEAM_PORT: String(port) }
    base = `http://127.0.0.1:${port}`
    sam = await openDesk('Sam', 'rep', base, samInvite.token)
    carl = await openDesk('Carl', 'coach', base, carlInvite.token)
  })
  afterAll(async () => {
    if (server) await kill('SIGKILL')
    await sam?.core.shutdown()
    await carl?.core.shutdown()
    await pool?.end()
    await db?.drop()
  })

  it('the server killed mid-upload (file written, row not committed): nothing half-stored, the retry stores it once', async () => {
    const { callId } = await rehearse(sam, 'Dana Reyes', LINES)
    sam.sync.share('rehearsal', callId)
    const paused = await start({ CALLDESK_TEAM_FAULT: 'pause-before-upload-commit' })
    const push = sam.sync.push()
    await paused.nextLine((l) => l.includes('paused-before-upload-commit'))
    await kill('SIGKILL')
    const report = await push
    expect(report).toMatchObject({ sent: 0, offline: true, waiting: 1 })
    const [item] = sam.sync.outbox.all()
    expect(item).toMatchObject({ state: 'pending', attempts: 1, refId: callId })
    expect(await serverCounts()).toMatchObject({ rehearsals: 0, blobs: 0 })
    expect(blobFiles()).toHaveLength(1) // the bundle file, whose row never committed

    // The next start sweeps the orphan; the retry (same idempotency key) stores the rehearsal once.
    const restarted = await start()
    expect(restarted.base).toBe(base)
    expect(blobFiles()).toHaveLength(0)
    expect(await sam.sync.push({ force: true })).toMatchObject({ sent: 1, offline: false })
    expect(await serverCounts()).toMatchObject({ rehearsals: 1, blobs: 1 })
    expect(blobFiles()).toHaveLength(1)
    expect(sam.sync.outbox.all().map((i) => [i.state, i.idempotencyKey])).toEqual([['sent', item!.idempotencyKey]])
  })

  it('a client cut off halfway through the body leaves nothing on the server', async () => {
    const before = await serverCounts()
    const filesBefore = blobFiles().length
    const { callId } = await rehearse(sam, 'Half Sent', LINES)
    const bundle = exportRehearsalBundle(sam.core.store, path.join(sam.dataDir, 'recordings'), callId)
    await new Promise<void>((resolve) => {
      const req = http.request(`${base}${API}/rehearsals/${callId}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${samInvite.token}`, 'content-type': 'application/zip', 'content-length': bundle.byteLength },
      })
      req.on('error', () => resolve())
      req.on('close', () => resolve())
      req.write(bundle.subarray(0, bundle.byteLength >> 1), () => req.destroy())
    })
    // The server answers other requests after it (so it handled the cut), and stored nothing of it.
    const res = await fetch(`${base}${API}/rehearsals`, { headers: { authorization: `Bearer ${samInvite.token}` } })
    const list = (await res.json()) as { rehearsals: Array<{ id: string }> }
    expect(list.rehearsals.map((r) => r.id)).not.toContain(callId)
    expect(await serverCounts()).toEqual(before)
    expect(blobFiles()).toHaveLength(filesBefore)
  })

  it('the server stopped while the rep keeps working: everything waits locally, then arrives once', async () => {
    await kill('SIGTERM')
    const localBefore = sam.core.store.calls.list({ limit: 500 }).length
    // Working offline: two more attempts and a plan, shared as the rep goes.
    const first = sam.core.store.calls.list({ limit: 500 }).find((c) => c.kind === 'rehearsal')!
    const a2 = await rehearse(sam, '', ['We saved a client 12% on freight last quarter.'], first.scheduledCallId!)
    const a3 = await rehearse(sam, 'Offline Olga', LINES)
    for (const id of [a2.callId, a3.callId]) sam.sync.share('rehearsal', id)
    sam.sync.share('plan', a3.scheduledCallId)
    const offline = await sam.sync.syncNow()
    expect(offline!.push).toMatchObject({ offline: true, sent: 0 })
    expect(offline!.pull.offline).toBe(true)
    expect(sam.sync.status()).toMatchObject({ pending: 3 })
    expect(sam.core.store.calls.list({ limit: 500 })).toHaveLength(localBefore + 2)
    // The rep keeps going after a failed round: still nothing lost or blocked.
    expect((await sam.sync.push({ force: true })).offline).toBe(true)
    expect(sam.sync.status().pending).toBe(3)

    await start()
    const back = await sam.sync.push({ force: true })
    expect(back).toMatchObject({ sent: 3, offline: false, refused: 0 })
    expect(await serverCounts()).toMatchObject({ rehearsals: 3, plans: 1, blobs: 3 })
    expect(sam.sync.status()).toMatchObject({ pending: 0 })
  })

  it('duplicate pushes (replayed key, new key, concurrent copies, a re-shared item) store nothing twice', async () => {
    const client = new TeamClient(base, samInvite.token)
    const callId = sam.sync.outbox.all().find((i) => i.kind === 'rehearsal')!.refId
    const bundle = exportRehearsalBundle(sam.core.store, path.join(sam.dataDir, 'recordings'), callId, { now: () => sam.core.store.calls.get(callId)!.endedAt! })
    const before = await serverCounts()
    const key = sam.sync.outbox.all().find((i) => i.refId === callId)!.idempotencyKey
    // A replay of the first push gets the first answer back (it stored version 1), and does nothing.
    expect(await client.putRehearsal(callId, bundle, key)).toEqual({ id: callId, duplicate: false, version: 1 })
    expect(await client.putRehearsal(callId, bundle, 'another-key-0001')).toMatchObject({ duplicate: true })
    const copies = await Promise.all(Array.from({ length: 6 }, (_, i) => client.putRehearsal(callId, bundle, `concurrent-${i}-key`)))
    expect(copies.every((c) => c.duplicate)).toBe(true)
    sam.sync.share('rehearsal', callId)
    expect((await sam.sync.push()).sent).toBe(1)
    expect(await serverCounts()).toEqual(before)
    // The same key for a different request is refused, not applied.
    const other = sam.sync.outbox.all().find((i) => i.kind === 'rehearsal' && i.refId !== callId)!.refId
    const otherBundle = exportRehearsalBundle(sam.core.store, path.join(sam.dataDir, 'recordings'), other)
    await expect(client.putRehearsal(other, otherBundle, key)).rejects.toMatchObject({ status: 422 })

    // A coach's review pushed again and again (lost replies, a second machine state) is one review.
    await carl.sync.pull()
    await carl.core.handlers.submitReview({ callId, verdict: 'ready', summary: 'Clear opener.' })
    await carl.core.handlers.addComment({ callId, atMs: 1000, body: 'Nice pause here.' })
    expect((await carl.sync.syncNow())!.push.sent).toBe(1)
    const coach = new TeamClient(base, carlInvite.token)
    const review = carl.core.store.reviews.listForCall(callId).find((r) => r.reviewer === 'Carl')!
    const comment = carl.core.store.coachComments.listForCall(callId).find((c) => c.author === 'Carl')!
    const body = {
      reviews: [{ id: review.id, reviewer: review.reviewer, verdict: review.verdict, summary: review.summary, createdAt: review.createdAt }],
      comments: [{ id: comment.id, author: comment.author, atMs: comment.atMs, body: comment.body, createdAt: comment.createdAt }],
    }
    const afterReview = await serverCounts()
    expect(afterReview).toMatchObject({ reviews: before.reviews + 1, comments: before.comments + 1 })
    for (const k of ['review-replay-1', 'review-replay-1', 'review-replay-2']) {
      expect(await coach.pushReviews(callId, body, k)).toEqual({ duplicate: true, addedReviews: 0, addedComments: 0 })
    }
    // Carl's own outbox row, sent again with its key: the first answer (1 review, 1 comment added), nothing new.
    const carlItem = carl.sync.outbox.all().find((i) => i.kind === 'review' && i.refId === callId)!
    expect(await coach.pushReviews(callId, body, carlItem.idempotencyKey)).toEqual({ duplicate: false, addedReviews: 1, addedComments: 1 })
    expect(await serverCounts()).toEqual(afterReview)
    // The rep pulls twice: one review, one comment.
    await sam.sync.pull()
    await sam.sync.pull()
    expect(sam.core.store.reviews.listForCall(callId).filter((r) => r.id === review.id)).toHaveLength(1)
    expect(sam.core.store.coachComments.listForCall(callId).filter((c) => c.id === comment.id)).toHaveLength(1)
  })
})
