/**
 * RecordingService against a real SQLite store, real WAV files in a temp dir and a
 * real TranscriptionQueue whose engine is unavailable, so every segment ends 'failed'.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { EventName, EventPayload } from '../../contract/ipc-contract'
import { bytesToMs } from '../../main/audio/pcm'
import { segmentSamples, type SpeechSpan } from '../../main/audio/speech-segmenter'
import { utteranceAudio } from '../../main/audio/utterance-audio'
import { parseWav, readCallAudio, WAV_HEADER_BYTES, wavHeader } from '../../main/audio/wav-file'
import type { Emit } from '../../contract/emit'
import { AppError } from '../../main/errors'
import { RecordingService } from '../../main/recording/recording-service'
import { createStore, type Store } from '../../main/store'
import type { SpeechEngine } from '../../main/transcription/speech-engine'
import { TranscriptionQueue } from '../../main/transcription/transcription-queue'
import { SPEECH_DIR } from '../helpers/shared-assets'

const GIVE_FIRST = path.join(SPEECH_DIR, 'give-first-call.wav')
const FRAME_BYTES = 3200 // 100 ms
const T0 = 1_700_000_000_000

type Recorded = { [K in EventName]: { event: K; payload: EventPayload<K> } }[EventName]

let speech: Int16Array
let speechBytes: Buffer
let speechSpans: SpeechSpan[]
/** The file's utterances: spans joined where the segmenter cut running speech (one stored segment each). */
let utterances: Array<{ startMs: number; endMs: number }>

function utterancesOf(spans: readonly SpeechSpan[]): Array<{ startMs: number; endMs: number }> {
  const out: Array<{ startMs: number; endMs: number }> = []
  for (const s of spans) {
    const last = out[out.length - 1]
    if (s.cutBefore && last && last.endMs === s.startMs) last.endMs = s.endMs
    else out.push({ startMs: s.startMs, endMs: s.endMs })
  }
  return out
}

beforeAll(async () => {
  speech = await readCallAudio(GIVE_FIRST)
  speechBytes = Buffer.from(speech.buffer, speech.byteOffset, speech.byteLength)
  // Phrases and ~2 s pieces of the file's utterances.
  speechSpans = segmentSamples(speech)
  utterances = utterancesOf(speechSpans)
  expect(utterances.length).toBeGreaterThanOrEqual(4)
  expect(speechSpans.length).toBeGreaterThan(utterances.length) // some utterance is cut into pieces
})

/** Fresh copies, like frames arriving over IPC. */
function framesOf(bytes: Uint8Array, size = FRAME_BYTES): Uint8Array[] {
  const frames: Uint8Array[] = []
  for (let off = 0; off < bytes.byteLength; off += size) frames.push(bytes.slice(off, off + size))
  return frames
}

