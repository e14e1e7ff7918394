/**
 * The final tier of a live call through a monologue: utterances the rolling
 * buffer has let go are read back from the recording on disk (during the call,
 * not skipped), and the engine's line holds one final job per call however
 * many utterances wait for it; past FINAL_BACKLOG they run while the rep talks
 * only where a background engine keeps them out of the end decodes' way.
 *
 * Real store, real queue, a real WAV written by WavWriter; the engine (the test
 * model's file, checked as always) answers from the audio it is given (a scripted channel, as the engine protocol
 * replies), so the test can see which samples each final decode heard.
 */
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { msToSamples } from '../../main/audio/pcm'
import type { SpeechSpan } from '../../main/audio/speech-segmenter'
import { UTTERANCE_PAD_MS } from '../../main/audio/utterance-audio'
import { readCallAudioRange, WavWriter } from '../../main/audio/wav-file'
import { FINAL_BACKLOG, FINAL_TIER_QUIET_MS, LiveTranscriber } from '../../main/live/live-transcriber'
import { RollingAudio } from '../../main/recording/rolling-audio'
import { createStore, type Store } from '../../main/store'
import { SpeechEngine, type EngineLauncher } from '../../main/transcription/speech-engine'
import { TranscriptionQueue } from '../../main/transcription/transcription-queue'
import { TEST_MODEL } from '../helpers/shared-assets'
import { tempDataDir } from '../helpers/test-host-process'
import { answeringEngineLauncher } from '../helpers/stub-engine'

/** Every call sample says where it is, so a decode's audio can be checked against the call's. */
const sampleAt = (i: number) => (i % 30_000) + 1
const UTTERANCE_MS = 2_000
const GAP_MS = 500

/**
 * Answers each decode from its audio: the final tier with "audio matches" when
 * the clip is exactly the call's samples from `clipStartMs` on, "audio differs"
 * otherwise; the live tier with "live words here". Words sit inside the clip's
 * utterance (its padding left out), as a recogniser times them.
 */
function audioCheckingLauncher(log: Array<{ tier: string; startMs: number }>): EngineLauncher {
  return answeringEngineLauncher((msg) => {
    const startMs = msg.clipStartMs ?? 0
    const tier = msg.tier ?? 'live'
    log.push({ tier, startMs })
    const first = msToSamples(startMs)
    const matches = msg.pcm.length > 0 && msg.pcm.every((v, i) => v === sampleAt(first + i))
    const texts = tier === 'final' ? ['audio', matches ? 'matches' : 'differs'] : ['live', 'words', 'here']
    const from = UTTERANCE_PAD_MS + 100
    return texts.map((t, i) => ({ text: ` ${t}`, p: 0.9, fromMs: from + i * 400, toMs: from + i * 400 + 300 }))
  })
}

function span(startMs: number, endMs: number): SpeechSpan {
  const frames = Math.round((endMs - startMs) / 32)
  return { startMs, endMs, endsAtPause: true, speechProb: new Float32Array(frames).fill(0.9), speechMass: frames * 32 * 0.9 }
}

interface Harness {
  store: Store
  queue: TranscriptionQueue
  live: LiveTranscriber
  callId: string
  log: Array<{ tier: string; startMs: number }>
  /** Most final jobs in the engine's line at once. */
  maxFinalsWaiting: () => number
  clock: { ms: number }
  rep: { speaking: boolean }
  /** Speaks utterance n (audio to the WAV and the rolling buffer, then its span), waiting for its live text. */
  say: (n: number) => Promise<void>
  finalTexts: () => Array<{ text: string; tier: string }>
}

const stores: Store[] = []
const engines: SpeechEngine[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) s.close()
  await Promise.all(engines.splice(0).map((e) => e.dispose()))
})

