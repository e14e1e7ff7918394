/**
 * The live path from speech spans to text: utterances, not pieces.
 *
 * The segmenter hands over ~2 s spans; spans joined by cuts are one utterance,
 * stored as one segment (pending from its first span, so nothing said is only
 * in memory). After every cut the growing utterance is decoded again, from a
 * little before its last committed word to the newest audio, and words two
 * decodes agree on are committed (UtteranceAssembler); the coach peeks at the
 * committed words. When the utterance ends, one decode of the words not yet
 * committed finishes it, and the coach gets the whole text. Every decode
 * passes the hallucination gate first; a gated decode commits nothing and
 * resets the prompt.
 *
 * Decodes read their audio and prompt when the engine starts them, not when
 * queued, and at most one waits per utterance, so the engine's line stays
 * short however long the rep talks.
 *
 * Then the final tier: once the rep is quiet (the buyer's turn, or the call is
 * over), each finished utterance is decoded again whole, at Whisper's full
 * context with temperature fallback, and that text replaces the live one; the
 * coach re-reads it (LiveCoach retracts flags it no longer supports).
 */
import { msToSamples } from '../audio/pcm'
import { utteranceAudio, UTTERANCE_PAD_MS } from '../audio/utterance-audio'
import type { SpeechSpan } from '../audio/speech-segmenter'
import { toSegmentDto, type Segment, type Store } from '../store'
import type { Emit } from '../../contract/emit'
import { promptFrom } from '../transcription/decode-params'
import type { SpeechEngine, TranscribeResult } from '../transcription/speech-engine'
import type { TranscriptionQueue } from '../transcription/transcription-queue'
import { gateDecode } from './hallucination-gate'
import { UtteranceAssembler } from './local-agreement'
import { joinWords, type DecodedWord } from './words'

/** Audio the transcriber can read back: call-relative sample `startSample` is `samples[0]`. */
export interface CallAudio {
  readonly samples: Int16Array
  readonly startSample: number
}

/** Call-relative samples [from, to) of the recording on disk (clamped to what it holds): older than the rolling buffer. */
export type RecordedAudio = (fromSample: number, toSample: number) => Promise<Int16Array>

export interface LiveTranscriberDeps {
  store: Store
  emit: Emit
  queue: TranscriptionQueue
  /** The open utterance has more committed words (the coach peeks at them). */
  onCommitted?: (segment: { id: number; callId: string; seq: number; startMs: number; endMs: number }, text: string) => void
  now?: () => number
  /**
   * A stopped call has nothing left to decode (every utterance has its text or
   * failed, and its final tier ran or failed): its state is dropped here, and
   * whoever keeps per-call state for it (the live coach) may drop theirs.
   */
  onCallDone?: (callId: string) => void
  /** bench:live: when a segment's live text was stored, and what its last decode cost. */
  onLiveText?: (segmentId: number, info: { engineMs: number; waitMs: number; windowMs: number; liveQueued: number; finalBacklog: number; threads?: number; idleCores?: number }) => void
}

/** Longer than this, an utterance is closed at its last committed word (Whisper hears at most 30 s). */
export const MAX_UTTERANCE_MS = 24_000
/** The final tier waits for this much quiet, so the rep's next words rarely find the engine busy. */
export const FINAL_TIER_QUIET_MS = 2_000
/** Consecutive utterances closer than this are one turn: the prompt carries across them. */
export const TURN_GAP_MS = 2_000
/**
 * With a background engine, a call's final tier runs even while the rep talks
 * once more than this many utterances wait for it (it slows no end decode;
 * provisional decodes still go first). With one engine it always waits for
 * quiet: a final decode running there would be stopped by the next live one.
 */
export const FINAL_BACKLOG = 8

interface Utterance {
  segmentId: number
  seq: number
  startMs: number
  /** End of the latest span. */
  endMs: number
  assembler: UtteranceAssembler
  spans: SpeechSpan[]
  ended: boolean
  done: boolean
  /** Prompt for this utterance: the earlier utterances of its turn. */
  turnPrompt: string
  /** Its live text, which a gated final decode keeps. */
  liveText: string
}

