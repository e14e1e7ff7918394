/**
 * One call's recording: PCM frames from the renderer are appended to the call's
 * WAV (flushed every 250 ms, so a crash loses at most that much), fed to the
 * speech segmenter, and every closed utterance is stored as a pending segment
 * before it is queued for transcription — nothing said is ever only in memory.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { CallKind, CallSummary, Segment } from '../../contract/ipc-contract'
import { bytesToSamples, SAMPLE_RATE } from '../audio/pcm'
import { MAX_DECODE_MS, utteranceAudio, utterancesOf } from '../audio/utterance-audio'
import { SpeechSegmenter, segmentSamples, warmUpVad, type SegmenterOptions, type SpeechSpan } from '../audio/speech-segmenter'
import { readCallAudio, readCallAudioRange, repairWavHeader, WavWriter } from '../audio/wav-file'
import type { Emit } from '../../contract/emit'
import { toCallSummaryDto, toSegmentDto, type Store } from '../store'
import { AppError, conflict, notFound } from '../errors'
import type { TranscriptionQueue } from '../transcription/transcription-queue'
import { RollingAudio } from './rolling-audio'
import { LiveTranscriber, type LiveTranscriberDeps } from '../live/live-transcriber'

export const FLUSH_INTERVAL_MS = 250

export interface RecordingServiceDeps {
  store: Store
  recordingsDir: string
  queue: TranscriptionQueue
  emit: Emit
  now?: () => number
  segmenter?: Partial<SegmenterOptions>
  /** The open utterance has more committed words (the live coach peeks at them). */
  onCommitted?: LiveTranscriberDeps['onCommitted']
  /** bench:live timing of each utterance's live text. */
  onLiveText?: LiveTranscriberDeps['onLiveText']
  /** A stopped call has nothing left to decode (the live coach drops its session then). */
  onCallDone?: LiveTranscriberDeps['onCallDone']
}

interface ActiveRecording {
  callId: string
  kind: CallKind
  startedAt: number
  writer: WavWriter
  segmenter: SpeechSegmenter
  audio: RollingAudio
  lastSeq: number
  timer: NodeJS.Timeout
  /** Gives back synchronous=FULL (held while the call records: its rows must survive a power loss). */
  releaseSync: () => void
}

export class RecordingService {
  private active: ActiveRecording | undefined
  /** Set while start() awaits the file, so a second start cannot slip in. */
  private starting = false
  private readonly now: () => number
  /** Spans → utterances → live text, then the final tier. */
  readonly live: LiveTranscriber

  constructor(private readonly deps: RecordingServiceDeps) {
    this.now = deps.now ?? Date.now
    this.live = new LiveTranscriber({
      store: deps.store,
      emit: deps.emit,
      queue: deps.queue,
      onCommitted: deps.onCommitted,
      onLiveText: deps.onLiveText,
      onCallDone: deps.onCallDone,
    })
    fs.mkdirSync(deps.recordingsDir, { recursive: true, mode: 0o700 })
  }

  /**
   * Makes the VAD's ONNX session (~0.3 s, blocking) before the first call, so its first frames do not pay
   * for it. Called once the window has loaded, not while the app starts (it would hold the window back).
   */
  warmUp(): void {
    warmUpVad(this.deps.segmenter?.vad)
  }

  get activeCallId(): string | undefined {
    return this.active?.callId
  }

  /** The call recording now, for a page that reloaded mid-call: it resumes sending frames from nextSeq. */
  activeCall(): { callId: string; kind: CallKind; startedAt: number; nextSeq: number } | null {
    const rec = this.active
    return rec ? { callId: rec.callId, kind: rec.kind, startedAt: rec.startedAt, nextSeq: rec.lastSeq + 1 } : null
  }

