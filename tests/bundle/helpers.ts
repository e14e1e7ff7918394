import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { deflateSync, unzipSync } from 'fflate'
import { afterEach, expect } from 'vitest'
import { wavHeader } from '../../main/audio/wav-file'
import { BundleError, type BundleErrorCode } from '../../main/bundle'
import { crc32 } from '../../main/bundle/zip'
import { createStore, type Store } from '../../main/store'
import { dumpDb } from '../helpers/db-dump'

/** Deterministic, strictly increasing timestamps. */
export function counterClock(start: number, step = 1000) {
  let t = start - step
  return () => (t += step)
}

export interface Machine {
  store: Store
  recordings: string
  dbFile: string
}

/** Each test gets its own temp folder; every machine (DB + recordings folder) lives in it. */
export function useMachines(): { machine: (name: string, clockStart?: number) => Machine; tmp: () => string } {
  let dir: string | undefined
  const stores: Store[] = []
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
    if (dir) fs.rmSync(dir, { recursive: true, force: true })
    dir = undefined
  })
  const tmp = () => (dir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-bundle-')))
  return {
    tmp,
    machine: (name, clockStart = 1_700_000_000_000) => {
      const root = path.join(tmp(), name)
      const recordings = path.join(root, 'recordings')
      fs.mkdirSync(recordings, { recursive: true })
      const dbFile = path.join(root, 'calldesk.sqlite')
      const store = createStore(dbFile, { now: counterClock(clockStart) })
      stores.push(store)
      return { store, recordings, dbFile }
    },
  }
}

/** A real 16-bit mono WAV: a tone, so the bytes are not trivially compressible. */
export function makeWav(durationMs: number, sampleRate = 16_000): Buffer {
  const n = Math.round((durationMs / 1000) * sampleRate)
  const pcm = Buffer.alloc(n * 2)
  for (let i = 0; i < n; i++) pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / sampleRate) + ((i * 7919) % 97) - 48), i * 2)
  return Buffer.concat([wavHeader(pcm.byteLength, sampleRate), pcm])
}

export interface RepFixture {
  callId: string
  prospectId: string
  scheduledCallId: string
  audio: Buffer
  segmentUids: string[]
}

/** A finished rehearsal with everything a bundle carries: context, transcript, flags, notes, a rep comment, audio. */
export function seedRehearsal(m: Machine, opts: { audio?: boolean } = {}): RepFixture {
  const { store } = m
  const prospect = store.prospects.create({ name: 'Dana Reyes', company: 'Northwind', email: 'dana@example.com' })
  const sc = store.scheduledCalls.create({
    prospectId: prospect.id,
    scheduledAt: 1_800_000_000_000,
    planNotes: 'Open with the renewal date.',
    rehearsalNotes: 'Slow down on pricing.',
  })
  store.notes.create({ scheduledCallId: sc.id, prospectId: prospect.id, kind: 'plan', body: 'Ask about the Q3 budget first.' })
  // A prospect-only note is private context: it must not travel.
  store.notes.create({ prospectId: prospect.id, kind: 'general', body: 'Private: met at the conference.' })
  const withAudio = opts.audio ?? true
  const audio = makeWav(1500)
  const call = store.calls.create({
    kind: 'rehearsal',
    prospectId: prospect.id,
    scheduledCallId: sc.id,
    audioPath: null,
    sampleRate: 16_000,
    deviceLabel: 'Headset',
    startedAt: 1_750_000_000_000,
  })
  if (withAudio) {
    fs.writeFileSync(path.join(m.recordings, `${call.id}.wav`), audio)
    store.calls.update(call.id, { audioPath: `${call.id}.wav` })
  }
  const s0 = store.segments.insertPending({ callId: call.id, startMs: 0, endMs: 700 })
  store.segments.complete(s0.id, 'Hi Dana, thanks for taking the call.')
  const s1 = store.segments.insertPending({ callId: call.id, startMs: 800, endMs: 1400 })
  store.segments.fail(s1.id, 'engine crashed')
  const s2 = store.segments.addTyped({ callId: call.id, startMs: 1400, endMs: 1500, text: 'So, shall we sign today?' })
  store.flags.add({ callId: call.id, segmentId: s2.id, kind: 'closing-too-early', evidence: 'sign today', prompt: 'Too early', atMs: 1450 })
  const dismissed = store.flags.add({ callId: call.id, kind: 'talking-too-long', atMs: 1000 })
  store.flags.dismiss(dismissed.id, 1_750_000_005_000)
  store.notes.create({ callId: call.id, kind: 'rehearsal', body: 'Felt rushed.' })
  store.coachComments.add({ callId: call.id, atMs: 500, author: 'Rep Rita', role: 'rep', body: 'Was my opener OK?' })
  store.calls.finish(call.id, { endedAt: 1_750_000_001_500, durationMs: 1500, status: 'completed' })
  return { callId: call.id, prospectId: prospect.id, scheduledCallId: sc.id, audio, segmentUids: [s0.uid, s1.uid, s2.uid] }
}