interface CallState {
  callId: string
  audio: CallAudio
  speaking: () => boolean
  active: boolean
  open: Utterance | undefined
  /** Committed text of the current turn (the prompt), reset after a gated decode and at a turn gap. */
  turnText: string
  lastEndMs: number
  /** The recording on disk, for final-tier decodes older than the rolling buffer (during the call and after it). */
  recorded?: RecordedAudio
  lastSpeechAt: number
  /** Utterances without their live text yet: the call is done when this and `finalsDue` are empty after stop. */
  unfinished: Set<number>
  /**
   * Finished utterances whose final tier has not run, oldest first. One job in
   * the engine's line works through them, so the line stays as short through
   * a monologue as through a dialogue; the backlog lives here.
   */
  finalsDue: Utterance[]
  /** That job is in the line or running. */
  finalQueued: boolean
}

export class LiveTranscriber {
  private readonly calls = new Map<string, CallState>()
  private readonly now: () => number

  constructor(private readonly deps: LiveTranscriberDeps) {
    this.now = deps.now ?? (() => performance.now())
  }

  /** `recorded`: the call's recording as it reaches the disk, which the final tier reads once the rolling buffer has let an utterance go. */
  startCall(callId: string, audio: CallAudio, speaking: () => boolean, recorded?: RecordedAudio): void {
    this.calls.set(callId, this.newCall(callId, audio, speaking, true, recorded))
  }

  private newCall(callId: string, audio: CallAudio, speaking: () => boolean, active: boolean, recorded?: RecordedAudio): CallState {
    return {
      callId,
      audio,
      speaking,
      active,
      open: undefined,
      turnText: '',
      lastEndMs: -Infinity,
      recorded,
      lastSpeechAt: this.now(),
      unfinished: new Set(),
      finalsDue: [],
      finalQueued: false,
    }
  }

  /**
   * A finished call's utterances whose final tier never ran (the app quit or
   * crashed while it was behind): decoded now, from the recording on disk.
   * `segments`: the call's segments in call order (for the turns' prompts); `due`: the ids to decode.
   */
  resumeFinalTier(callId: string, segments: readonly Segment[], due: ReadonlySet<number>, recorded: RecordedAudio): void {
    if (this.calls.has(callId)) return
    // Stopped, and nothing in memory: every clip comes from the recording.
    const call = this.newCall(callId, { samples: new Int16Array(0), startSample: Number.MAX_SAFE_INTEGER }, () => false, false, recorded)
    let turn = ''
    let lastEnd = -Infinity
    for (const seg of segments) {
      if (seg.source !== 'speech' || seg.status !== 'done') continue
      // The prompt as the live path had it: the earlier utterances of the turn.
      if (seg.startMs - lastEnd >= TURN_GAP_MS) turn = ''
      if (due.has(seg.id)) {
        call.finalsDue.push({
          segmentId: seg.id,
          seq: seg.seq,
          startMs: seg.startMs,
          endMs: seg.endMs,
          assembler: new UtteranceAssembler(seg.startMs),
          // No VAD probabilities kept: speech over the whole utterance.
          spans: [{ startMs: seg.startMs, endMs: seg.endMs, endsAtPause: true, speechProb: new Float32Array(0), speechMass: seg.endMs - seg.startMs }],
          ended: true,
          done: true,
          turnPrompt: turn,
          liveText: seg.text,
        })
      }
      if (seg.text) turn = withTurnText(turn, seg.text)
      lastEnd = seg.endMs
    }
    if (!call.finalsDue.length) return
    this.calls.set(callId, call)
    this.scheduleFinal(call)
  }

  /** How far a call's final tier is behind: utterances waiting for it, and their length (bench:live reads the count from onLiveText). */
  finalBacklog(callId: string): { utterances: number; speechMs: number } {
    const due = this.calls.get(callId)?.finalsDue ?? []
    return { utterances: due.length, speechMs: due.reduce((ms, u) => ms + (u.endMs - u.startMs), 0) }
  }

  /** After every pushed frame: the final tier may start once the rep has been quiet a while; speech stops it. */
  onAudio(callId: string): void {
    const call = this.calls.get(callId)
    if (!call) return
    const speaking = call.speaking()
    if (speaking) call.lastSpeechAt = this.now()
    if (speaking || this.deps.queue.waitingIn('final')) this.deps.queue.poke({ speaking })
  }

  /** The call stopped: everything left is decoded, the final tier from the recording where the rolling buffer no longer reaches. */
  stopCall(callId: string): void {
    const call = this.calls.get(callId)
    if (!call) return
    call.active = false
    this.deps.queue.poke()
    this.doneIfSettled(call)
  }

