import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  BundleError,
  exportRehearsalBundle,
  exportReviewBundle,
  importRehearsalBundle,
  mergeReviewBundle,
  readBundleFile,
  readRehearsalBundle,
  writeBundleFile,
} from '../../main/bundle'
import { dumpDb, entriesOf, expectRefusedUnchanged, readJson, seedRehearsal, useMachines } from './helpers'

const COACH_CLOCK = 1_760_000_000_000

describe('remote coach round trip', () => {
  const { machine } = useMachines()

  it('rep exports → coach imports, reviews, exports → rep merges and sees the feedback', () => {
    const rep = machine('rep')
    const coach = machine('coach', COACH_CLOCK)
    const fx = seedRehearsal(rep)

    const bundle = exportRehearsalBundle(rep.store, rep.recordings, fx.callId, { now: () => 1_750_000_100_000 })
    expect(bundle[0]).toBe(0x50) // "PK"

    const imported = importRehearsalBundle(coach.store, coach.recordings, bundle)
    expect(imported).toEqual({
      callId: fx.callId,
      audioFile: `${fx.callId}.wav`,
      added: { prospects: 1, scheduledCalls: 1, segments: 3, flags: 2, notes: 2, comments: 1, reviews: 0 },
      keptLocal: [],
    })

    // The coach sees the same call, context, transcript and flags as the rep.
    const repCall = rep.store.calls.get(fx.callId)!
    expect(coach.store.calls.get(fx.callId)).toEqual(repCall)
    expect(coach.store.prospects.get(fx.prospectId)).toEqual(rep.store.prospects.get(fx.prospectId))
    expect(coach.store.scheduledCalls.get(fx.scheduledCallId)).toEqual(rep.store.scheduledCalls.get(fx.scheduledCallId))
    // The row id and whether this machine's final tier still has to run are local.
    const strip = <T extends { id: number; finalDue?: boolean }>(rows: T[]) => rows.map(({ id: _local, finalDue: _due, ...rest }) => rest)
    expect(strip(coach.store.segments.listForCall(fx.callId))).toEqual(strip(rep.store.segments.listForCall(fx.callId)))
    const flagView = (rows: Array<{ segmentId: number | null }>) => rows.map(({ segmentId: _local, ...rest }) => rest)
    const coachFlags = coach.store.flags.listForCall(fx.callId)
    expect(flagView(coachFlags)).toEqual(flagView(rep.store.flags.listForCall(fx.callId)))
    // The flag points at the coach's own row for the same segment.
    const early = coachFlags.find((f) => f.kind === 'closing-too-early')!
    expect(coach.store.segments.get(early.segmentId!)!.uid).toBe(fx.segmentUids[2])
    expect(coachFlags.find((f) => f.kind === 'talking-too-long')!.dismissedAt).toBe(1_750_000_005_000)
    expect(coach.store.notes.listForScheduledCall(fx.scheduledCallId)).toEqual(rep.store.notes.listForScheduledCall(fx.scheduledCallId))
    expect(coach.store.notes.listForCall(fx.callId)).toEqual(rep.store.notes.listForCall(fx.callId))
    // The prospect-only note stayed on the rep's machine.
    expect(coach.store.notes.listForProspect(fx.prospectId).map((n) => n.body)).not.toContain('Private: met at the conference.')
    expect(coach.store.coachComments.listForCall(fx.callId)).toEqual(rep.store.coachComments.listForCall(fx.callId))
    const coachAudio = fs.readFileSync(path.join(coach.recordings, imported.audioFile!))
    expect(coachAudio.equals(fx.audio)).toBe(true)
    expect(fs.readdirSync(coach.recordings)).toEqual([`${fx.callId}.wav`])

    // The coach reviews with the ordinary repositories.
    const c1 = coach.store.coachComments.add({ callId: fx.callId, atMs: 1450, author: 'Coach Carl', role: 'coach', body: 'Ask before you close.' })
    const c2 = coach.store.coachComments.add({ callId: fx.callId, atMs: null, author: 'Coach Carl', role: 'coach', body: 'Good energy overall.' })
    // Another coach on the same machine: not part of Carl's review.
    coach.store.coachComments.add({ callId: fx.callId, author: 'Coach Dee', role: 'coach', body: 'Second opinion.' })
    const review = coach.store.reviews.add({ callId: fx.callId, reviewer: 'Coach Carl', verdict: 'try-again', summary: 'Close later.' })

    const reviewBundle = exportReviewBundle(coach.store, fx.callId, 'Coach Carl')
    const merged = mergeReviewBundle(rep.store, reviewBundle)
    expect(merged).toEqual({ callId: fx.callId, added: { comments: 2, reviews: 1 }, skipped: { comments: 0, reviews: 0 } })

    const repComments = rep.store.coachComments.listForCall(fx.callId)
    expect(repComments.map((c) => [c.author, c.role, c.body])).toEqual([
      ['Rep Rita', 'rep', 'Was my opener OK?'],
      ['Coach Carl', 'coach', 'Ask before you close.'],
      ['Coach Carl', 'coach', 'Good energy overall.'],
    ])
    expect(rep.store.coachComments.get(c1.id)).toEqual(c1)
    expect(rep.store.coachComments.get(c2.id)).toEqual(c2)
    expect(rep.store.reviews.latestForCall(fx.callId)).toEqual(review)
    expect(rep.store.reviews.latestForCall(fx.callId)!.verdict).toBe('try-again')

    // Merging the same review again is a no-op that says so.
    const before = dumpDb(rep.store)
    expect(mergeReviewBundle(rep.store, reviewBundle)).toEqual({
      callId: fx.callId,
      added: { comments: 0, reviews: 0 },
      skipped: { comments: 2, reviews: 1 },
    })
    expect(dumpDb(rep.store)).toEqual(before)
  })

  it('a second look by the coach merges only what is new', () => {
    const rep = machine('rep')
    const coach = machine('coach', COACH_CLOCK)
    const fx = seedRehearsal(rep)
    importRehearsalBundle(coach.store, coach.recordings, exportRehearsalBundle(rep.store, rep.recordings, fx.callId))
    coach.store.coachComments.add({ callId: fx.callId, author: 'Carl', role: 'coach', body: 'First pass.' })
    mergeReviewBundle(rep.store, exportReviewBundle(coach.store, fx.callId, 'Carl'))
    coach.store.reviews.add({ callId: fx.callId, reviewer: 'Carl', verdict: 'ready' })
    const second = mergeReviewBundle(rep.store, exportReviewBundle(coach.store, fx.callId, 'Carl'))
    expect(second.added).toEqual({ comments: 0, reviews: 1 })
    expect(second.skipped).toEqual({ comments: 1, reviews: 0 })
    expect(rep.store.reviews.latestForCall(fx.callId)!.verdict).toBe('ready')
  })

  it('re-importing the same rehearsal is refused as already imported, changing nothing', () => {
    const rep = machine('rep')
    const coach = machine('coach', COACH_CLOCK)
    const fx = seedRehearsal(rep)
    const bundle = exportRehearsalBundle(rep.store, rep.recordings, fx.callId)
    importRehearsalBundle(coach.store, coach.recordings, bundle)
    coach.store.coachComments.add({ callId: fx.callId, author: 'Carl', role: 'coach', body: 'Added after import.' })
    expectRefusedUnchanged(coach, () => importRehearsalBundle(coach.store, coach.recordings, bundle), 'already-imported', /already imported/)
  })

  it('a second rehearsal of the same scheduled call reuses the context; an edited plan keeps the local copy', () => {
    const rep = machine('rep')
    const coach = machine('coach', COACH_CLOCK)
    const fx = seedRehearsal(rep)
    importRehearsalBundle(coach.store, coach.recordings, exportRehearsalBundle(rep.store, rep.recordings, fx.callId))
    const coachPlan = coach.store.scheduledCalls.get(fx.scheduledCallId)!

    rep.store.scheduledCalls.update(fx.scheduledCallId, { planNotes: 'New plan after attempt 1.' })
    const again = rep.store.calls.create({
      kind: 'rehearsal',
      prospectId: fx.prospectId,
      scheduledCallId: fx.scheduledCallId,
      audioPath: null,
      sampleRate: 16_000,
      startedAt: 1_750_000_900_000,
    })
    rep.store.segments.addTyped({ callId: again.id, startMs: 0, endMs: 10, text: 'Script check line.' })
    rep.store.calls.finish(again.id, { endedAt: 1_750_000_901_000, durationMs: 1000, status: 'completed' })

    const result = importRehearsalBundle(coach.store, coach.recordings, exportRehearsalBundle(rep.store, rep.recordings, again.id))
    expect(result.audioFile).toBeNull()
    expect(result.added).toMatchObject({ prospects: 0, scheduledCalls: 0, segments: 1 })
    expect(result.keptLocal).toEqual([{ table: 'scheduled_calls', id: fx.scheduledCallId }])
    expect(coach.store.scheduledCalls.get(fx.scheduledCallId)).toEqual(coachPlan)
    expect(coach.store.calls.get(again.id)!.audioPath).toBeNull()
    expect(fs.readdirSync(coach.recordings)).toEqual([`${fx.callId}.wav`])
  })

  it('the bundle holds exactly the documented entries and no local row ids', () => {
    const rep = machine('rep')
    const fx = seedRehearsal(rep)
    const bundle = exportRehearsalBundle(rep.store, rep.recordings, fx.callId, { now: () => 42 })
    const entries = entriesOf(bundle)
    expect(entries.map((e) => e.name).sort()).toEqual(
      ['audio.wav', 'call.json', 'comments.json', 'context.json', 'flags.json', 'manifest.json', 'notes.json', 'reviews.json', 'transcript.json'],
    )
    expect(readJson(entries, 'manifest.json')).toEqual({ format: 'calldesk-rehearsal', version: 1, exportedAt: 42, callId: fx.callId, hasAudio: true })
    const segments = readJson<Array<Record<string, unknown>>>(entries, 'transcript.json')
    expect(segments.every((s) => !('id' in s) && typeof s.uid === 'string')).toBe(true)
    expect(readJson<Array<Record<string, unknown>>>(entries, 'flags.json').every((f) => !('segmentId' in f))).toBe(true)
    expect(readRehearsalBundle(bundle).segments).toHaveLength(3)
  })

  describe('export refuses what it cannot send', () => {
    it('an unknown call, a live call, a call still recording or still transcribing, missing audio', () => {
      const rep = machine('rep')
      const fx = seedRehearsal(rep)
      const code = (fn: () => unknown) => {
        try {
          fn()
        } catch (e) {
          return (e as BundleError).code
        }
        return 'no error'
      }
      expect(code(() => exportRehearsalBundle(rep.store, rep.recordings, 'nope'))).toBe('not-found')
      const live = rep.store.calls.create({ kind: 'live', audioPath: null, sampleRate: 16_000, startedAt: 1 })
      expect(code(() => exportRehearsalBundle(rep.store, rep.recordings, live.id))).toBe('not-a-rehearsal')
      const open = rep.store.calls.create({ kind: 'rehearsal', audioPath: null, sampleRate: 16_000, startedAt: 1 })
      expect(code(() => exportRehearsalBundle(rep.store, rep.recordings, open.id))).toBe('not-ready')
      rep.store.calls.finish(open.id, { endedAt: 2, durationMs: 1, status: 'completed' })
      rep.store.segments.insertPending({ callId: open.id, startMs: 0, endMs: 1 })
      expect(code(() => exportRehearsalBundle(rep.store, rep.recordings, open.id))).toBe('not-ready')
      fs.rmSync(path.join(rep.recordings, `${fx.callId}.wav`))
      expect(code(() => exportRehearsalBundle(rep.store, rep.recordings, fx.callId))).toBe('audio-missing')
      expect(code(() => exportReviewBundle(rep.store, fx.callId, 'Nobody'))).toBe('nothing-to-export')
      expect(code(() => exportReviewBundle(rep.store, 'nope', 'Nobody'))).toBe('not-found')
    })
  })
})

describe('bundle files', () => {
  const { machine, tmp } = useMachines()

  it('write then read gives the same bytes, and an oversized file is refused before it is read', () => {
    const rep = machine('rep')
    const fx = seedRehearsal(rep)
    const bytes = exportRehearsalBundle(rep.store, rep.recordings, fx.callId)
    const file = path.join(tmp(), 'rehearsal.calldesk.zip')
    writeBundleFile(file, bytes)
    expect(Buffer.from(readBundleFile(file)).equals(Buffer.from(bytes))).toBe(true)
    expect(fs.readdirSync(tmp()).filter((n) => n.endsWith('.tmp'))).toEqual([])
    expect(() => readBundleFile(file, 100)).toThrow(expect.objectContaining({ code: 'too-large' }))
    expect(() => readBundleFile(path.join(tmp(), 'missing.zip'))).toThrow(expect.objectContaining({ code: 'not-found' }))
  })
})
