/**
 * The live path through the real core: espeak-ng speech (known word times)
 * pushed frame by frame through the recorder, the Silero VAD and the utterance
 * transcriber, to an engine that answers every window with the script's words
 * (garbled where the window cuts them), as the engine protocol does. Checks
 * one segment per utterance with its exact words, a flag shown before the
 * utterance ended and confirmed, the final tier replacing the text and the
 * coach retracting what the new text no longer supports (kept in the debrief).
 */
import { afterEach, describe, expect, it } from 'vitest'
import type { EventName, EventPayload, Flag } from '../../contract/ipc-contract'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { loadDebrief } from '../../main/debrief/load-debrief'
import type { EngineLauncher } from '../../main/transcription/speech-engine'
import { oracleWords, type ScriptWord } from '../../bench/oracle/oracle-recognizer'
import { speakScript } from '../../bench/oracle/speak'
import { createTestCore } from '../helpers/test-core'
import { tempDataDir } from '../helpers/test-host-process'
import { answeringEngineLauncher } from '../helpers/stub-engine'

const LINES = [
  "Hi Dana, it's Sam from Brightline.",
  'What kind of campaigns are you running right now for new patients in your area this spring?',
  'Thanks, that helps me a lot.',
]
/** What the final tier "hears" in line 2: a give, not a probe. */
const FINAL_LINE_2 = 'One clinic like yours doubled its new patient bookings last spring with two small changes.'

/** An engine that answers from the script: live windows as cut, final decodes of line 2 with FINAL_LINE_2. */
function scriptedLauncher(
  script: readonly ScriptWord[],
  line2: { startMs: number; endMs: number },
  seen: Array<{ tier: string; startMs: number; endMs: number }>,
  opts: { answerFinal?: boolean } = {},
): EngineLauncher {
  return answeringEngineLauncher((msg) => {
    const startMs = msg.clipStartMs ?? 0
    const endMs = startMs + (msg.pcm.length * 1000) / 16_000
    const tier = msg.tier ?? 'live'
    seen.push({ tier, startMs, endMs })
    // An engine still busy with the final tier when the app quits.
    if (tier === 'final' && opts.answerFinal === false) return 'hold'
    let words = oracleWords(script, startMs, endMs)
    if (tier === 'final' && startMs <= line2.startMs && endMs >= line2.endMs) {
      const span = (line2.endMs - line2.startMs) / FINAL_LINE_2.split(' ').length
      words = FINAL_LINE_2.split(' ').map((text, i) => ({ text, startMs: line2.startMs + i * span, endMs: line2.startMs + (i + 1) * span, p: 0.9 }))
    }
    return words.map((w) => ({ text: ` ${w.text}`, p: w.p, fromMs: w.startMs - startMs, toMs: w.endMs - startMs }))
  })
}

/** Pushes the call's audio frame by frame (plus a second of silence), letting the engine answer between frames. */
async function speak(core: CallDeskCore, callId: string, samples: Int16Array, afterFrame?: () => void): Promise<void> {
  const audio = new Int16Array(samples.length + 16_000)
  audio.set(samples)
  for (let i = 0, seq = 0; i < audio.length; i += 320, seq++) {
    core.handlers.pushAudio({ callId, seq, pcm: new Uint8Array(audio.slice(i, i + 320).buffer) })
    await new Promise((r) => setImmediate(r))
    afterFrame?.()
  }
}

