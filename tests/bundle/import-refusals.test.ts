import fs from 'node:fs'
import path from 'node:path'
import { deflateRawSync } from 'node:zlib'
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStore } from '../../main/store'
import { wavHeader } from '../../main/audio/wav-file'
import { exportRehearsalBundle, exportReviewBundle, importRehearsalBundle, type BundleOptions } from '../../main/bundle'
import { crc32 } from '../../main/bundle/zip'
import {
  counterClock,
  entriesOf,
  expectRefusedUnchanged,
  makeWav,
  rawZip,
  seedRehearsal,
  useMachines,
  withJson,
  type Machine,
  type RawEntry,
  type RepFixture,
} from './helpers'

const MiB = 1024 * 1024

describe('importRehearsalBundle refuses bad bundles and changes nothing', () => {
  const { machine } = useMachines()

  // The rep's side is built once (export is read-only for it); each test gets a fresh coach.
  let shared: { rep: Machine; fx: RepFixture; bundle: Uint8Array; dir: string } | undefined
  beforeAll(() => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-bundle-rep-'))
    const recordings = path.join(dir, 'recordings')
    fs.mkdirSync(recordings)
    const rep: Machine = { store: createStore(path.join(dir, 'rep.sqlite'), { now: counterClock(1_700_000_000_000) }), recordings, dbFile: path.join(dir, 'rep.sqlite') }
    const fx = seedRehearsal(rep)
    shared = { rep, fx, bundle: exportRehearsalBundle(rep.store, rep.recordings, fx.callId), dir }
  })
  afterAll(() => {
    shared?.rep.store.close()
    if (shared) fs.rmSync(shared.dir, { recursive: true, force: true })
  })

  /** The rep's rehearsal and its bundle, and a coach who already has some data of their own. */
  function setup() {
    const { rep, fx, bundle } = shared!
    const coach = machine('coach', 1_760_000_000_000)
    const own = coach.store.prospects.create({ name: 'Coach own prospect' })
    const ownCall = coach.store.calls.create({ kind: 'rehearsal', prospectId: own.id, audioPath: 'mine.wav', sampleRate: 16_000, startedAt: 5 })
    fs.writeFileSync(path.join(coach.recordings, 'mine.wav'), makeWav(100))
    coach.store.calls.finish(ownCall.id, { endedAt: 10, durationMs: 5, status: 'completed' })
    const importInto = (bytes: Uint8Array, opts?: BundleOptions) => () => importRehearsalBundle(coach.store, coach.recordings, bytes, opts)
    return { rep, coach, fx, bundle, entries: entriesOf(bundle), importInto, ownCallId: ownCall.id }
  }

  describe('archive structure', () => {
    it('not a zip at all', () => {
      const { coach, importInto } = setup()
      expectRefusedUnchanged(coach, importInto(new TextEncoder().encode('hello, I am a text file')), 'not-a-zip', /not a zip/)
      expectRefusedUnchanged(coach, importInto(new Uint8Array(0)), 'not-a-zip')
      expectRefusedUnchanged(coach, importInto(makeWav(50)), 'not-a-zip')
    })

    it('truncated archive: cut at the end, in the middle, or just the local header', () => {
      const { coach, bundle, importInto } = setup()
      expectRefusedUnchanged(coach, importInto(bundle.subarray(0, bundle.byteLength - 10)), 'truncated', /truncated/)
      expectRefusedUnchanged(coach, importInto(bundle.subarray(0, bundle.byteLength >> 1)), 'truncated')
      expectRefusedUnchanged(coach, importInto(bundle.subarray(0, 40)), 'truncated')
    })

    it.each([
      ['../evil.wav', /climbs out/],
      ['../../recordings/x.wav', /climbs out/],
      ['/abs', /absolute path/],
      ['C:/evil.wav', /absolute path/],
      ['a\\b', /backslash/],
      ['sub/manifest.json', /inside a folder/],
      ['./manifest.json', /climbs out/],
    ])('path traversal entry name %j', (name, why) => {
      const { coach, entries, importInto } = setup()
      // Swapped for a real entry, so the count stays within the limit and the name is what gets refused.
      const swapped = [...entries.filter((e) => e.name !== 'audio.wav'), { name, data: makeWav(50) }]
      const err = expectRefusedUnchanged(coach, importInto(rawZip(swapped)), 'unsafe-name', why)
      expect(err.entry).toBe(name)
      expect(fs.existsSync(path.join(coach.recordings, '..', 'evil.wav'))).toBe(false)
    })

    it('unknown, duplicate and missing entries', () => {
      const { coach, entries, importInto } = setup()
      expectRefusedUnchanged(coach, importInto(rawZip([...entries.slice(1), { name: 'run-me.sh', data: new Uint8Array(1) }])), 'unknown-entry', /run-me\.sh/)
      const dupe = entries.find((e) => e.name === 'call.json')!
      expectRefusedUnchanged(coach, importInto(rawZip([...entries.slice(0, -1), dupe])), 'duplicate-entry', /call\.json.*more than once/)
      expectRefusedUnchanged(coach, importInto(rawZip(entries.filter((e) => e.name !== 'manifest.json'))), 'missing-entry', /manifest\.json/)
      expectRefusedUnchanged(coach, importInto(rawZip(entries.filter((e) => e.name !== 'flags.json'))), 'missing-entry', /flags\.json/)
    })

    it('too many entries, counted from the directory before any name is looked at', () => {
      const { coach, importInto } = setup()
      const many = Array.from({ length: 10 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(1) }))
      expectRefusedUnchanged(coach, importInto(rawZip(many)), 'too-many-entries', /10 entries; at most 9/)
      const lots = Array.from({ length: 5000 }, (_, i) => ({ name: `f${i}`, data: new Uint8Array(0), method: 0 as const }))
      expectRefusedUnchanged(coach, importInto(rawZip(lots)), 'too-many-entries')
    })

    it('oversized entry as declared in the directory (nothing is inflated)', () => {
      const { coach, entries, importInto } = setup()
      const lying = entries.map((e): RawEntry => (e.name === 'transcript.json' ? { ...e, declaredSize: 17 * MiB } : e))
      const err = expectRefusedUnchanged(coach, importInto(rawZip(lying)), 'entry-too-large', /transcript\.json.*17825792 bytes; at most 16777216/)
      expect(err.entry).toBe('transcript.json')
      // Audio has its own, larger cap, also from the directory.
      const bigAudio = entries.map((e): RawEntry => (e.name === 'audio.wav' ? { ...e, method: 8, declaredSize: 600 * MiB } : e))
      expectRefusedUnchanged(coach, importInto(rawZip(bigAudio)), 'entry-too-large', /audio\.wav/)
    })

    it('oversized entry in fact: it inflates past what it declared', () => {
      const { coach, entries, importInto } = setup()
      const notes = entries.find((e) => e.name === 'notes.json')!
      const padded = new TextEncoder().encode(new TextDecoder().decode(notes.data) + ' '.repeat(100_000))
      const lying = entries.map((e): RawEntry => (e.name === 'notes.json' ? { name: e.name, data: padded, declaredSize: notes.data.byteLength } : e))
      expectRefusedUnchanged(coach, importInto(rawZip(lying)), 'entry-too-large', /"notes\.json" inflates to more than the \d+ bytes it declares/)
    })

    it('zip bomb: a few KiB that inflate to 24 MiB, honest or lying about it', () => {
      const { coach, entries, importInto } = setup()
      const zeros = new Uint8Array(24 * MiB)
      // Node's native deflate: the test is about reading the bomb, not about making it.
      const compressed = new Uint8Array(deflateRawSync(zeros))
      const others = entries.filter((e) => e.name !== 'transcript.json')
      const honest = rawZip([...others, { name: 'transcript.json', data: zeros, compressed, crc: 0 }])
      expect(honest.byteLength).toBeLessThan(MiB)
      expectRefusedUnchanged(coach, importInto(honest), 'entry-too-large', /25165824 bytes/)
      const lying = rawZip([...others, { name: 'transcript.json', data: zeros, compressed, crc: 0, declaredSize: 2048 }])
      const started = performance.now()
      expectRefusedUnchanged(coach, importInto(lying), 'entry-too-large', /more than the 2048 bytes it declares/)
      // Stopped after the first chunk, not after inflating 24 MiB.
      expect(performance.now() - started).toBeLessThan(2000)
    })

    it('total size and archive size limits', () => {
      const { coach, bundle, importInto } = setup()
      expectRefusedUnchanged(coach, importInto(bundle, { limits: { maxTotalBytes: 10_000 } }), 'too-large', /exceed 10000 bytes/)
      expectRefusedUnchanged(coach, importInto(bundle, { limits: { maxArchiveBytes: 1000 } }), 'too-large', /at most 1000/)
    })

    it('damaged data: checksum mismatch, garbage deflate stream, unsupported method, encryption', () => {
      const { coach, entries, importInto } = setup()
      const badCrc = entries.map((e): RawEntry => (e.name === 'call.json' ? { ...e, crc: (crc32(e.data) ^ 1) >>> 0 } : e))
      expectRefusedUnchanged(coach, importInto(rawZip(badCrc)), 'corrupt', /call\.json.*checksum/)

      const zip = Buffer.from(rawZip(entries))
      const flip = (patch: (z: Buffer) => void) => {
        const copy = Buffer.from(zip)
        patch(copy)
        return new Uint8Array(copy)
      }
      const cdStart = zip.readUInt32LE(zip.byteLength - 22 + 16)
      // Garbage instead of the first entry's deflate data (header left intact).
      const garbage = flip((z) => z.fill(0xff, 30 + 'manifest.json'.length, 30 + 'manifest.json'.length + 8))
      expectRefusedUnchanged(coach, importInto(garbage), 'corrupt', /manifest\.json/)
      // Method 12 (bzip2) in the central directory.
      expectRefusedUnchanged(coach, importInto(flip((z) => z.writeUInt16LE(12, cdStart + 10))), 'unsupported', /method 12/)
      // The encryption flag.
      expectRefusedUnchanged(coach, importInto(flip((z) => z.writeUInt16LE(0x801, cdStart + 8))), 'unsupported', /encrypted/)
    })
  })

  describe('manifest and JSON content', () => {
    it('wrong format and unsupported version', () => {
      const { coach, entries, importInto } = setup()
      const other = machine('other')
      const otherFx = seedRehearsal(other)
      other.store.coachComments.add({ callId: otherFx.callId, author: 'Carl', role: 'coach', body: 'x' })
      const reviewBundle = exportReviewBundle(other.store, otherFx.callId, 'Carl')
      expectRefusedUnchanged(coach, importInto(reviewBundle), 'wrong-format', /"calldesk-review" bundle, not a "calldesk-rehearsal"/)
      const v2 = withJson(entries, 'manifest.json', (m) => ({ ...m, version: 2, newField: true }))
      expectRefusedUnchanged(coach, importInto(rawZip(v2)), 'unsupported-version', /version 2, made by a newer Call Desk/)
      const noFormat = withJson(entries, 'manifest.json', () => ({ hello: 'world' }))
      expectRefusedUnchanged(coach, importInto(rawZip(noFormat)), 'wrong-format', /format and version/)
      const extra = withJson(entries, 'manifest.json', (m) => ({ ...m, sneaky: 1 }))
      expectRefusedUnchanged(coach, importInto(rawZip(extra)), 'invalid-data', /manifest\.json.*sneaky/)
    })

    it.each([
      ['call.json', (c: any) => ({ ...c, startedAt: 'yesterday' }), /call\.json startedAt/],
      ['call.json', (c: any) => ({ ...c, kind: 'live' }), /call\.json kind/],
      ['call.json', (c: any) => ({ ...c, status: 'recording', endedAt: null }), /call\.json status/],
      ['call.json', (c: any) => ({ ...c, durationMs: -5 }), /call\.json durationMs/],
      ['call.json', (c: any) => ({ ...c, id: '../../etc/passwd' }), /call\.json id: Invalid UUID/],
      ['call.json', (c: any) => ({ ...c, endedAt: c.startedAt - 1 }), /call\.json endedAt: endedAt must not be before startedAt/],
      ['transcript.json', () => ({ not: 'an array' }), /transcript\.json: /],
      ['transcript.json', (s: any[]) => [{ ...s[0], startMs: 1.5 }, ...s.slice(1)], /transcript\.json \[0\]\.startMs/],
      ['transcript.json', (s: any[]) => [{ ...s[0], status: 'pending' }, ...s.slice(1)], /transcript\.json \[0\]\.status/],
      ['flags.json', (f: any[]) => [...f.slice(0, 1), { ...f[1], kind: 42 }], /flags\.json \[1\]\.kind/],
      ['comments.json', (c: any[]) => [{ ...c[0], body: '   ' }], /comments\.json \[0\]\.body: must not be blank/],
      ['comments.json', (c: any[]) => [{ ...c[0], role: 'admin' }], /comments\.json \[0\]\.role/],
      ['context.json', (c: any) => ({ ...c, prospects: [{ ...c.prospects[0], name: null }] }), /context\.json prospects\[0\]\.name/],
      ['notes.json', (n: any[]) => [{ ...n[0], extra: 'x' }], /notes\.json \[0\]/],
    ])('%s with wrong types is refused naming the field (%#)', (entry, edit, message) => {
      const { coach, entries, importInto } = setup()
      const err = expectRefusedUnchanged(coach, importInto(rawZip(withJson(entries, entry, edit))), 'invalid-data', message)
      expect(err.entry).toBe(entry)
    })

    it('not JSON, or not UTF-8', () => {
      const { coach, entries, importInto } = setup()
      const notJson = entries.map((e) => (e.name === 'flags.json' ? { name: e.name, data: new TextEncoder().encode('[{"id": ') } : e))
      expectRefusedUnchanged(coach, importInto(rawZip(notJson)), 'invalid-json', /flags\.json is not valid JSON/)
      const notUtf8 = entries.map((e) => (e.name === 'reviews.json' ? { name: e.name, data: new Uint8Array([0x5b, 0xff, 0x5d]) } : e))
      expectRefusedUnchanged(coach, importInto(rawZip(notUtf8)), 'invalid-json', /reviews\.json is not valid UTF-8/)
    })
  })

  describe('ids and references', () => {
    it('duplicate ids within the bundle', () => {
      const { coach, entries, importInto } = setup()
      const dupFlag = withJson(entries, 'flags.json', (f: any[]) => [...f, { ...f[1], atMs: 99 }])
      expectRefusedUnchanged(coach, importInto(rawZip(dupFlag)), 'duplicate-id', /flags\.json \[2\]\.id/)
      const dupSeg = withJson(entries, 'transcript.json', (s: any[]) => [...s, { ...s[0], seq: 9 }])
      expectRefusedUnchanged(coach, importInto(rawZip(dupSeg)), 'duplicate-id', /transcript\.json \[3\]\.uid/)
      const dupSeq = withJson(entries, 'transcript.json', (s: any[]) => [...s, { ...s[0], uid: '00000000-0000-4000-8000-00000000a001', seq: 0 }])
      expectRefusedUnchanged(coach, importInto(rawZip(dupSeq)), 'duplicate-id', /\[3\]\.seq/)
      const dupNote = withJson(entries, 'notes.json', (n: any[]) => [n[0], n[0]])
      expectRefusedUnchanged(coach, importInto(rawZip(dupNote)), 'duplicate-id', /notes\.json \[1\]\.id/)
    })

    it('segments, flags, notes and comments of another call, or pointing outside the bundle', () => {
      const { coach, entries, importInto, ownCallId } = setup()
      const cases: Array<[string, (v: any) => unknown, RegExp]> = [
        ['transcript.json', (s: any[]) => [{ ...s[0], callId: ownCallId }, ...s.slice(1)], /transcript\.json \[0\]\.callId: segment belongs to call/],
        ['flags.json', (f: any[]) => [{ ...f[0], callId: ownCallId }, f[1]], /flags\.json \[0\]\.callId/],
        ['flags.json', (f: any[]) => [{ ...f[0], segmentUid: '00000000-0000-4000-8000-00000000a002' }, f[1]], /flags\.json \[\d\]\.segmentUid: segment 00000000-0000-4000-8000-00000000a002 is not in this call's transcript/],
        ['notes.json', (n: any[]) => n.map((x) => ({ ...x, callId: x.callId ? ownCallId : null })), /notes\.json \[\d\]\.callId/],
        ['notes.json', (n: any[]) => n.map((x) => ({ ...x, prospectId: '00000000-0000-4000-8000-00000000a003' })), /notes\.json \[0\]\.prospectId/],
        ['comments.json', (c: any[]) => [{ ...c[0], callId: ownCallId }], /comments\.json \[0\]\.callId/],
        ['reviews.json', () => [{ id: '00000000-0000-4000-8000-00000000a004', callId: ownCallId, reviewer: 'x', verdict: 'ready', summary: '', createdAt: 1 }], /reviews\.json \[0\]\.callId/],
        ['context.json', (c: any) => ({ ...c, scheduledCalls: [] }), /context\.json scheduledCalls: must hold exactly/],
        ['context.json', (c: any) => ({ ...c, prospects: [...c.prospects, { ...c.prospects[0], id: '00000000-0000-4000-8000-00000000a005' }] }), /prospects\[1\]: prospect 00000000-0000-4000-8000-00000000a005 is not referred to/],
        ['manifest.json', (m: any) => ({ ...m, callId: ownCallId }), /call\.json id: is .* but the manifest is for call/],
        ['manifest.json', (m: any) => ({ ...m, hasAudio: false }), /manifest\.json hasAudio/],
      ]
      for (const [entry, edit, message] of cases) {
        expectRefusedUnchanged(coach, importInto(rawZip(withJson(entries, entry, edit))), 'inconsistent', message)
      }
    })

    it('ids colliding with existing, different records here', () => {
      const { rep, coach, fx, bundle, importInto } = setup()
      // Each collision on a fresh coach: a different call with the rehearsal's id...
      coach.store.calls.create({ id: fx.callId, kind: 'rehearsal', audioPath: null, sampleRate: 16_000, startedAt: 7 })
      expectRefusedUnchanged(coach, importInto(bundle), 'id-conflict', /call\.json: call .* already exists here with different content/)

      // ...an unrelated prospect that happens to have the same id...
      const c2 = machine('coach2', 1_760_000_000_000)
      c2.store.prospects.create({ id: fx.prospectId, name: 'Someone else entirely' })
      expectRefusedUnchanged(c2, () => importRehearsalBundle(c2.store, c2.recordings, bundle), 'id-conflict', /context\.json: prospect/)

      // ...a flag id used by another call. This one is found after the call and segments were inserted: all rolled back.
      const c3 = machine('coach3')
      const other = c3.store.calls.create({ kind: 'live', audioPath: null, sampleRate: 16_000, startedAt: 1 })
      c3.store.flags.add({ id: rep.store.flags.listForCall(fx.callId)[0]!.id, callId: other.id, kind: 'x', atMs: 0 })
      expectRefusedUnchanged(c3, () => importRehearsalBundle(c3.store, c3.recordings, bundle), 'id-conflict', /flags\.json: flag/)

      // ...and the last thing inserted, a review: everything before it, audio included, is undone.
      const rep5 = machine('rep5')
      const fx5 = seedRehearsal(rep5)
      const repReview = rep5.store.reviews.add({ callId: fx5.callId, reviewer: 'Old coach', verdict: 'ready' })
      const withReview = exportRehearsalBundle(rep5.store, rep5.recordings, fx5.callId)
      const c4 = machine('coach4')
      const other4 = c4.store.calls.create({ kind: 'live', audioPath: null, sampleRate: 16_000, startedAt: 1 })
      c4.store.reviews.add({ id: repReview.id, callId: other4.id, reviewer: 'x', verdict: 'try-again' })
      expectRefusedUnchanged(c4, () => importRehearsalBundle(c4.store, c4.recordings, withReview), 'id-conflict', /reviews\.json: review/)
      expect(fs.readdirSync(c4.recordings)).toEqual([])
    })

    it('an existing file with the recording name is never overwritten', () => {
      const { coach, fx, bundle, importInto } = setup()
      const target = path.join(coach.recordings, `${fx.callId}.wav`)
      fs.writeFileSync(target, 'someone else')
      expectRefusedUnchanged(coach, importInto(bundle), 'file-exists', /already exists in the recordings folder/)
      expect(fs.readFileSync(target, 'utf8')).toBe('someone else')
    })
  })

  describe('audio', () => {
    it.each([
      ['not a WAV', () => new TextEncoder().encode('RIFF but not really'), /not a RIFF\/WAVE file/],
      ['8-bit audio', () => { const w = makeWav(100); w.writeUInt16LE(8, 34); return w }, /8-bit audio is not supported/],
      ['no data chunk', () => wavHeader(0).subarray(0, 36), /no data chunk/],
      ['a different sample rate than the call', () => makeWav(100, 8000), /8000 Hz but call\.json says 16000 Hz/],
    ])('invalid WAV: %s', (_label, make, message) => {
      const { coach, entries, importInto } = setup()
      const bad = entries.map((e): RawEntry => (e.name === 'audio.wav' ? { name: e.name, data: make(), method: 0 } : e))
      const err = expectRefusedUnchanged(coach, importInto(rawZip(bad)), 'invalid-audio', message)
      expect(err.entry).toBe('audio.wav')
    })

    it('audio.wav present for a call without audio, or missing for one with audio', () => {
      const { coach, entries, importInto } = setup()
      const noAudioClaim = withJson(withJson(entries, 'manifest.json', (m) => ({ ...m, hasAudio: false })), 'call.json', (c) => ({ ...c, audioPath: null }))
      expectRefusedUnchanged(coach, importInto(rawZip(noAudioClaim)), 'inconsistent', /hasAudio: says there is no audio but audio\.wav is present/)
      const missing = entries.filter((e) => e.name !== 'audio.wav')
      expectRefusedUnchanged(coach, importInto(rawZip(missing)), 'inconsistent', /audio\.wav is missing/)
    })
  })
})