async function caught(p: Promise<unknown> | (() => unknown)): Promise<unknown> {
  try {
    await (typeof p === 'function' ? p() : p)
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('RecordingService', () => {
  let dir: string
  let recordingsDir: string
  let store: Store
  let queue: TranscriptionQueue
  let service: RecordingService
  let events: Recorded[]
  let clock: number
  let getEngine: () => Promise<SpeechEngine>

  const emit: Emit = (event, payload) => {
    events.push({ event, payload } as Recorded)
  }
  const eventsOf = <K extends EventName>(name: K) =>
    events.filter((e): e is Extract<Recorded, { event: K }> => e.event === name).map((e) => e.payload as EventPayload<K>)

  function makeService(): RecordingService {
    return new RecordingService({ store, recordingsDir, queue, emit, now: () => clock })
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-recording-'))
    recordingsDir = path.join(dir, 'recordings')
    store = createStore(path.join(dir, 'calldesk.sqlite'))
    events = []
    clock = T0
    getEngine = () => Promise.reject(new Error('no model'))
    queue = new TranscriptionQueue({ store, emit, getEngine: () => getEngine() })
    service = makeService()
  })

  afterEach(async () => {
    await service.shutdown()
    await queue.whenIdle()
    store.close()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  describe('start', () => {
    it('creates a call row in "recording" and an empty WAV, and announces it', async () => {
      const { callId, startedAt } = await service.start({ kind: 'rehearsal', deviceLabel: 'USB headset' })
      expect(startedAt).toBe(T0)
      expect(service.activeCallId).toBe(callId)
      const call = store.calls.get(callId)
      expect(call).toMatchObject({
        status: 'recording',
        kind: 'rehearsal',
        startedAt: T0,
        endedAt: null,
        audioPath: `${callId}.wav`,
        sampleRate: 16_000,
        deviceLabel: 'USB headset',
      })
      const file = path.join(recordingsDir, `${callId}.wav`)
      expect(service.audioPathFor(callId)).toBe(file)
      const wav = parseWav(fs.readFileSync(file), file)
      expect(wav).toMatchObject({ sampleRate: 16_000, channels: 1, dataBytes: 0 })
      expect(eventsOf('callState')).toEqual([expect.objectContaining({ id: callId, status: 'recording', hasAudio: true })])
    })

    it('lets only one of two simultaneous starts through', async () => {
      const results = await Promise.allSettled([service.start({ kind: 'live' }), service.start({ kind: 'live' })])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } })
      expect(store.calls.list({ limit: 10 })).toHaveLength(1)
      expect(fs.readdirSync(recordingsDir)).toHaveLength(1)
    })

    it('refuses a second start while recording, creating nothing', async () => {
      const { callId } = await service.start({ kind: 'live' })
      const err = await caught(service.start({ kind: 'live' }))
      expect(err).toBeInstanceOf(AppError)
      expect(err).toMatchObject({ code: 'conflict' })
      expect(service.activeCallId).toBe(callId)
      expect(store.calls.list({ limit: 10 }).map((c) => c.id)).toEqual([callId])
      expect(fs.readdirSync(recordingsDir)).toEqual([`${callId}.wav`])
    })

    it('can start a new call after the previous one stopped', async () => {
      const first = await service.start({ kind: 'live' })
      await service.stop(first.callId)
      const second = await service.start({ kind: 'live' })
      expect(second.callId).not.toBe(first.callId)
      expect(store.calls.get(second.callId)?.status).toBe('recording')
    })
  })

  describe('pushAudio', () => {
    it('ignores a duplicate or older seq: nothing accepted, nothing written', async () => {
      const { callId } = await service.start({ kind: 'live' })
      const [a, b, c] = framesOf(speechBytes.subarray(0, 3 * FRAME_BYTES))
      expect(service.pushAudio({ callId, seq: 0, pcm: a! })).toEqual({ acceptedBytes: FRAME_BYTES })
      expect(service.pushAudio({ callId, seq: 1, pcm: b! })).toEqual({ acceptedBytes: FRAME_BYTES })
      expect(service.pushAudio({ callId, seq: 1, pcm: b! })).toEqual({ acceptedBytes: 0 })
      expect(service.pushAudio({ callId, seq: 0, pcm: c! })).toEqual({ acceptedBytes: 0 })
      // A gap is fine: seq only has to increase.
      expect(service.pushAudio({ callId, seq: 5, pcm: c! })).toEqual({ acceptedBytes: FRAME_BYTES })
      expect(service.pushAudio({ callId, seq: 4, pcm: a! })).toEqual({ acceptedBytes: 0 })

      // The periodic flush puts exactly the accepted audio on disk, header included, before stop.
      const file = service.audioPathFor(callId)!
      const expectedBytes = Buffer.concat([a!, b!, c!])
      // A flush appends the audio, then rewrites the header's sizes: wait for both.
      const flushed = () => {
        const buf = fs.readFileSync(file)
        return buf.byteLength >= WAV_HEADER_BYTES + expectedBytes.byteLength && buf.readUInt32LE(40) === expectedBytes.byteLength
      }
      const deadline = Date.now() + 5000
      while (!flushed() && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50))
      }
      const mid = fs.readFileSync(file)
      expect(mid.byteLength).toBe(WAV_HEADER_BYTES + expectedBytes.byteLength)
      expect(mid.readUInt32LE(40)).toBe(expectedBytes.byteLength)

      await service.stop(callId)
      const final = fs.readFileSync(file)
      expect(final.byteLength).toBe(WAV_HEADER_BYTES + expectedBytes.byteLength)
      expect(final.subarray(WAV_HEADER_BYTES).equals(expectedBytes)).toBe(true)
    })

    it('answers not-found for an unknown call', async () => {
      const err = await caught(() => service.pushAudio({ callId: randomUUID(), seq: 0, pcm: new Uint8Array(320) }))
      expect(err).toBeInstanceOf(AppError)
      expect(err).toMatchObject({ code: 'not-found' })
    })

    it('answers not-found for an unknown call while another call records', async () => {
      await service.start({ kind: 'live' })
      const err = await caught(() => service.pushAudio({ callId: randomUUID(), seq: 0, pcm: new Uint8Array(320) }))
      expect(err).toMatchObject({ code: 'not-found' })
    })

    it('answers conflict for a call that has stopped, and leaves its WAV alone', async () => {
      const { callId } = await service.start({ kind: 'live' })
      service.pushAudio({ callId, seq: 0, pcm: new Uint8Array(3200) })
      await service.stop(callId)
      const size = fs.statSync(service.audioPathFor(callId)!).size
      const err = await caught(() => service.pushAudio({ callId, seq: 1, pcm: new Uint8Array(320) }))
      expect(err).toBeInstanceOf(AppError)
      expect(err).toMatchObject({ code: 'conflict' })
      expect(fs.statSync(service.audioPathFor(callId)!).size).toBe(size)
    })

    it('answers conflict for another call while one records', async () => {
      const first = await service.start({ kind: 'live' })
      await service.stop(first.callId)
      await service.start({ kind: 'live' })
      const err = await caught(() => service.pushAudio({ callId: first.callId, seq: 0, pcm: new Uint8Array(320) }))
      expect(err).toMatchObject({ code: 'conflict' })
    })
  })

  describe('a whole call', () => {
    it('stores a pending segment as each utterance starts, grows it over its pieces, then each fails with the engine error; stop finalises', async () => {
      const { callId } = await service.start({ kind: 'live' })
      const frames = framesOf(speechBytes)
      let accepted = 0
      const pendingAtPush: number[] = []
      frames.forEach((pcm, seq) => {
        const before = eventsOf('segment').length
        accepted += service.pushAudio({ callId, seq, pcm }).acceptedBytes
        // A segment is stored and announced as pending in the same call that hears its first piece.
        for (const seg of eventsOf('segment').slice(before)) {
          expect(seg.status).toBe('pending')
          expect(store.segments.get(seg.id)).toBeDefined()
          pendingAtPush.push(seq)
        }
      })
      expect(accepted).toBe(speechBytes.byteLength)
      expect(pendingAtPush).toHaveLength(utterances.length)

      clock = T0 + 30_000
      const summary = await service.stop(callId)
      await queue.whenIdle()

      const expectedDuration = bytesToMs(speechBytes.byteLength)
      expect(expectedDuration).toBe(22_904)
      expect(summary).toMatchObject({ id: callId, status: 'completed', durationMs: expectedDuration, endedAt: T0 + 30_000, segmentCount: utterances.length })
      expect(store.calls.get(callId)).toMatchObject({ status: 'completed', durationMs: expectedDuration, endedAt: T0 + 30_000 })
      expect(service.activeCallId).toBeUndefined()

      // The WAV holds exactly what was pushed, with matching header sizes.
      const file = service.audioPathFor(callId)!
      const buf = fs.readFileSync(file)
      expect(buf.byteLength).toBe(WAV_HEADER_BYTES + speechBytes.byteLength)
      expect(buf.readUInt32LE(4)).toBe(36 + speechBytes.byteLength)
      expect(buf.readUInt32LE(40)).toBe(speechBytes.byteLength)
      expect(buf.subarray(WAV_HEADER_BYTES).equals(speechBytes)).toBe(true)

      // Segments: the utterances of segmenting the file whole, in order, all failed with the reason.
      const segments = store.segments.listForCall(callId)
      expect(segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs }))).toEqual(utterances)
      expect(segments.map((s) => s.seq)).toEqual(utterances.map((_, i) => i))
      for (const s of segments) expect(s).toMatchObject({ status: 'failed', error: 'no model', source: 'speech', text: '' })

      // Each segment was announced pending, then failed.
      for (const s of segments) {
        const seen = eventsOf('segment').filter((e) => e.id === s.id)
        expect(seen.map((e) => e.status)).toEqual(['pending', 'failed'])
        expect(seen[1]!.error).toBe('no model')
      }
      expect(eventsOf('engineState').at(-1)).toEqual({ state: 'error', message: 'no model', queued: 0 })
      expect(eventsOf('callState').map((c) => c.status)).toEqual(['recording', 'completed'])
    })

    it('closes an utterance still open at stop', async () => {
      const { callId } = await service.start({ kind: 'live' })
      // Cut the stream in the middle of the second utterance.
      const cutMs = (speechSpans[1]!.startMs + speechSpans[1]!.endMs) / 2
      const bytes = speechBytes.subarray(0, Math.round(cutMs * 16) * 2)
      framesOf(bytes).forEach((pcm, seq) => service.pushAudio({ callId, seq, pcm }))
      expect(store.segments.listForCall(callId)).toHaveLength(1)
      await service.stop(callId)
      const segments = store.segments.listForCall(callId)
      expect(segments).toHaveLength(2)
      expect(segments[1]!.startMs).toBe(speechSpans[1]!.startMs)
      expect(segments[1]!.endMs).toBeLessThanOrEqual(Math.ceil(cutMs / 10) * 10)
    })

    it('says a stopped call is done once every utterance has its live text and its final tier', async () => {
      const engine = {
        transcribe: async () => ({ text: '', tokens: [], engineMs: 0, waitMs: 0 }),
        cancelAll: () => undefined,
        dropRunning: () => undefined,
      } as unknown as SpeechEngine
      getEngine = async () => engine
      const done: Array<{ callId: string; tiers: string[] }> = []
      service = new RecordingService({
        store,
        recordingsDir,
        queue,
        emit,
        now: () => clock,
        onCallDone: (callId) => done.push({ callId, tiers: store.segments.listForCall(callId).map((s) => s.textTier) }),
      })
      const { callId } = await service.start({ kind: 'live' })
      framesOf(speechBytes).forEach((pcm, seq) => service.pushAudio({ callId, seq, pcm }))
      await new Promise((r) => setTimeout(r, 50)) // let the live decodes answer
      expect(done).toEqual([]) // still recording: more may come
      await service.stop(callId)
      await queue.whenIdle()
      expect(done).toEqual([{ callId, tiers: utterances.map(() => 'final') }])

      // A call whose utterances all fail (no engine) is done too; nothing is decoded at the final tier.
      getEngine = () => Promise.reject(new Error('no model'))
      const second = await service.start({ kind: 'live' })
      framesOf(speechBytes).forEach((pcm, seq) => service.pushAudio({ callId: second.callId, seq, pcm }))
      await service.stop(second.callId)
      await queue.whenIdle()
      expect(done.map((d) => d.callId)).toEqual([callId, second.callId])
      expect(store.segments.listForCall(second.callId).every((s) => s.status === 'failed')).toBe(true)
    })

    it('rejects stop for an unknown call (not-found) and a second stop (conflict)', async () => {
      expect(await caught(service.stop(randomUUID()))).toMatchObject({ code: 'not-found' })
      const { callId } = await service.start({ kind: 'live' })
      await service.stop(callId)
      expect(await caught(service.stop(callId))).toMatchObject({ code: 'conflict' })
    })

    it('decodes each utterance for the final tier from the same audio as the file, even after the rolling buffer trims', async () => {
      // An engine that records what it is asked to transcribe and hears nothing.
      const heard: Array<{ pcm: Int16Array; tier: string | undefined }> = []
      const engine = {
        transcribe: async (pcm: Int16Array, opts: { tier?: string } = {}) => {
          heard.push({ pcm, tier: opts.tier })
          return { text: '', tokens: [], engineMs: 0, waitMs: 0 }
        },
        cancelAll: () => undefined,
        dropRunning: () => undefined,
      } as unknown as SpeechEngine
      getEngine = async () => engine

      // Seven times the file: ~160 s, more than the 120 s the rolling buffer promises.
      const repeats = 7
      const stream = Buffer.concat(Array.from({ length: repeats }, () => speechBytes))
      const streamSamples = new Int16Array(stream.buffer, stream.byteOffset, stream.byteLength / 2)
      const { callId } = await service.start({ kind: 'live' })
      framesOf(stream).forEach((pcm, seq) => service.pushAudio({ callId, seq, pcm }))
      await service.stop(callId)
      await queue.whenIdle()

      const segments = store.segments.listForCall(callId)
      const streamUtterances = utterancesOf(segmentSamples(streamSamples))
      expect(segments.length).toBeGreaterThanOrEqual(4 * repeats)
      expect(segments.map((s) => [s.startMs, s.endMs])).toEqual(streamUtterances.map((s) => [s.startMs, s.endMs]))
      // Every utterance got its live text (empty here) and then its final tier.
      for (const s of segments) expect(s).toMatchObject({ status: 'done', textTier: 'final' })
      const finals = heard.filter((h) => h.tier === 'final')
      expect(finals).toHaveLength(segments.length)
      // Final decodes may run in any order relative to the call, but each is one utterance's audio.
      const wanted = streamUtterances.map((u) => utteranceAudio(streamSamples, 0, u))
      const key = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64')
      expect(finals.map((f) => key(f.pcm)).sort()).toEqual(wanted.map(key).sort())
      // Live decodes never got more than one utterance's audio.
      const longest = Math.max(...streamUtterances.map((u) => utteranceAudio(streamSamples, 0, u).length))
      for (const h of heard) expect(h.pcm.length).toBeLessThanOrEqual(longest)
    })
  })

  describe('recoverInterrupted', () => {
    /** A call the store still thinks is recording, with a WAV whose header was never updated. */
    function crashedCall(opts: { startedAt: number; trailing?: Buffer; data?: Buffer } = { startedAt: T0 - 60_000 }) {
      const id = randomUUID()
      store.calls.create({ id, kind: 'live', audioPath: `${id}.wav`, sampleRate: 16_000, startedAt: opts.startedAt })
      const file = path.join(recordingsDir, `${id}.wav`)
      fs.writeFileSync(file, Buffer.concat([wavHeader(0), opts.data ?? speechBytes, opts.trailing ?? Buffer.alloc(0)]))
      return { id, file }
    }

    it('marks the call interrupted, repairs the WAV, and queues the speech after the last stored segment', async () => {
      const startedAt = T0 - 60_000
      const { id, file } = crashedCall({ startedAt, trailing: Buffer.from([0x11]) })
      // Before the crash: utterance 0 transcribed, utterance 1 stored but never transcribed.
      const first = store.segments.insertPending({ callId: id, startMs: utterances[0]!.startMs, endMs: utterances[0]!.endMs })
      store.segments.complete(first.id, 'Hi, this is Sam.')
      store.segments.insertPending({ callId: id, startMs: utterances[1]!.startMs, endMs: utterances[1]!.endMs })

      const recovered = await service.recoverInterrupted()
      await queue.whenIdle()
      expect(recovered).toEqual([id])

      const durationMs = bytesToMs(speechBytes.byteLength)
      expect(store.calls.get(id)).toMatchObject({ status: 'interrupted', durationMs, endedAt: startedAt + durationMs })
      expect(eventsOf('callState')).toEqual([expect.objectContaining({ id, status: 'interrupted', durationMs })])

      // The WAV is valid again: odd byte dropped, sizes match the audio.
      const buf = fs.readFileSync(file)
      expect(buf.byteLength).toBe(WAV_HEADER_BYTES + speechBytes.byteLength)
      expect(buf.readUInt32LE(4)).toBe(36 + speechBytes.byteLength)
      expect(buf.readUInt32LE(40)).toBe(speechBytes.byteLength)

      // The later utterances were found in the WAV and stored after the stored ones, one segment each
      // (as the live path stores them, not one per piece); everything untranscribed was queued.
      const segments = store.segments.listForCall(id)
      expect(segments.map((s) => ({ seq: s.seq, startMs: s.startMs, endMs: s.endMs }))).toEqual(
        utterances.map((u, seq) => ({ seq, startMs: u.startMs, endMs: u.endMs })),
      )
      expect(segments.map((s) => s.status)).toEqual(['done', ...utterances.slice(1).map(() => 'failed')])
      expect(segments[0]!.text).toBe('Hi, this is Sam.')
      for (const s of segments.slice(1)) expect(s.error).toBe('no model')
      expect(store.segments.listPending()).toEqual([])
    })

    it('says a recovered call is done once every recovered segment is settled, so the live coach can drop it', async () => {
      const done: Array<{ callId: string; pending: number }> = []
      service = new RecordingService({
        store,
        recordingsDir,
        queue,
        emit,
        now: () => clock,
        onCallDone: (callId) => done.push({ callId, pending: store.segments.listForCall(callId).filter((s) => s.status === 'pending').length }),
      })
      const { id } = crashedCall({ startedAt: T0 })
      const gone = randomUUID()
      store.calls.create({ id: gone, kind: 'live', audioPath: `${gone}.wav`, sampleRate: 16_000, startedAt: T0 })
      store.segments.insertPending({ callId: gone, startMs: 800, endMs: 3700 })
      await service.recoverInterrupted()
      await queue.whenIdle()
      // Each call once, when nothing of it was left pending (its WAV gone: at once).
      expect(done.sort((a, b) => a.callId.localeCompare(b.callId))).toEqual([id, gone].sort().map((callId) => ({ callId, pending: 0 })))
      expect(store.segments.listForCall(id).length).toBe(utterances.length)
    })

    it('grows an utterance that was open at the crash over the rest of it', async () => {
      const { id } = crashedCall({ startedAt: T0 })
      // The first utterance of several pieces: stored (pending, as the live path stores it) up to its first piece.
      const at = utterances.findIndex((u) => speechSpans.filter((s) => s.startMs >= u.startMs && s.endMs <= u.endMs).length > 1)
      expect(at).toBeGreaterThanOrEqual(0)
      for (const u of utterances.slice(0, at)) store.segments.complete(store.segments.insertPending({ callId: id, ...u }).id, 'earlier')
      const firstPiece = speechSpans.find((s) => s.startMs === utterances[at]!.startMs)!
      const open = store.segments.insertPending({ callId: id, startMs: firstPiece.startMs, endMs: firstPiece.endMs })
      expect(firstPiece.endMs).toBeLessThan(utterances[at]!.endMs)

      await service.recoverInterrupted()
      await queue.whenIdle()
      const segments = store.segments.listForCall(id)
      expect(segments.map(({ startMs, endMs }) => ({ startMs, endMs }))).toEqual(utterances)
      // The open one is the same row, now covering the whole utterance, and was queued whole.
      expect(segments[at]).toMatchObject({ id: open.id, endMs: utterances[at]!.endMs, status: 'failed', error: 'no model' })
    })

    it('finds every utterance when the crash came before any segment was stored', async () => {
      const { id } = crashedCall({ startedAt: T0 })
      await service.recoverInterrupted()
      await queue.whenIdle()
      const segments = store.segments.listForCall(id)
      expect(segments.map((s) => ({ startMs: s.startMs, endMs: s.endMs }))).toEqual(utterances)
      expect(segments.every((s) => s.status === 'failed')).toBe(true)
    })

    it('recovers a call whose WAV is shorter than a header as empty', async () => {
      const id = randomUUID()
      store.calls.create({ id, kind: 'live', audioPath: `${id}.wav`, sampleRate: 16_000, startedAt: T0 })
      fs.writeFileSync(path.join(recordingsDir, `${id}.wav`), Buffer.from('RIFF'))
      expect(await service.recoverInterrupted()).toEqual([id])
      expect(store.calls.get(id)).toMatchObject({ status: 'interrupted', durationMs: 0, endedAt: T0 })
      expect(fs.readFileSync(path.join(recordingsDir, `${id}.wav`)).equals(wavHeader(0))).toBe(true)
      expect(store.segments.listForCall(id)).toEqual([])
    })

    it('fails the pending segments of a call whose WAV is gone', async () => {
      const id = randomUUID()
      store.calls.create({ id, kind: 'live', audioPath: `${id}.wav`, sampleRate: 16_000, startedAt: T0 })
      const seg = store.segments.insertPending({ callId: id, startMs: 800, endMs: 3700 })
      expect(await service.recoverInterrupted()).toEqual([id])
      await queue.whenIdle()
      expect(store.calls.get(id)).toMatchObject({ status: 'interrupted', durationMs: 0, endedAt: T0 })
      expect(store.segments.get(seg.id)).toMatchObject({ status: 'failed', error: 'The recording for this segment is missing' })
    })

    it('leaves the call being recorded now alone', async () => {
      const { callId } = await service.start({ kind: 'live' })
      framesOf(speechBytes.subarray(0, 10 * FRAME_BYTES)).forEach((pcm, seq) => service.pushAudio({ callId, seq, pcm }))
      expect(await service.recoverInterrupted()).toEqual([])
      expect(store.calls.get(callId)?.status).toBe('recording')
      expect(service.activeCallId).toBe(callId)
    })

    it('does nothing to calls that already finished', async () => {
      const { callId } = await service.start({ kind: 'live' })
      await service.stop(callId)
      const before = store.calls.get(callId)
      expect(await service.recoverInterrupted()).toEqual([])
      expect(store.calls.get(callId)).toEqual(before)
    })
  })
})