describe('live transcriber (real core, espeak-ng speech, scripted engine)', () => {
  let core: CallDeskCore | undefined
  afterEach(async () => {
    await core?.shutdown()
    core = undefined
  })

  it('stores one segment per utterance with its words, shows a flag early, and retracts it when the final text does not support it', async () => {
    const spoken = speakScript(LINES, { lineGapMs: 1200 })
    const events: Array<{ event: EventName; payload: unknown }> = []
    const seen: Array<{ tier: string; startMs: number; endMs: number }> = []
    core = await createTestCore({
      engineLauncher: scriptedLauncher(spoken.words, spoken.lines[1]!, seen),
      emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void events.push({ event, payload }),
    })
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    let askingShownWhile: string | undefined
    await speak(core, callId, spoken.samples, () => {
      const early = events.find((e) => e.event === 'flag' && (e.payload as Flag).kind === 'asking-before-giving')
      if (early && !askingShownWhile) {
        const seg = core!.store.segments.get((early.payload as Flag).segmentId!)
        askingShownWhile = seg?.status
      }
    })
    await core.handlers.stopCall({ callId })
    await core.queue.whenIdle()

    const segments = core.store.segments.listForCall(callId)
    expect(segments.map((s) => s.source)).toEqual(['speech', 'speech', 'speech'])
    // Line 2 spans several pieces (cut while spoken) and is still one segment.
    expect(segments[1]!.endMs - segments[1]!.startMs).toBeGreaterThan(4000)
    // The live tier got every word exactly; the final tier replaced line 2.
    expect(segments.map((s) => s.textTier)).toEqual(['final', 'final', 'final'])
    expect(segments[0]!.text).toBe(LINES[0])
    expect(segments[1]!.text).toBe(FINAL_LINE_2)
    expect(segments[2]!.text).toBe(LINES[2])
    const liveLine2 = events
      .filter((e) => e.event === 'segment')
      .map((e) => e.payload as { id: number; status: string; tier?: string; text: string })
      .find((s) => s.id === segments[1]!.id && s.status === 'done' && s.tier === 'provisional')
    expect(liveLine2?.text).toBe(LINES[1])

    // The probe raised its flag from committed words while the rep was still saying it.
    expect(askingShownWhile).toBe('pending')
    expect(seen.some((s) => s.tier === 'live')).toBe(true)
    expect(seen.filter((s) => s.tier === 'final')).toHaveLength(3)

    // The final text is a give: the flag is retracted, announced, kept for the debrief, counted nowhere.
    const asking = events.find((e) => e.event === 'flag' && (e.payload as Flag).kind === 'asking-before-giving')!.payload as Flag
    expect(events.some((e) => e.event === 'flagRetracted' && (e.payload as { flagId: string }).flagId === asking.id)).toBe(true)
    expect(core.store.flags.get(asking.id)?.retractedAt).not.toBeNull()
    expect((await core.handlers.getCall({ callId })).flags.map((f) => f.id)).not.toContain(asking.id)
    const debrief = loadDebrief(core.store, callId, { audioUrlFor: () => '', now: Date.now() })!
    expect(debrief.detail.flags.find((f) => f.id === asking.id)?.retractedAt).toEqual(expect.any(Number))
    expect(core.store.segments.get(segments[1]!.id)?.utteranceClass).toBe('give')
    expect(core.store.segments.listFinalDue()).toEqual([])
  }, 120_000)

  it('runs the final tier a quit left behind at the next start, from the recording, and the coach retracts what it no longer supports', async () => {
    const spoken = speakScript(LINES, { lineGapMs: 1200 })
    const dataDir = tempDataDir()
    const seen: Array<{ tier: string; startMs: number; endMs: number }> = []
    // First run: the engine never finishes a final-tier decode, and the rep quits right after the call.
    core = await createTestCore({ dataDir, engineLauncher: scriptedLauncher(spoken.words, spoken.lines[1]!, seen, { answerFinal: false }) })
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    await speak(core, callId, spoken.samples)
    await core.handlers.stopCall({ callId })
    while (core.store.segments.listForCall(callId).some((s) => s.status === 'pending')) await new Promise((r) => setTimeout(r, 10))
    expect(seen.some((s) => s.tier === 'final')).toBe(true)
    const asking = core.store.flags.listForCall(callId).find((f) => f.kind === 'asking-before-giving')
    expect(asking?.retractedAt).toBeNull()
    // The first utterance's final tier had run; the probe's (line 2) is the first one left, as after a monologue.
    const first = core.store.segments.listForCall(callId)[0]!
    core.store.segments.setFinalText(first.id, first.text)
    await core.shutdown()
    core = undefined

    // Second run, same data: the other two utterances are still due, and are decoded from the WAV at start.
    const events: Array<{ event: EventName; payload: unknown }> = []
    const seenAfter: typeof seen = []
    core = await createTestCore({
      dataDir,
      engineLauncher: scriptedLauncher(spoken.words, spoken.lines[1]!, seenAfter),
      emit: <K extends EventName>(event: K, payload: EventPayload<K>) => void events.push({ event, payload }),
    })
    await core.queue.whenIdle()
    const segments = core.store.segments.listForCall(callId)
    expect(segments.map((s) => s.textTier)).toEqual(['final', 'final', 'final'])
    expect(segments[1]!.text).toBe(FINAL_LINE_2)
    expect(seenAfter.map((s) => s.tier)).toEqual(['final', 'final'])
    expect(core.store.segments.listFinalDue()).toEqual([])
    expect(core.store.flags.get(asking!.id)?.retractedAt).toEqual(expect.any(Number))
    expect(events.some((e) => e.event === 'flagRetracted' && (e.payload as { flagId: string }).flagId === asking!.id)).toBe(true)
    // Each flag of the call once: the replay added nothing twice.
    const kinds = core.store.flags.listForCall(callId).map((f) => `${f.kind}@${f.segmentId}`)
    expect(new Set(kinds).size).toBe(kinds.length)
  }, 120_000)
})