async function harness(opts: { background: boolean; keepMs: number }): Promise<Harness> {
  const dir = tempDataDir()
  const store = createStore(path.join(dir, 'calldesk.sqlite'))
  stores.push(store)
  const log: Harness['log'] = []
  const fg = new SpeechEngine({ modelPath: TEST_MODEL, launcher: audioCheckingLauncher(log) })
  const bg = opts.background ? new SpeechEngine({ modelPath: TEST_MODEL, launcher: audioCheckingLauncher(log), background: true }) : fg
  engines.push(fg, bg)
  const queue = new TranscriptionQueue({ store, emit: () => undefined, getEngine: async (role) => (role === 'foreground' ? fg : bg), separateBackground: () => opts.background })
  const clock = { ms: 0 }
  const rep = { speaking: true }
  const live = new LiveTranscriber({ store, emit: () => undefined, queue, now: () => clock.ms })
  const callId = 'monologue'
  const wavPath = path.join(dir, `${callId}.wav`)
  const writer = await WavWriter.create(wavPath)
  store.calls.create({ id: callId, kind: 'live', audioPath: `${callId}.wav`, sampleRate: 16_000, deviceLabel: null, prospectId: null, startedAt: 0 })
  const audio = new RollingAudio(opts.keepMs)
  live.startCall(callId, audio, () => rep.speaking, (from, to) => readCallAudioRange(wavPath, from, to))
  let written = 0
  let maxFinals = 0
  const say = async (n: number) => {
    const startMs = n * (UTTERANCE_MS + GAP_MS)
    const until = msToSamples(startMs + UTTERANCE_MS + GAP_MS)
    const pcm = new Int16Array(until - written).map((_, i) => sampleAt(written + i))
    written = until
    writer.append(new Uint8Array(pcm.buffer))
    await writer.flush()
    audio.append(pcm)
    clock.ms = startMs + UTTERANCE_MS
    const before = store.segments.listForCall(callId).length
    live.onSpan(callId, span(startMs, startMs + UTTERANCE_MS))
    const id = store.segments.listForCall(callId)[before]!.id
    while (store.segments.get(id)?.status === 'pending') {
      maxFinals = Math.max(maxFinals, queue.waitingIn('final'))
      await new Promise((r) => setImmediate(r))
    }
    // Let a final job the queue let through finish, as the rep goes on talking.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r))
    maxFinals = Math.max(maxFinals, queue.waitingIn('final'))
  }
  const finalTexts = () => store.segments.listForCall(callId).map((s) => ({ text: s.text, tier: s.textTier }))
  return { store, queue, live, callId, log, maxFinalsWaiting: () => maxFinals, clock, rep, say, finalTexts }
}

describe('final tier through a monologue', () => {
  it('reads utterances the rolling buffer let go back from the recording, while the call goes on', async () => {
    // A 3 s buffer holds about one utterance: the first ones are on disk only when the rep pauses.
    const h = await harness({ background: false, keepMs: 3_000 })
    for (let n = 0; n < 5; n++) await h.say(n)
    expect(h.log.filter((d) => d.tier === 'final')).toHaveLength(0)
    expect(h.finalTexts().every((s) => s.text === 'live words here')).toBe(true)

    // The rep pauses: the final tier runs during the call, before any stop.
    h.rep.speaking = false
    h.clock.ms += FINAL_TIER_QUIET_MS
    h.queue.poke()
    await h.queue.whenIdle()
    expect(h.finalTexts()).toEqual(Array.from({ length: 5 }, () => ({ text: 'audio matches', tier: 'final' })))
    // Each utterance's final decode heard it with its padding, from the call's own samples.
    expect(h.log.filter((d) => d.tier === 'final').map((d) => d.startMs)).toEqual([0, 1, 2, 3, 4].map((n) => n * (UTTERANCE_MS + GAP_MS) - (n ? UTTERANCE_PAD_MS : 0)))
    expect(h.live.finalBacklog(h.callId)).toEqual({ utterances: 0, speechMs: 0 })
  })

  it('keeps one final job in line while the backlog grows; with a background engine it runs past FINAL_BACKLOG while the rep talks', async () => {
    const h = await harness({ background: true, keepMs: 120_000 })
    const total = FINAL_BACKLOG + 4
    for (let n = 0; n < total; n++) await h.say(n)
    expect(h.maxFinalsWaiting()).toBe(1)
    // The rep never paused: what ran is what the backlog let through, and the rest waits for quiet.
    expect(h.log.filter((d) => d.tier === 'final')).toHaveLength(total - FINAL_BACKLOG)
    expect(h.live.finalBacklog(h.callId)).toEqual({ utterances: FINAL_BACKLOG, speechMs: FINAL_BACKLOG * UTTERANCE_MS })

    h.live.stopCall(h.callId)
    await h.queue.whenIdle()
    expect(h.finalTexts().filter((s) => s.tier === 'final')).toHaveLength(total)
    expect(h.live.finalBacklog(h.callId).utterances).toBe(0)
  })

  it('with one engine, leaves every final decode for the rep to pause or the call to end', async () => {
    const h = await harness({ background: false, keepMs: 120_000 })
    const total = FINAL_BACKLOG + 4
    for (let n = 0; n < total; n++) await h.say(n)
    expect(h.maxFinalsWaiting()).toBe(1)
    expect(h.log.filter((d) => d.tier === 'final')).toHaveLength(0)
    expect(h.live.finalBacklog(h.callId).utterances).toBe(total)

    h.live.stopCall(h.callId)
    await h.queue.whenIdle()
    expect(h.finalTexts()).toEqual(Array.from({ length: total }, () => ({ text: 'audio matches', tier: 'final' })))
  })
})