  /** Forgets a stopped call once nothing of it is left to decode (its WAV samples and rolling buffer go with it). */
  private doneIfSettled(call: CallState): void {
    if (call.active || call.unfinished.size || call.finalsDue.length || call.finalQueued || this.calls.get(call.callId) !== call) return
    this.calls.delete(call.callId)
    this.deps.onCallDone?.(call.callId)
  }

  onSpan(callId: string, span: SpeechSpan): void {
    const call = this.calls.get(callId)
    if (!call) return
    call.lastSpeechAt = this.now()
    let utt = call.open
    if (!utt || !span.cutBefore) {
      if (utt && !utt.ended) this.end(call, utt) // a span after silence, whatever the segmenter said before
      utt = this.open(call, span.startMs, span.endMs)
    } else if (span.endMs - utt.startMs > MAX_UTTERANCE_MS && utt.assembler.words.length) {
      // Too long for one decode window: close it at its last committed word, go on in a new one.
      const splitAt = utt.assembler.committedEndMs
      utt.ended = true
      this.deps.queue.unschedule(`live:${utt.segmentId}`)
      this.finish(call, utt)
      utt = this.open(call, splitAt, span.endMs)
    }
    utt.spans.push(span)
    utt.endMs = Math.max(utt.endMs, span.endMs)
    this.deps.store.segments.updateOpen(utt.segmentId, { endMs: utt.endMs, text: utt.assembler.text })
    if (endsAtPause(span)) this.end(call, utt)
    else this.scheduleLive(call, utt, `live:${utt.segmentId}`)
  }

  private open(call: CallState, startMs: number, endMs: number): Utterance {
    const { store, emit } = this.deps
    if (startMs - call.lastEndMs >= TURN_GAP_MS) call.turnText = ''
    const row = store.segments.insertPending({ callId: call.callId, startMs, endMs, source: 'speech' })
    emit('segment', toSegmentDto(row))
    const utt: Utterance = {
      segmentId: row.id,
      seq: row.seq,
      startMs,
      endMs,
      assembler: new UtteranceAssembler(startMs),
      spans: [],
      ended: false,
      done: false,
      turnPrompt: call.turnText,
      liveText: '',
    }
    call.open = utt
    call.unfinished.add(utt.segmentId)
    return utt
  }

  private end(call: CallState, utt: Utterance): void {
    utt.ended = true
    call.lastEndMs = utt.endMs
    // The end decode hears everything the waiting (or running) provisional one would have.
    this.deps.queue.unschedule(`live:${utt.segmentId}`, { stopRunning: true })
    this.scheduleLive(call, utt, `end:${utt.segmentId}`, true)
  }

  /** `urgent`: the utterance's end decode, which the prompt waits for (the queue gives it the foreground engine). */
  private scheduleLive(call: CallState, utt: Utterance, key: string, urgent = false): void {
    const queuedAt = this.now()
    this.deps.queue.schedule({
      lane: 'live',
      urgent,
      key,
      run: (engine) => this.decodeLive(call, utt, (pcm, opts) => engine.transcribe(pcm, opts), this.now() - queuedAt),
      // A provisional decode that fails only commits nothing; the utterance fails with its end decode.
      fail: (err) => utt.ended && this.failed(call, utt, err),
    })
  }

  private async decodeLive(
    call: CallState,
    utt: Utterance,
    transcribe: (pcm: Int16Array, opts: Parameters<import('../transcription/speech-engine').SpeechEngine['transcribe']>[1]) => Promise<TranscribeResult>,
    /** How long the job waited in the queue for an engine slot (bench:live adds the engine's own wait). */
    queuedMs = 0,
  ): Promise<void> {
    if (utt.done) return
    // Read now, not when queued: the newest audio, and whether the utterance has ended meanwhile.
    const isEnd = utt.ended
    const from = utt.assembler.windowStartMs()
    const to = utt.endMs
    if (to <= from) {
      if (isEnd) this.finish(call, utt)
      return
    }
    const clip = this.clip(call.audio, from, to, { padBefore: from === utt.startMs, padAfter: isEnd })
    if (!clip) {
      if (isEnd) this.finish(call, utt)
      return
    }
    const speechMs = speechIn(utt.spans, from, to)
    const result = await transcribe(clip.pcm, {
      prompt: () => promptFrom(joinText(utt.turnPrompt, utt.assembler.text)),
      speechMs,
      tier: 'live',
      clipStartMs: clip.startMs,
    })
    if (utt.done) return
    const verdict = gateDecode(wordsOf(result, clip.startMs, from, to), speechMs)
    let committed: DecodedWord[] = []
    if (!verdict.ok) {
      utt.assembler.discard()
      // Bad output must not become the next prompt.
      call.turnText = ''
      utt.turnPrompt = ''
    } else {
      committed = isEnd ? utt.assembler.final(verdict.words) : utt.assembler.provisional(verdict.words, to)
    }
    this.deps.onLiveText?.(utt.segmentId, { engineMs: result.engineMs, waitMs: queuedMs + result.waitMs, windowMs: to - from, liveQueued: this.deps.queue.waitingIn('live'), finalBacklog: call.finalsDue.length, threads: result.threads, idleCores: result.idleCores })
    if (isEnd) {
      this.finish(call, utt)
      return
    }
    if (!committed.length) return
    const row = this.deps.store.segments.updateOpen(utt.segmentId, { endMs: utt.endMs, text: utt.assembler.text })
    if (!row) return
    this.deps.emit('segment', toSegmentDto(row))
    this.deps.onCommitted?.({ id: row.id, callId: row.callId, seq: row.seq, startMs: row.startMs, endMs: to }, utt.assembler.text)
  }

