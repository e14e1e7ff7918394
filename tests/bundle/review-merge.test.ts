import { describe, expect, it } from 'vitest'
import { exportRehearsalBundle, exportReviewBundle, importRehearsalBundle, mergeReviewBundle, readReviewBundle } from '../../main/bundle'
import { entriesOf, expectRefusedUnchanged, rawZip, readJson, seedRehearsal, useMachines, withJson } from './helpers'

describe('mergeReviewBundle', () => {
  const { machine } = useMachines()

  /** The rep's rehearsal, imported and reviewed by Carl on the coach's machine. */
  function reviewed() {
    const rep = machine('rep')
    const coach = machine('coach', 1_760_000_000_000)
    const fx = seedRehearsal(rep)
    importRehearsalBundle(coach.store, coach.recordings, exportRehearsalBundle(rep.store, rep.recordings, fx.callId))
    const comment = coach.store.coachComments.add({ callId: fx.callId, atMs: 300, author: 'Carl', role: 'coach', body: 'Slow down here.' })
    const review = coach.store.reviews.add({ callId: fx.callId, reviewer: 'Carl', verdict: 'ready', summary: 'Good to go.' })
    const bundle = exportReviewBundle(coach.store, fx.callId, 'Carl', { now: () => 1_760_000_500_000 })
    const merge = (bytes: Uint8Array) => () => mergeReviewBundle(rep.store, bytes)
    return { rep, coach, fx, comment, review, bundle, entries: entriesOf(bundle), merge }
  }

  it('the review bundle holds the manifest, Carl’s coach comments and his review only', () => {
    const { fx, rep, comment, review, entries } = reviewed()
    expect(entries.map((e) => e.name).sort()).toEqual(['comments.json', 'manifest.json', 'reviews.json'])
    expect(readJson(entries, 'manifest.json')).toEqual({
      format: 'calldesk-review',
      version: 1,
      exportedAt: 1_760_000_500_000,
      callId: fx.callId,
      callStartedAt: rep.store.calls.get(fx.callId)!.startedAt,
      reviewer: 'Carl',
    })
    // The rep's own comment (imported with the rehearsal) does not travel back.
    expect(readJson(entries, 'comments.json')).toEqual([comment])
    expect(readJson(entries, 'reviews.json')).toEqual([review])
    expect(readReviewBundle(rawZip(entries)).reviews[0]!.verdict).toBe('ready')
  })

  it('refuses a review for a call that is not here', () => {
    const { bundle } = reviewed()
    const stranger = machine('stranger')
    const err = expectRefusedUnchanged(stranger, () => mergeReviewBundle(stranger.store, bundle), 'unknown-call', /not on this computer/)
    expect(err.field).toBe('callId')
  })

  it('refuses a review whose call id matches a different call (start time differs)', () => {
    const { rep, entries, merge } = reviewed()
    const moved = withJson(entries, 'manifest.json', (m) => ({ ...m, callStartedAt: m.callStartedAt + 1 }))
    expectRefusedUnchanged(rep, merge(rawZip(moved)), 'unknown-call')
  })

  it('refuses a conflicting comment (same id, different content) and adds nothing else from the bundle', () => {
    const { rep, comment, review, bundle, merge } = reviewed()
    // The rep already has Carl's comment, but edited: merging must not overwrite it, nor add the review alone.
    rep.store.coachComments.add({ ...comment, body: 'Edited on the rep side.' })
    expectRefusedUnchanged(rep, merge(bundle), 'id-conflict', /comments\.json: comment .* different content; nothing was merged/)
    expect(rep.store.reviews.get(review.id)).toBeUndefined()
    expect(rep.store.coachComments.get(comment.id)!.body).toBe('Edited on the rep side.')
  })

  it('refuses a conflicting review', () => {
    const { rep, review, entries, merge } = reviewed()
    mergeReviewBundle(rep.store, rawZip(entries))
    const flipped = withJson(entries, 'reviews.json', (r: any[]) => [{ ...r[0], verdict: 'try-again' }])
    expectRefusedUnchanged(rep, merge(rawZip(flipped)), 'id-conflict', /reviews\.json: review/)
    expect(rep.store.reviews.get(review.id)!.verdict).toBe('ready')
  })

  it('refuses comments and reviews that do not belong to this review', () => {
    const { rep, entries, merge } = reviewed()
    const cases: Array<[string, (v: any) => unknown, RegExp]> = [
      ['comments.json', (c: any[]) => [{ ...c[0], callId: '00000000-0000-4000-8000-00000000b001' }], /comments\.json \[0\]\.callId/],
      ['comments.json', (c: any[]) => [{ ...c[0], role: 'rep' }], /comments\.json \[0\]\.role: a review bundle carries only coach comments/],
      ['comments.json', (c: any[]) => [{ ...c[0], author: 'Mallory' }], /comments\.json \[0\]\.author: is "Mallory", not the reviewer "Carl"/],
      ['reviews.json', (r: any[]) => [{ ...r[0], reviewer: 'Mallory' }], /reviews\.json \[0\]\.reviewer/],
      ['reviews.json', (r: any[]) => [{ ...r[0], callId: '00000000-0000-4000-8000-00000000b001' }], /reviews\.json \[0\]\.callId/],
    ]
    for (const [entry, edit, message] of cases) {
      expectRefusedUnchanged(rep, merge(rawZip(withJson(entries, entry, edit))), 'inconsistent', message)
    }
  })

  it('refuses malformed review bundles', () => {
    const { rep, fx, bundle, entries, merge } = reviewed()
    expectRefusedUnchanged(rep, merge(bundle.subarray(0, bundle.byteLength - 30)), 'truncated')
    expectRefusedUnchanged(rep, merge(new TextEncoder().encode('{"not":"a zip"}')), 'not-a-zip')
    expectRefusedUnchanged(rep, merge(rawZip([...entries.slice(0, 2), { name: '../reviews.json', data: entries[2]!.data }])), 'unsafe-name')
    expectRefusedUnchanged(rep, merge(rawZip([...entries.slice(0, 2), entries[1]!])), 'duplicate-entry')
    expectRefusedUnchanged(rep, merge(rawZip(withJson(entries, 'reviews.json', (r: any[]) => [{ ...r[0], verdict: 'maybe' }]))), 'invalid-data', /reviews\.json \[0\]\.verdict/)
    expectRefusedUnchanged(rep, merge(rawZip(withJson(entries, 'comments.json', (c: any[]) => [c[0], c[0]]))), 'duplicate-id', /comments\.json \[1\]\.id/)
    expectRefusedUnchanged(rep, merge(rawZip(entries.filter((e) => e.name !== 'manifest.json'))), 'missing-entry', /manifest\.json/)
    expectRefusedUnchanged(rep, merge(rawZip(withJson(entries, 'manifest.json', (m) => ({ ...m, version: 7 })))), 'unsupported-version')
    const lying = entries.map((e) => (e.name === 'comments.json' ? { ...e, data: new Uint8Array(100_000).fill(32), declaredSize: 10 } : e))
    expectRefusedUnchanged(rep, merge(rawZip(lying)), 'entry-too-large')
    // A rehearsal bundle is not a review bundle: its entries are not allowed here.
    const rehearsal = exportRehearsalBundle(rep.store, rep.recordings, fx.callId)
    expectRefusedUnchanged(rep, merge(rehearsal), 'too-many-entries', /at most 3/)
    const rehearsalEntries = entriesOf(rehearsal).filter((e) => e.name === 'manifest.json' || e.name === 'call.json')
    expectRefusedUnchanged(rep, merge(rawZip(rehearsalEntries)), 'unknown-entry', /call\.json/)
  })
})
