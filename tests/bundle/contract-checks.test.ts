/**
 * A bundle that passes its own entry checks but holds values the IPC contract
 * refuses (an id that is no UUID, an unknown flag kind, an overlay prompt over
 * 60 characters) would commit and then break every list that shows it. Such a
 * bundle is refused and changes nothing; the lists keep working.
 */
import { describe, expect, it } from 'vitest'
import { CallSummary, Flag } from '../../contract/ipc-contract'
import { exportRehearsalBundle, exportReviewBundle, importRehearsalBundle, mergeReviewBundle } from '../../main/bundle'
import { toCallSummaryDto, toFlagDto } from '../../main/store'
import { entriesOf, expectRefusedUnchanged, rawZip, seedRehearsal, useMachines, withJson, type RawEntry } from './helpers'

describe('bundles are checked against the IPC contract before anything commits', () => {
  const { machine } = useMachines()

  function rehearsal() {
    const rep = machine('rep')
    const coach = machine('coach', 1_760_000_000_000)
    const fx = seedRehearsal(rep)
    const entries = entriesOf(exportRehearsalBundle(rep.store, rep.recordings, fx.callId))
    const importInto = (e: RawEntry[]) => () => importRehearsalBundle(coach.store, coach.recordings, rawZip(e))
    return { rep, coach, fx, entries, importInto }
  }

  const editFlag = (edit: (f: Record<string, unknown>) => void) => (flags: Array<Record<string, unknown>>) => {
    edit(flags[0]!)
    return flags
  }

  it.each([
    ['an unknown flag kind', editFlag((f) => (f.kind = 'made-up-kind')), /kind/],
    ['a prompt longer than the overlay takes', editFlag((f) => (f.prompt = 'x'.repeat(61))), /prompt/],
    ['a flag id that is no UUID', editFlag((f) => (f.id = 'flag-1')), /id/],
  ])('refuses flags.json with %s', (_what, edit, field) => {
    const { coach, entries, importInto } = rehearsal()
    const err = expectRefusedUnchanged(coach, importInto(withJson(entries, 'flags.json', edit)), 'invalid-data')
    expect(err.entry).toBe('flags.json')
    expect(err.field ?? '').toMatch(field)
  })

  it('refuses a call id that is no UUID (everywhere it appears), changing nothing', () => {
    const { coach, fx, entries, importInto } = rehearsal()
    const bad = 'not-a-uuid'
    const swap = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(fx.callId, bad))
    let tampered = entries
    for (const name of ['manifest.json', 'call.json', 'transcript.json', 'flags.json', 'notes.json', 'comments.json', 'reviews.json']) {
      tampered = withJson(tampered, name, swap)
    }
    expectRefusedUnchanged(coach, importInto(tampered), 'invalid-data')
    // The lists a start-up shows still parse.
    for (const c of coach.store.calls.list({ limit: 100 })) expect(CallSummary.safeParse(toCallSummaryDto(c)).success).toBe(true)
  })

  it('refuses a prospect id that is no UUID', () => {
    const { coach, fx, entries, importInto } = rehearsal()
    const swap = (v: unknown) => JSON.parse(JSON.stringify(v).replaceAll(fx.prospectId, 'prospect_7'))
    let tampered = entries
    for (const name of ['call.json', 'context.json', 'notes.json']) tampered = withJson(tampered, name, swap)
    expectRefusedUnchanged(coach, importInto(tampered), 'invalid-data')
  })

  it('a valid bundle still imports, and every flag it brought is a contract Flag', () => {
    const { coach, fx, entries, importInto } = rehearsal()
    importInto(entries)()
    const flags = coach.store.flags.listForCall(fx.callId)
    expect(flags.length).toBeGreaterThan(0)
    for (const f of flags) expect(Flag.safeParse(toFlagDto(f)).success).toBe(true)
  })

  describe('review bundles', () => {
    function reviewed() {
      const rep = machine('rep')
      const coach = machine('coach', 1_760_000_000_000)
      const fx = seedRehearsal(rep)
      importRehearsalBundle(coach.store, coach.recordings, exportRehearsalBundle(rep.store, rep.recordings, fx.callId))
      coach.store.coachComments.add({ callId: fx.callId, atMs: 300, author: 'Carl', role: 'coach', body: 'Slow down here.' })
      coach.store.reviews.add({ callId: fx.callId, reviewer: 'Carl', verdict: 'ready', summary: 'Good to go.' })
      const entries = entriesOf(exportReviewBundle(coach.store, fx.callId, 'Carl'))
      return { rep, entries, merge: (e: RawEntry[]) => () => mergeReviewBundle(rep.store, rawZip(e)) }
    }

    it('refuses a comment or review id that is no UUID, changing nothing', () => {
      const { rep, entries, merge } = reviewed()
      const first = (key: string, value: unknown) => (rows: Array<Record<string, unknown>>) => {
        rows[0]![key] = value
        return rows
      }
      expectRefusedUnchanged(rep, merge(withJson(entries, 'comments.json', first('id', 'c1'))), 'invalid-data')
      expectRefusedUnchanged(rep, merge(withJson(entries, 'reviews.json', first('id', 'r1'))), 'invalid-data')
    })
  })
})
