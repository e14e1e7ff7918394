/**
 * Turns closed speech segments into text: hands their audio to the engine in
 * order, stores the text on the segment row, and tells the UI. A failure marks
 * the segment failed with the reason; the audio stays in the call's WAV.
 */
import type { Emit } from '../core/events'
import type { Store } from '../store'
import { toSegmentDto } from '../core/dto'
import { promptFrom } from './decode-params'
import { TranscriptionCancelled, type SpeechEngine } from './speech-engine'

export interface TranscriptionJob {
  segmentId: number
  pcm: Int16Array
}

export interface TranscriptionQueueDeps {
  store: Store
  emit: Emit
  /** Resolves the engine for the configured model; rejects with a user-facing reason when there is none. */
  getEngine: () => Promise<SpeechEngine>
  /** Per segment, for latency benchmarks: whisper.cpp's own time, enqueue to stored text, and the wait for the engine. */
  onTranscribed?: (segmentId: number, engineMs: number, queuedToStoredMs: number, waitMs: number) => void
}

export class TranscriptionQueue {
  private inFlight = 0
  private idleWaiters: Array<() => void> = []
  private lastError: string | null = null
  /** The latest words of recent calls, the prompt for their next utterance (segments run in order). */
  private readonly context = new Map<string, string>()

  constructor(private readonly deps: TranscriptionQueueDeps) {}

  get pending(): number {
    return this.inFlight
  }

  enqueue(job: TranscriptionJob): void {
    this.inFlight++
    this.emitState('transcribing')
    void this.run(job).finally(() => {
      this.inFlight--
      if (this.inFlight === 0) {
        this.emitState(this.lastError ? 'error' : 'ready')
        for (const resolve of this.idleWaiters.splice(0)) resolve()
      } else {
        this.emitState('transcribing')
      }
    })
  }

  /** Resolves once every queued segment has its text (or its failure). */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  private async run(job: TranscriptionJob): Promise<void> {
    const { store, emit } = this.deps
    const queuedAt = performance.now()
    try {
      const engine = await this.deps.getEngine()
      const segment = store.segments.get(job.segmentId)
      const callId = segment?.callId
      const prompt = callId ? this.context.get(callId) : undefined
      const speechMs = segment ? segment.endMs - segment.startMs : undefined
      const { text, engineMs, waitMs } = await engine.transcribe(job.pcm, { prompt, speechMs })
      store.segments.complete(job.segmentId, text)
      if (callId) this.remember(callId, text)
      this.deps.onTranscribed?.(job.segmentId, engineMs, performance.now() - queuedAt, waitMs)
      this.lastError = null
    } catch (err) {
      if (err instanceof TranscriptionCancelled) return
      const message = err instanceof Error ? err.message : String(err)
      this.lastError = message
      store.segments.fail(job.segmentId, message)
    }
    const row = store.segments.get(job.segmentId)
    if (row) emit('segment', toSegmentDto(row))
  }

  private remember(callId: string, text: string): void {
    const joined = promptFrom(`${this.context.get(callId) ?? ''} ${text}`)
    this.context.delete(callId) // re-insert: the map's order is recency
    this.context.set(callId, joined)
    // Only calls still being transcribed need their context; keep a few.
    while (this.context.size > 4) this.context.delete(this.context.keys().next().value!)
  }

  private emitState(state: 'ready' | 'transcribing' | 'error'): void {
    this.deps.emit('engineState', { state, message: state === 'error' ? this.lastError : null, queued: this.inFlight })
  }
}