  async start(input: { kind: CallKind; deviceLabel?: string; prospectId?: string }): Promise<{ callId: string; startedAt: number }> {
    if (input.prospectId && !this.deps.store.prospects.get(input.prospectId)) throw notFound('That prospect')
    if (this.active || this.starting) throw conflict('A call is already recording. Stop it before starting another.')
    const callId = randomUUID()
    const fileName = `${callId}.wav`
    this.starting = true
    const releaseSync = this.deps.store.holdFullSync()
    let writer: WavWriter
    const startedAt = this.now()
    try {
      writer = await WavWriter.create(path.join(this.deps.recordingsDir, fileName))
      this.deps.store.calls.create({
        id: callId,
        kind: input.kind,
        audioPath: fileName,
        sampleRate: SAMPLE_RATE,
        deviceLabel: input.deviceLabel ?? null,
        prospectId: input.prospectId ?? null,
        startedAt,
      })
    } catch (error) {
      releaseSync()
      throw error
    } finally {
      this.starting = false
    }
    // A failed flush is kept by the writer and reported by the next append and by stop.
    const timer = setInterval(() => void writer.flush().catch(() => undefined), FLUSH_INTERVAL_MS)
    this.active = {
      callId,
      kind: input.kind,
      startedAt,
      writer,
      segmenter: new SpeechSegmenter(this.deps.segmenter),
      // Enough for the final tier to re-decode a turn while the call goes on (2 minutes: 3.8 MB).
      audio: new RollingAudio(120_000),
      lastSeq: -1,
      timer,
      releaseSync,
    }
    const active = this.active
    // The final tier reads back from disk what the rolling buffer let go (flushed every 250 ms, during the call and after it).
    this.live.startCall(callId, active.audio, () => active.segmenter.speaking, (from, to) => readCallAudioRange(writer.path, from, to))
    this.emitCall(callId)
    return { callId, startedAt }
  }

  pushAudio(input: { callId: string; seq: number; pcm: Uint8Array }): { acceptedBytes: number } {
    const rec = this.requireActive(input.callId)
    // The renderer retries nothing, but a frame delivered twice must not be written twice.
    if (input.seq <= rec.lastSeq) return { acceptedBytes: 0 }
    rec.lastSeq = input.seq
    rec.writer.append(input.pcm)
    const samples = bytesToSamples(input.pcm)
    rec.audio.append(samples)
    for (const span of rec.segmenter.push(samples)) this.closeSpan(rec, span)
    this.live.onAudio(rec.callId)
    return { acceptedBytes: input.pcm.byteLength }
  }

  /** A typed line joins the call's transcript at this moment, exactly like a spoken segment. */
  addPracticeLine(callId: string, text: string): Segment {
    const rec = this.requireActive(callId)
    const atMs = Math.max(0, this.now() - rec.startedAt)
    const segment = toSegmentDto(this.deps.store.segments.addTyped({ callId, startMs: atMs, endMs: atMs, text }))
    this.deps.emit('segment', segment)
    return segment
  }

  async stop(callId: string): Promise<CallSummary> {
    const rec = this.requireActive(callId)
    this.active = undefined
    clearInterval(rec.timer)
    for (const span of rec.segmenter.flush()) this.closeSpan(rec, span)
    this.live.stopCall(callId)
    try {
      const { durationMs } = await rec.writer.close()
      this.deps.store.calls.finish(callId, { endedAt: this.now(), durationMs, status: 'completed' })
    } catch (err) {
      // Disk full or gone: keep what reached the disk, and say so.
      const { durationMs } = repairWavHeader(rec.writer.path)
      this.deps.store.calls.finish(callId, { endedAt: this.now(), durationMs, status: 'failed' })
      this.emitCall(callId)
      throw new AppError('internal', `${(err as Error).message}. The audio up to ${Math.round(durationMs / 1000)} s was kept.`)
    } finally {
      rec.releaseSync()
    }
    return this.emitCall(callId)
  }

  /** Ends the active call cleanly (app quitting). */
  async shutdown(): Promise<void> {
    if (this.active) await this.stop(this.active.callId)
  }

  /**
   * Calls left 'recording' by a crash: repair the WAV so it plays up to the last
   * flush, mark the call interrupted, and re-queue segments that never got text.
   */
  async recoverInterrupted(): Promise<string[]> {
    const { store } = this.deps
    const recovered: string[] = []
    // Each recovered WAV is read once, then reused to re-queue its pending segments.
    const audio = new Map<string, Int16Array>()
    for (const call of store.calls.listByStatus('recording')) {
      if (call.id === this.active?.callId) continue
      const file = this.audioPathFor(call.id)
      let durationMs = 0
      if (file && fs.existsSync(file)) {
        durationMs = repairWavHeader(file).durationMs
        audio.set(call.id, await this.recoverUnclosedSpeech(call.id, file))
      }
      store.calls.markInterrupted(call.id, { endedAt: call.startedAt + durationMs, durationMs })
      recovered.push(call.id)
      this.emitCall(call.id)
    }
    await this.requeuePending(audio)
    return recovered
  }