  /** The utterance's live text is complete: store it (the coach pushes it), then queue its final tier. */
  private finish(call: CallState, utt: Utterance): void {
    if (utt.done) return
    utt.done = true
    if (call.open === utt) call.open = undefined
    const text = utt.assembler.text
    if (text) call.turnText = withTurnText(call.turnText, text)
    const row = this.deps.store.segments.complete(utt.segmentId, text)
    if (row) this.deps.emit('segment', toSegmentDto(row))
    if (utt.spans.length) {
      utt.liveText = text
      call.finalsDue.push(utt)
      this.scheduleFinal(call)
    }
    call.unfinished.delete(utt.segmentId)
    this.doneIfSettled(call)
  }

  private failed(call: CallState, utt: Utterance, err: Error): void {
    if (utt.done) return
    utt.done = true
    if (call.open === utt) call.open = undefined
    const row = this.deps.store.segments.fail(utt.segmentId, err.message)
    if (row) this.deps.emit('segment', toSegmentDto(row))
    call.unfinished.delete(utt.segmentId)
    this.doneIfSettled(call)
  }

  /** Puts the call's final-tier job in line, if it has work and is not there yet. */
  private scheduleFinal(call: CallState): void {
    if (call.finalQueued || !call.finalsDue.length) return
    call.finalQueued = true
    const { queue } = this.deps
    // Ran or failed, not stopped (a stopped job goes back in line and runs the same utterance again).
    const settled = (utt: Utterance | undefined) => {
      const i = utt ? call.finalsDue.indexOf(utt) : -1
      if (i >= 0) call.finalsDue.splice(i, 1)
      call.finalQueued = false
      this.scheduleFinal(call)
      this.doneIfSettled(call)
    }
    queue.schedule({
      lane: 'final',
      key: `final:${call.callId}`,
      canStart: () =>
        !call.active ||
        (!call.speaking() && this.now() - call.lastSpeechAt >= FINAL_TIER_QUIET_MS) ||
        (call.finalsDue.length > FINAL_BACKLOG && queue.hasBackgroundEngine),
      run: async (engine) => {
        const utt = call.finalsDue[0]
        if (utt) await this.decodeFinal(call, utt, engine)
        settled(utt)
      },
      // The live text stays; the utterance is simply not re-decoded.
      fail: () => settled(call.finalsDue[0]),
    })
  }

  /** One utterance, whole, at Whisper's full context: its text replaces the live one (a gated decode keeps the live words). */
  private async decodeFinal(call: CallState, utt: Utterance, engine: SpeechEngine): Promise<void> {
    const samples = await this.finalAudio(call, utt)
    if (!samples?.pcm.length) return
    const speechMs = speechIn(utt.spans, utt.startMs, utt.endMs)
    const result = await engine.transcribe(samples.pcm, { prompt: () => promptFrom(utt.turnPrompt), speechMs, tier: 'final', clipStartMs: samples.startMs })
    const verdict = gateDecode(wordsOf(result, samples.startMs, utt.startMs, utt.endMs), speechMs)
    const text = verdict.ok ? joinWords(verdict.words) : utt.liveText
    const row = this.deps.store.segments.setFinalText(utt.segmentId, text)
    if (row) this.deps.emit('segment', toSegmentDto(row))
  }

