/**
 * The remote coach through the real handlers of two cores, each with its own
 * data folder (the rep's machine and the coach's): export the rehearsal →
 * import it → review → export the review → merge it back → the rep sees it in
 * the plan and the overlay. Refused bundles leave both machines as they were.
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { invokeContract } from '../../contract/ipc-contract'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { createTestCore } from '../helpers/test-core'
import { dumpDb } from '../helpers/db-dump'
import { folderBundleChooser } from '../host/folder-bundle-chooser'
import { entriesOf, rawZip, withJson } from '../bundle/helpers'
import { tempDataDir, waitFor } from '../helpers/test-host-process'

const HOUR = 3_600_000

/** Rows of every table and hashes of every file but SQLite's own: "nothing changed" means both are equal. */
function machineState(core: CallDeskCore, dataDir: string) {
  const rows = dumpDb(core.store)
  const files: Record<string, string> = {}
  for (const entry of fs.readdirSync(dataDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || /calldesk\.sqlite(-wal|-shm)?$/.test(entry.name)) continue
    const full = path.join(entry.parentPath, entry.name)
    files[path.relative(dataDir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex')
  }
  return { rows, files }
}

describe('remote coach round trip (two machines, real handlers)', () => {
  const bundles = tempDataDir('calldesk-bundles-')
  const repDir = tempDataDir('calldesk-rep-')
  const coachDir = tempDataDir('calldesk-coach-')
  let rep: CallDeskCore
  let coach: CallDeskCore
  const make = (dataDir: string) =>
    createTestCore({ dataDir, bundleFiles: folderBundleChooser(bundles) })

  beforeAll(async () => {
    rep = await make(repDir)
    coach = await make(coachDir)
  })
  afterAll(async () => {
    await rep?.shutdown()
    await coach?.shutdown()
  })

  let callId: string
  let scheduledCallId: string

  it('export → import → review → export back → merge, and the feedback reaches the live call', async () => {
    // The rep rehearses a scheduled call (typed lines, the same path as speech).
    await rep.handlers.updateSettings({ profile: { name: 'Sam', role: 'rep' } })
    const dana = await rep.handlers.createProspect({ name: 'Dana Reyes', company: 'Northpeak' })
    const sc = await rep.handlers.scheduleCall({ prospectId: dana.id, scheduledAt: Date.now() + HOUR, planNotes: '- Ask what has changed', rehearsalNotes: '- Slow down' })
    scheduledCallId = sc.id
    const started = await rep.handlers.startCall({ kind: 'rehearsal', scheduledCallId: sc.id })
    callId = started.callId
    for (const text of ["Hi Dana, it's Sam.", 'What are you running for campaigns right now?', 'Can we book a demo for Tuesday?']) {
      await rep.handlers.addPracticeLine({ callId, text })
    }
    await waitFor(() => (rep.store.flags.listForCall(callId).length >= 2 ? true : undefined), 5000, 'flags')
    await rep.handlers.stopCall({ callId })
    await rep.handlers.addComment({ callId, atMs: 0, body: 'Is my opener too long?' })

    // Rep's machine → file.
    const exported = await rep.handlers.exportRehearsalBundle({ callId })
    expect(exported).toMatchObject({ saved: true, fileName: expect.stringMatching(/^Dana-Reyes-\d{4}-\d\d-\d\d-attempt-1\.calldesk-rehearsal\.zip$/) })
    expect(fs.existsSync(path.join(bundles, exported.fileName!))).toBe(true)

    // The coach's machine imports it: the same call, transcript, flags, context and the rep's question.
    await coach.handlers.updateSettings({ profile: { name: 'Coach Carl', role: 'coach' } })
    const imported = await coach.handlers.importRehearsalBundle(undefined)
    expect(imported).toMatchObject({ callId, prospectName: 'Dana Reyes', segments: 3, flags: 2, hasAudio: true, keptLocal: 0 })
    const queue = await coach.handlers.listReviewQueue(undefined)
    expect(queue.map((q) => [q.call.id, q.attempt, q.scheduledCall.prospectName])).toEqual([[callId, 1, 'Dana Reyes']])
    const onCoach = await coach.handlers.getRehearsalReview({ callId })
    const onRep = await rep.handlers.getRehearsalReview({ callId })
    const strip = (r: typeof onRep) => ({
      ...r,
      detail: { ...r.detail, segments: r.detail.segments.map(({ id: _local, ...s }) => s), flags: r.detail.flags.map(({ segmentId: _local, ...f }) => f) },
    })
    expect(strip(onCoach)).toEqual(strip(onRep))
    expect(fs.existsSync(path.join(coachDir, 'recordings', `${callId}.wav`))).toBe(true)

    // The coach reviews and sends the review back.
    const at = onCoach.detail.segments[1]!.startMs
    const comment = await coach.handlers.addComment({ callId, atMs: at, body: 'Give before you ask: lead with the $20k story.' })
    const review = await coach.handlers.submitReview({ callId, verdict: 'try-again', summary: 'Give first, then ask. Try once more.' })
    expect(await coach.handlers.listReviewQueue(undefined)).toEqual([])
    const back = await coach.handlers.exportReviewBundle({ callId })
    expect(back).toMatchObject({ saved: true, fileName: expect.stringMatching(/-review-Coach-Carl\.calldesk-review\.zip$/) })

    // The rep merges it: the coach's comment and verdict, byte for byte, in the plan.
    const merged = await rep.handlers.mergeReviewBundle(undefined)
    expect(merged).toEqual({ callId, scheduledCallId: sc.id, addedComments: 1, addedReviews: 1, skipped: 0 })
    const plan = await rep.handlers.listRehearsals({ scheduledCallId: sc.id })
    expect(plan.feedback).toEqual({ attempt: 1, callId, review, comments: [comment] })
    // Merging the same file again adds nothing.
    expect(await rep.handlers.mergeReviewBundle(undefined)).toMatchObject({ addedComments: 0, addedReviews: 0, skipped: 2 })

    // Starting the scheduled call shows the coach's points in the overlay.
    const live = await rep.handlers.startCall({ kind: 'live', scheduledCallId: sc.id })
    expect((await rep.handlers.getOverlayPlan(undefined))!.coach).toEqual({
      reviewer: 'Coach Carl',
      verdict: 'try-again',
      attempt: 1,
      summary: review.summary,
      comments: [{ atMs: at, body: comment.body }],
    })
    await rep.handlers.stopCall({ callId: live.callId })
  })

  it('refuses re-imports, tampered and malicious bundles with the bundle’s message, changing nothing on either machine', async () => {
    const send = (core: CallDeskCore, name: keyof typeof invokeContract) => core.dispatch(invokeContract[name].channel, undefined)
    const good = fs.readdirSync(bundles).find((n) => n.endsWith('.calldesk-rehearsal.zip'))!
    const goodBytes = fs.readFileSync(path.join(bundles, good))
    // Each case is made the newest file, which is what the folder "dialog" opens.
    const offer = (name: string, bytes: Uint8Array) => {
      const file = path.join(bundles, name)
      fs.writeFileSync(file, bytes)
      const t = new Date(Date.now() + 60_000 * (fs.readdirSync(bundles).length + 1))
      fs.utimesSync(file, t, t)
    }
    const coachBefore = machineState(coach, coachDir)

    offer('again.calldesk-rehearsal.zip', goodBytes)
    expect(await send(coach, 'importRehearsalBundle')).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/already imported/), issues: ['call.json: already-imported'] } })

    const entries = entriesOf(goodBytes)
    const cases: Array<[string, Uint8Array, RegExp]> = [
      ['traversal', rawZip(entries.map((e) => (e.name === 'audio.wav' ? { ...e, name: '../../evil.wav' } : e))), /\.\.\/\.\.\/evil\.wav/],
      ['truncated', goodBytes.subarray(0, Math.floor(goodBytes.length / 2)), /./],
      ['wrong-type', rawZip(withJson(entries, 'transcript.json', (segs: Array<Record<string, unknown>>) => segs.map((s) => ({ ...s, startMs: 'soon' })))), /transcript\.json/],
      ['duplicate-id', rawZip(withJson(entries, 'flags.json', (flags: unknown[]) => [...flags, flags[0]])), /flags\.json/],
      ['oversized', rawZip([...entries.filter((e) => e.name !== 'notes.json'), { name: 'notes.json', data: new Uint8Array(10), declaredSize: 64 * 1024 * 1024 }]), /notes\.json/],
      ['not-a-zip', new TextEncoder().encode('hello, I am not a zip file at all'), /./],
    ]
    for (const [name, bytes, message] of cases) {
      offer(`${name}.calldesk-rehearsal.zip`, bytes)
      const reply = await send(coach, 'importRehearsalBundle')
      expect(reply, name).toMatchObject({ ok: false, error: { message: expect.stringMatching(message) } })
      if (!reply.ok) expect(reply.error.code, name).not.toBe('internal')
    }
    const after = machineState(coach, coachDir)
    expect(after.rows).toEqual(coachBefore.rows)
    expect(after.files).toEqual(coachBefore.files)
    expect(fs.existsSync(path.join(coachDir, '..', 'evil.wav'))).toBe(false)

    // A review of a rehearsal the rep does not have, or one edited to speak for another coach.
    const repBefore = machineState(rep, repDir)
    const reviewFile = fs.readdirSync(bundles).find((n) => n.endsWith('.calldesk-review.zip'))!
    const reviewEntries = entriesOf(fs.readFileSync(path.join(bundles, reviewFile)))
    offer('impostor.calldesk-review.zip', rawZip(withJson(reviewEntries, 'reviews.json', (rs: Array<Record<string, unknown>>) => rs.map((r) => ({ ...r, reviewer: 'Someone else' })))))
    expect(await send(rep, 'mergeReviewBundle')).toMatchObject({ ok: false, error: { code: 'validation', message: expect.stringMatching(/reviews\.json/) } })
    offer('other.calldesk-review.zip', rawZip(withJson(reviewEntries, 'manifest.json', (m: Record<string, unknown>) => ({ ...m, callStartedAt: 1 }))))
    expect(await send(rep, 'mergeReviewBundle')).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/not on this computer/) } })
    const repAfter = machineState(rep, repDir)
    expect(repAfter.rows).toEqual(repBefore.rows)
    expect(repAfter.files).toEqual(repBefore.files)
  })

  it('a cancelled dialog changes nothing; a live call or an unfinished rehearsal cannot be exported', async () => {
    const empty = await createTestCore({ bundleFiles: { save: async () => undefined, open: async () => undefined } })
    try {
      expect(await empty.handlers.importRehearsalBundle(undefined)).toBeNull()
      expect(await empty.handlers.mergeReviewBundle(undefined)).toBeNull()
      const p = await empty.handlers.createProspect({ name: 'Lee' })
      const sc = await empty.handlers.scheduleCall({ prospectId: p.id, scheduledAt: Date.now() + HOUR, planNotes: '', rehearsalNotes: '' })
      const { callId: running } = await empty.handlers.startCall({ kind: 'rehearsal', scheduledCallId: sc.id })
      await empty.handlers.addPracticeLine({ callId: running, text: 'Hello there.' })
      expect(await empty.dispatch(invokeContract.exportRehearsalBundle.channel, { callId: running })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/still running/) } })
      await empty.handlers.stopCall({ callId: running })
      expect(await empty.handlers.exportRehearsalBundle({ callId: running })).toEqual({ saved: false, fileName: null })
      const { callId: live } = await empty.handlers.startCall({ kind: 'live', prospectId: p.id })
      await empty.handlers.stopCall({ callId: live })
      expect(await empty.dispatch(invokeContract.exportRehearsalBundle.channel, { callId: live })).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/Only rehearsals/) } })
    } finally {
      await empty.shutdown()
    }
  })
})