export { dumpDb }

/** Names, sizes and hashes of everything under a folder (hidden temp files included). */
export function dumpDir(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  if (!fs.existsSync(dir)) return out
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name)
    const rel = path.relative(dir, full)
    out[rel] = entry.isFile() ? createHash('sha256').update(fs.readFileSync(full)).digest('hex') : 'dir'
  }
  return out
}

/** Runs `fn`, expects a BundleError with `code`, and checks the machine is exactly as before. */
export function expectRefusedUnchanged(m: Machine, fn: () => unknown, code: BundleErrorCode, message?: RegExp): BundleError {
  const db = dumpDb(m.store)
  const dir = dumpDir(m.recordings)
  const root = fs.readdirSync(path.dirname(m.recordings)).sort()
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught, 'expected the bundle to be refused').toBeInstanceOf(BundleError)
  const err = caught as BundleError
  expect({ code: err.code, message: err.message }).toMatchObject({ code, ...(message ? { message: expect.stringMatching(message) } : {}) })
  expect(dumpDb(m.store)).toEqual(db)
  expect(dumpDir(m.recordings)).toEqual(dir)
  // No stray files next to the database either (its bytes are compared logically above: WAL/SHM churn is not a change).
  expect(fs.readdirSync(path.dirname(m.recordings)).sort()).toEqual(root)
  return err
}

// ------------------------------------------------------------ crafting archives

export interface RawEntry {
  name: string
  data: Uint8Array
  /** 0 = stored, 8 = deflate (default). */
  method?: 0 | 8
  /** Lie about the inflated size in both headers. */
  declaredSize?: number
  crc?: number
  /** Precomputed deflate stream of `data` (saves re-deflating big test payloads). */
  compressed?: Uint8Array
}

/** A hand-built zip, so tests can write what no well-behaved zipper would: bad names, duplicates, lies. */
export function rawZip(entries: RawEntry[]): Uint8Array {
  const enc = new TextEncoder()
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const e of entries) {
    const name = Buffer.from(enc.encode(e.name))
    const method = e.method ?? 8
    const body = Buffer.from(method === 8 ? (e.compressed ?? deflateSync(e.data)) : e.data)
    const size = e.declaredSize ?? e.data.byteLength
    const crc = e.crc ?? crc32(e.data)
    const lh = Buffer.alloc(30)
    lh.writeUInt32LE(0x04034b50, 0)
    lh.writeUInt16LE(20, 4)
    lh.writeUInt16LE(0x800, 6)
    lh.writeUInt16LE(method, 8)
    lh.writeUInt32LE(crc, 14)
    lh.writeUInt32LE(body.byteLength, 18)
    lh.writeUInt32LE(size, 22)
    lh.writeUInt16LE(name.byteLength, 26)
    const ch = Buffer.alloc(46)
    ch.writeUInt32LE(0x02014b50, 0)
    ch.writeUInt16LE(20, 4)
    ch.writeUInt16LE(20, 6)
    ch.writeUInt16LE(0x800, 8)
    ch.writeUInt16LE(method, 10)
    ch.writeUInt32LE(crc, 16)
    ch.writeUInt32LE(body.byteLength, 20)
    ch.writeUInt32LE(size, 24)
    ch.writeUInt16LE(name.byteLength, 28)
    ch.writeUInt32LE(offset, 42)
    locals.push(lh, name, body)
    centrals.push(ch, name)
    offset += lh.byteLength + name.byteLength + body.byteLength
  }
  const cd = Buffer.concat(centrals)
  const eocd = Buffer.alloc(22)
  eocd.writeUInt32LE(0x06054b50, 0)
  eocd.writeUInt16LE(entries.length, 8)
  eocd.writeUInt16LE(entries.length, 10)
  eocd.writeUInt32LE(cd.byteLength, 12)
  eocd.writeUInt32LE(offset, 16)
  return new Uint8Array(Buffer.concat([...locals, cd, eocd]))
}

/** The entries of a (valid) bundle, to tamper with and re-zip with rawZip. */
export function entriesOf(bundle: Uint8Array): RawEntry[] {
  return Object.entries(unzipSync(bundle)).map(([name, data]) => ({ name, data }))
}

export function readJson<T = unknown>(entries: RawEntry[], name: string): T {
  return JSON.parse(new TextDecoder().decode(entries.find((e) => e.name === name)!.data)) as T
}

/** Replaces one JSON entry by `edit(parsed)`'s result. */
export function withJson(entries: RawEntry[], name: string, edit: (value: any) => unknown): RawEntry[] {
  return entries.map((e) => (e.name === name ? { name, data: new TextEncoder().encode(JSON.stringify(edit(readJson(entries, name)))) } : e))
}
