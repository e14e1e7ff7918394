import { randomUUID } from 'node:crypto'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { Call, CoachComment, ImportedFlag, ImportedSegment, Note, Prospect, Review, ScheduledCall, Store } from '../../main/store'
import { useStore } from './helpers'

const { store, file } = useStore()

// Records "made on another machine": their own ids and timestamps, far from this store's clock.
const AT = 1_600_000_000_000
const prospect = (): Prospect => ({
  id: randomUUID(), name: 'Dana', company: 'Northpeak', title: null, phone: null, email: 'dana@example.com',
  status: 'not-now', statusReason: 'budget', createdAt: AT, updatedAt: AT + 5,
})
const scheduled = (prospectId: string): ScheduledCall => ({
  id: randomUUID(), prospectId, scheduledAt: AT + 100, status: 'done', planNotes: 'plan', rehearsalNotes: 'rehearse', createdAt: AT + 1, updatedAt: AT + 6,
})
const call = (p: Prospect, s: ScheduledCall): Call => ({
  id: randomUUID(), kind: 'rehearsal', prospectId: p.id, scheduledCallId: s.id, status: 'completed', startedAt: AT + 200, endedAt: AT + 9200,
  durationMs: 9000, audioPath: 'x.wav', sampleRate: 16000, deviceLabel: 'Mic', createdAt: AT + 200,
})
const segment = (callId: string, seq: number): ImportedSegment => ({
  uid: randomUUID(), callId, seq, startMs: seq * 1000, endMs: seq * 1000 + 900, text: `line ${seq}`, status: 'done', source: 'speech',
  error: null, utteranceClass: 'probe', textTier: 'final', createdAt: AT + 300, updatedAt: AT + 301,
})

/** Everything one imported rehearsal brings, inserted through the import methods. */
function importAll(s: Store, failBeforeReviews = false) {
  const p = prospect()
  const sc = scheduled(p.id)
  const c = call(p, sc)
  s.prospects.importRecord(p)
  s.scheduledCalls.importRecord(sc)
  s.calls.importRecord(c)
  const note: Note = { id: randomUUID(), prospectId: null, scheduledCallId: null, callId: c.id, kind: 'rehearsal', body: 'n', createdAt: AT + 400, updatedAt: AT + 401 }
  s.notes.importRecord(note)
  const seg = segment(c.id, 0)
  const segId = s.segments.importRecord(seg)
  const flag: ImportedFlag = {
    id: randomUUID(), callId: c.id, segmentId: segId, kind: 'asking-before-giving', evidence: 'e', prompt: 'Give first.', explanation: 'x',
    atMs: 900, dismissedAt: AT + 500, retractedAt: null, confidence: 0.75, tier: 'possible', createdAt: AT + 450,
  }
  s.flags.importRecord(flag)
  const comment: CoachComment = { id: randomUUID(), callId: c.id, atMs: 500, author: 'Carl', role: 'coach', body: 'good', createdAt: AT + 600 }
  s.coachComments.importRecord(comment)
  if (failBeforeReviews) throw new Error('disk full (simulated)')
  const review: Review = { id: randomUUID(), callId: c.id, reviewer: 'Carl', verdict: 'ready', summary: 'ok', createdAt: AT + 700 }
  s.reviews.importRecord(review)
  return { p, sc, c, note, seg, segId, flag, comment, review }
}

const counts = (dbFile: string) => {
  const db = new BetterSqlite3(dbFile, { readonly: true })
  try {
    const tables = ['prospects', 'scheduled_calls', 'calls', 'notes', 'transcript_segments', 'flags', 'coach_comments', 'reviews']
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number]))
  } finally {
    db.close()
  }
}

describe('import methods (records made elsewhere, stored as given)', () => {
  it('each repository reads back exactly what was imported: ids, timestamps and states kept', () => {
    const s = store()
    const r = importAll(s)
    expect(s.prospects.get(r.p.id)).toEqual(r.p)
    expect(s.scheduledCalls.get(r.sc.id)).toEqual(r.sc)
    expect(s.calls.get(r.c.id)).toEqual(r.c)
    expect(s.notes.get(r.note.id)).toEqual(r.note)
    // Not due for this machine's final tier: it has no queue for a record made elsewhere.
    expect(s.segments.listForCall(r.c.id)).toEqual([{ ...r.seg, id: r.segId, finalDue: false }])
    expect(s.flags.get(r.flag.id)).toEqual({ ...r.flag, segmentUid: r.seg.uid })
    expect(s.coachComments.get(r.comment.id)).toEqual(r.comment)
    expect(s.reviews.get(r.review.id)).toEqual(r.review)
  })

  it('an id already here is refused (the caller decides what a collision means)', () => {
    const s = store()
    const p = prospect()
    s.prospects.importRecord(p)
    expect(() => s.prospects.importRecord({ ...p, name: 'Someone else' })).toThrow(/UNIQUE/)
    expect(s.prospects.get(p.id)?.name).toBe('Dana')
  })

  it('a whole import in store.transaction rolls back whole when it fails mid-way: nothing half-written', () => {
    const s = store()
    s.prospects.create({ name: 'Local' })
    const before = counts(file())
    expect(() => s.transaction(() => importAll(s, true))).toThrow(/disk full/)
    expect(counts(file())).toEqual(before)
    // The same import, not failing, lands whole.
    s.transaction(() => importAll(s))
    expect(counts(file())).toEqual({
      prospects: before.prospects! + 1, scheduled_calls: 1, calls: 1, notes: 1, transcript_segments: 1, flags: 1, coach_comments: 1, reviews: 1,
    })
  })

  it('segments.hasUid, calls.ownsAudio and calls.audioPaths see imported and local records', () => {
    const s = store()
    const { seg, c } = importAll(s)
    const local = s.calls.create({ kind: 'live', audioPath: 'local.wav', sampleRate: 16000, startedAt: AT })
    s.calls.create({ kind: 'live', audioPath: null, sampleRate: 16000, startedAt: AT })
    expect(s.segments.hasUid(seg.uid)).toBe(true)
    expect(s.segments.hasUid(randomUUID())).toBe(false)
    expect(s.calls.ownsAudio(c.audioPath!)).toBe(true)
    expect(s.calls.ownsAudio(local.audioPath!)).toBe(true)
    expect(s.calls.ownsAudio('nobody.wav')).toBe(false)
    expect(s.calls.audioPaths().sort()).toEqual([c.audioPath!, 'local.wav'].sort())
  })
})