  /**
   * Speech after the last stored segment was still open in the segmenter at the
   * crash: segment it from the WAV as the live path stores it, one segment per
   * utterance (spans joined where the segmenter cut running speech). An
   * utterance open at the crash (stored pending up to its last closed piece)
   * grows over the rest of it instead of gaining a second segment.
   */
  private async recoverUnclosedSpeech(callId: string, file: string): Promise<Int16Array> {
    const { store } = this.deps
    const stored = store.segments.listForCall(callId)
    const lastEnd = stored.reduce((end, s) => Math.max(end, s.endMs), 0)
    const open = stored.find((s) => s.source === 'speech' && s.status === 'pending' && s.endMs === lastEnd)
    const samples = await readCallAudio(file)
    // Only the call's last minutes are segmented (segmentSamples starts a little before lastEnd).
    for (const spans of utterancesOf(segmentSamples(samples, this.deps.segmenter, lastEnd))) {
      const first = spans[0]!
      const endMs = spans[spans.length - 1]!.endMs
      const continuesOpen = open && first.cutBefore && first.startMs === open.endMs && endMs - open.startMs <= MAX_DECODE_MS
      if (continuesOpen) store.segments.updateOpen(open.id, { endMs, text: open.text })
      else store.segments.insertPending({ callId, startMs: first.startMs, endMs, source: 'speech' })
    }
    return samples
  }

  private async requeuePending(audio: Map<string, Int16Array>): Promise<void> {
    const { store } = this.deps
    const byCall = new Map<string, ReturnType<Store['segments']['listPending']>>()
    for (const seg of store.segments.listPending()) {
      if (seg.callId === this.active?.callId) continue
      byCall.set(seg.callId, [...(byCall.get(seg.callId) ?? []), seg])
    }
    for (const [callId, segments] of byCall) {
      const file = this.audioPathFor(callId)
      const samples = audio.get(callId) ?? (file && fs.existsSync(file) ? await readCallAudio(file) : undefined)
      if (!samples) {
        for (const seg of segments) store.segments.fail(seg.id, 'The recording for this segment is missing')
        this.deps.onCallDone?.(callId)
        continue
      }
      // Pieces cut out of running speech touch their neighbour; those ends get no padding.
      const spoken = store.segments.listForCall(callId).filter((s) => s.source === 'speech')
      // A recovered call is done once its last segment is settled (as the live transcriber says for a stopped one).
      let left = segments.length
      const onSettled = () => --left === 0 && this.deps.onCallDone?.(callId)
      for (const seg of segments) {
        const cutBefore = spoken.some((o) => o.id !== seg.id && o.endMs === seg.startMs)
        const cutAfter = spoken.some((o) => o.id !== seg.id && o.startMs === seg.endMs)
        this.deps.queue.enqueue({ segmentId: seg.id, pcm: utteranceAudio(samples, 0, { ...seg, cutBefore, cutAfter }), onSettled })
      }
    }
  }

  /**
   * Utterances of finished calls whose final tier never ran (the app quit or
   * crashed while it was behind) are decoded again, from their recordings.
   * `prepare` runs for each such call first: the live coach rebuilds its
   * session then, so each final text replays the call as it did during it.
   */
  resumeFinalTiers(prepare?: (callId: string) => void): string[] {
    const { store } = this.deps
    const byCall = new Map<string, Set<number>>()
    for (const seg of store.segments.listFinalDue()) {
      if (seg.callId === this.active?.callId) continue
      byCall.set(seg.callId, (byCall.get(seg.callId) ?? new Set<number>()).add(seg.id))
    }
    for (const [callId, due] of byCall) {
      const file = this.audioPathFor(callId)
      if (!file || !fs.existsSync(file)) {
        // Nothing to decode from: the live text is the transcript.
        for (const id of due) store.segments.clearFinalDue(id)
        continue
      }
      prepare?.(callId)
      this.live.resumeFinalTier(callId, store.segments.listForCall(callId), due, (from, to) => readCallAudioRange(file, from, to))
    }
    return [...byCall.keys()]
  }

  audioPathFor(callId: string): string | undefined {
    const call = this.deps.store.calls.get(callId)
    return call?.audioPath ? path.join(this.deps.recordingsDir, call.audioPath) : undefined
  }

  private closeSpan(rec: ActiveRecording, span: SpeechSpan): void {
    this.live.onSpan(rec.callId, span)
  }

  private requireActive(callId: string): ActiveRecording {
    if (this.active?.callId === callId) return this.active
    if (!this.deps.store.calls.get(callId)) throw notFound(`Call ${callId}`)
    throw this.active ? conflict('Another call is recording.') : new AppError('conflict', 'This call is not recording any more.')
  }

  private emitCall(callId: string): CallSummary {
    const summary = this.deps.store.calls.getSummary(callId)
    if (!summary) throw notFound(`Call ${callId}`)
    const dto = toCallSummaryDto(summary)
    this.deps.emit('callState', dto)
    return dto
  }
}