  private async finalAudio(call: CallState, utt: Utterance): Promise<{ pcm: Int16Array; startMs: number } | undefined> {
    const pad = { padBefore: true, padAfter: true }
    const live = this.clip(call.audio, utt.startMs, utt.endMs, pad)
    if (live || !call.recorded) return live
    // Gone from the rolling buffer (a long monologue kept the final tier behind): read it back from disk.
    const first = Math.max(0, msToSamples(utt.startMs - UTTERANCE_PAD_MS))
    const samples = await call.recorded(first, msToSamples(utt.endMs + UTTERANCE_PAD_MS))
    return this.clip({ samples, startSample: first }, utt.startMs, utt.endMs, pad)
  }

  /** The audio of [from, to], padded at ends that are not cuts; undefined once the buffer no longer holds it. */
  private clip(audio: CallAudio, from: number, to: number, pad: { padBefore: boolean; padAfter: boolean }) {
    const startMs = Math.max(0, from - (pad.padBefore ? UTTERANCE_PAD_MS : 0))
    if (msToSamples(from) < audio.startSample) return undefined
    const pcm = utteranceAudio(audio.samples, audio.startSample, { startMs: from, endMs: to, cutBefore: !pad.padBefore, cutAfter: !pad.padAfter })
    return { pcm, startMs: Math.max(startMs, Math.round((audio.startSample * 1000) / 16_000)) }
  }
}

const endsAtPause = (span: SpeechSpan): boolean => {
  const s = span as SpeechSpan & { endsAtPause?: boolean }
  return s.endsAtPause ?? !s.cutAfter
}

const joinText = (a: string, b: string) => [a, b].filter((t) => t.trim()).join(' ')
/** A turn's prompt once an utterance's text joins it (live, and when a restart replays the call's turns). */
const withTurnText = (turn: string, text: string) => promptFrom(joinText(turn, text), 400)

/** How much voice the VAD heard in [from, to] (ms): its per-frame probabilities where the segmenter gives them. */
export function speechIn(spans: readonly SpeechSpan[], from: number, to: number): number {
  let ms = 0
  for (const span of spans) {
    const s = span as SpeechSpan & { speechProb?: Float32Array }
    if (s.speechProb && s.speechProb.length) {
      const frameMs = (span.endMs - span.startMs) / s.speechProb.length
      s.speechProb.forEach((p, i) => {
        const a = span.startMs + i * frameMs
        ms += p * Math.max(0, Math.min(to, a + frameMs) - Math.max(from, a))
      })
    } else {
      ms += Math.max(0, Math.min(to, span.endMs) - Math.max(from, span.startMs))
    }
  }
  return ms
}

/**
 * Whisper's tokens as call-timed words: a token starting with a space starts a
 * word; a word's probability is its least likely token's. Without usable token
 * times (an engine that gives none) the words are spread over the window by
 * their length.
 */
export function wordsOf(result: Pick<TranscribeResult, 'text' | 'tokens'>, clipStartMs: number, from: number, to: number): DecodedWord[] {
  const words: Array<{ text: string; p: number; fromMs: number; toMs: number }> = []
  for (const t of result.tokens ?? []) {
    const last = words[words.length - 1]
    if (!last || /^\s/.test(t.text)) words.push({ text: t.text.trim(), p: t.p, fromMs: t.fromMs, toMs: t.toMs })
    else {
      last.text += t.text
      last.p = Math.min(last.p, t.p)
      last.toMs = Math.max(last.toMs, t.toMs)
    }
  }
  const timed = words.length > 0 && words.some((w) => w.toMs > 0) && words.every((w, i) => i === 0 || w.fromMs >= words[i - 1]!.fromMs)
  if (timed) {
    return words
      .filter((w) => w.text)
      .map((w) => ({ text: w.text, p: w.p, startMs: clipStartMs + w.fromMs, endMs: Math.max(clipStartMs + w.fromMs, clipStartMs + w.toMs) }))
  }
  const texts = words.length ? words.map((w) => ({ text: w.text, p: w.p })) : result.text.split(/\s+/).filter(Boolean).map((text) => ({ text, p: 1 }))
  const chars = texts.reduce((n, w) => n + w.text.length + 1, 0)
  let t = from
  return texts
    .filter((w) => w.text)
    .map((w) => {
      const len = ((w.text.length + 1) / chars) * (to - from)
      const word = { text: w.text, p: w.p, startMs: Math.round(t), endMs: Math.round(t + len) }
      t += len
      return word
    })
}
