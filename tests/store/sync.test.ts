import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { createSyncRepository, type Store } from '../../main/store'
import { useStore, useTempDir } from './helpers'

const { store, clockStart: T } = useStore()
const tmp = useTempDir()

const rehearsal = (s: Store, startedAt = T) => {
  const c = s.calls.create({ kind: 'rehearsal', audioPath: null, sampleRate: 16000, startedAt })
  s.calls.finish(c.id, { endedAt: startedAt + 1000, durationMs: 1000, status: 'completed' })
  return c.id
}

describe('sync repository (migration 006 tables)', () => {
  it('opens on a database without the tables and says so, instead of failing the store', () => {
    const db = new BetterSqlite3(tmp.file('bare.sqlite'))
    try {
      const sync = createSyncRepository(db)
      expect(sync.available()).toBe(false)
      expect(() => sync.all()).toThrow(/no such table/)
    } finally {
      db.close()
    }
    expect(store().sync.available()).toBe(true)
  })

  it('enqueue keeps one pending row per thing; once sent, the next enqueue is a new row with a new key', () => {
    const s = store().sync
    const first = s.enqueue('plan', 'sc-1', T)
    expect(s.enqueue('plan', 'sc-1', T + 5)).toEqual(first)
    expect(first).toMatchObject({ kind: 'plan', refId: 'sc-1', state: 'pending', attempts: 0, nextAttemptAt: T, sentAt: null })
    expect(first.idempotencyKey).toMatch(/^plan:sc-1:[0-9a-f-]{36}$/)
    s.markSent(first.id, T + 10)
    expect(s.get(first.id)).toMatchObject({ state: 'sent', sentAt: T + 10, attempts: 1, lastError: null })
    expect(s.lastSentAt('plan', 'sc-1')).toBe(T + 10)
    const second = s.enqueue('plan', 'sc-1', T + 20)
    expect(second.id).not.toBe(first.id)
    expect(second.idempotencyKey).not.toBe(first.idempotencyKey)
    expect(s.counts()).toEqual({ pending: 1, sent: 1, refused: 0 })
  })

  it('a retry waits until its next attempt (force sends it anyway); a refused item is no longer queued', () => {
    const s = store().sync
    const a = s.enqueue('debrief', 'c-1', T)
    const b = s.enqueue('debrief', 'c-2', T)
    s.markRetry(a.id, 'offline', T + 4000, T + 1)
    expect(s.get(a.id)).toMatchObject({ attempts: 1, lastError: 'offline', nextAttemptAt: T + 4000, updatedAt: T + 1 })
    expect(s.due(T + 100).map((i) => i.id)).toEqual([b.id])
    expect(s.due(T + 100, true).map((i) => i.id)).toEqual([a.id, b.id])
    expect(s.due(T + 4000).map((i) => i.id)).toEqual([a.id, b.id])
    expect(s.has('debrief', 'c-2')).toBe(true)
    s.markRefused(b.id, 'bad-request: no', T + 2)
    expect(s.get(b.id)).toMatchObject({ state: 'refused', lastError: 'bad-request: no', attempts: 1 })
    expect(s.has('debrief', 'c-2')).toBe(false)
    // Updates apply to pending rows only: a refused row stays refused.
    s.markSent(b.id, T + 3)
    expect(s.get(b.id)?.state).toBe('refused')
    expect(s.all().map((i) => i.id)).toEqual([a.id, b.id])
  })

  it('marks records pushed once (again is harmless)', () => {
    const s = store().sync
    expect(s.isPushed('r-1')).toBe(false)
    s.markPushed('review', ['r-1', 'r-2'], T)
    s.markPushed('review', ['r-1'], T + 1)
    expect(s.isPushed('r-1')).toBe(true)
    expect(s.isPushed('r-2')).toBe(true)
    expect(s.isPushed('r-3')).toBe(false)
  })

  it('what to share: own finished, transcribed, unqueued rehearsals; own debriefs; a pulled call only for its unpushed coach records', () => {
    const st = store()
    const s = st.sync
    const own = rehearsal(st, T)
    const pulled = rehearsal(st, T + 10)
    const pending = rehearsal(st, T + 20)
    st.segments.insertPending({ callId: pending, startMs: 0, endMs: 500 })
    st.calls.create({ kind: 'rehearsal', audioPath: null, sampleRate: 16000, startedAt: T + 30 }) // still recording
    s.recordPulled({ callId: pulled, repName: 'Sam', bundleSha256: 'a'.repeat(64), pulledAt: T })
    s.recordPulled({ callId: pulled, repName: 'Sam', bundleSha256: 'b'.repeat(64), pulledAt: T + 1 })
    expect(s.rehearsalsToShare()).toEqual([own])
    const item = s.enqueue('rehearsal', own, T)
    expect(s.rehearsalsToShare()).toEqual([])
    s.markRefused(item.id, 'no', T)
    expect(s.rehearsalsToShare()).toEqual([own])

    const d = st.debriefs.save(own, { wentWell: 'a', toChange: 'b', nextStep: 'c' })
    st.debriefs.save(pulled, { wentWell: 'a', toChange: 'b', nextStep: 'c' })
    expect(s.ownDebriefs()).toEqual([{ id: own, updatedAt: d.updatedAt }])

    expect(s.unpushedReviewCalls()).toEqual([])
    const comment = st.coachComments.add({ callId: pulled, author: 'Carl', role: 'coach', body: 'Slow down' })
    st.coachComments.add({ callId: own, author: 'Carl', role: 'coach', body: 'not pulled: not the team’s' })
    expect(s.unpushedReviewCalls()).toEqual([pulled])
    s.markPushed('comment', [comment.id], T)
    expect(s.unpushedReviewCalls()).toEqual([])
    const review = st.reviews.add({ callId: pulled, reviewer: 'Carl', verdict: 'ready' })
    expect(s.unpushedReviewCalls()).toEqual([pulled])
    s.markPushed('review', [review.id], T)
    expect(s.unpushedReviewCalls()).toEqual([])
  })

  it('plans are every scheduled call with its last change', () => {
    const st = store()
    const p = st.prospects.create({ name: 'Dana' })
    const sc = st.scheduledCalls.create({ prospectId: p.id, scheduledAt: T + 1e6 })
    const edited = st.scheduledCalls.update(sc.id, { planNotes: 'opener' })!
    expect(edited.updatedAt).toBeGreaterThan(sc.updatedAt)
    expect(st.sync.plans()).toEqual([{ id: sc.id, updatedAt: edited.updatedAt }])
  })
})
