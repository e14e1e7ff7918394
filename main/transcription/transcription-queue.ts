/**
 * The work in front of the speech engines. whisper.cpp runs one job at a time
 * per process and cannot be interrupted mid-run, so which job goes where, and
 * next, matters:
 * - an utterance's end decode (`urgent`: the prompt waits for it) runs on the
 *   foreground engine, which runs nothing else, so it never waits for a
 *   provisional or final-tier decode; the background engine is paused while it
 *   runs, so it does not slow it either;
 * - other 'live' jobs (provisional decodes of the utterance the rep is saying)
 *   run on the background engine, before any final job; a job keyed like one
 *   already waiting is dropped, since live jobs read their audio and prompt
 *   when they start (the waiting one will hear everything the dropped one
 *   would have), so the line stays short however long the rep talks;
 * - 'final' jobs (the full-context transcript of finished turns) run on the
 *   background engine when no live job waits for it and their `canStart` says
 *   the rep is quiet (the buyer's turn, or the call is over). The background
 *   engine has the lowest CPU priority, so a final job running while the rep
 *   talks again slows no end decode and is left to finish (provisional
 *   decodes wait for it: early prompts for that utterance come later, its
 *   end-of-speech prompt does not). A live call keeps one final job in line
 *   and its backlog to itself (live-transcriber.ts), so the line stays short
 *   however long the rep talks;
 * - a decode that an utterance's end supersedes while it runs is dropped, not
 *   stopped: its process finishes it and keeps its model.
 *
 * With one engine for both roles (a model too big for two copies, see
 * engine-host.ts) the queue is one line: live jobs first, and a final job
 * running when the rep starts talking again is stopped (ending the engine
 * process is the only stop; it reloads while the first piece is still being
 * spoken) and goes back in line.
 *
 * Segments recovered after a crash come in through `enqueue` as final jobs.
 */
import type { Emit } from '../../contract/emit'
import { toSegmentDto, type Store } from '../store'
import { promptFrom } from './decode-params'
import { TranscriptionCancelled, type SpeechEngine } from './speech-engine'

export interface TranscriptionJob {
  segmentId: number
  pcm: Int16Array
  /** Once its text (or its failure) is stored; not when a cancel puts it back in line. */
  onSettled?: () => void
}

export type Lane = 'live' | 'final'
export type EngineRole = 'foreground' | 'background'

export interface EngineJob {
  lane: Lane
  /** Live only: the rep is waiting for this one (an utterance's end decode); it gets the foreground engine. */
  urgent?: boolean
  /** Jobs with the same key are one job: a second one queued while the first waits is dropped. */
  key?: string
  /** Final jobs only: whether it may start now (checked again on every `poke`). */
  canStart?: () => boolean
  run(engine: SpeechEngine): Promise<void>
  /** The engine could not be had, or failed this job (not for a cancel). */
  fail?(err: Error): void
}

export interface TranscriptionQueueDeps {
  store: Store
  emit: Emit
  /** Resolves the engine of a role for the configured model; rejects with a user-facing reason when there is none. */
  getEngine: (role: EngineRole) => Promise<SpeechEngine>
  /** Whether the background role has its own engine; without it (the default) the queue keeps one line. */
  separateBackground?: () => boolean
  /** Pause (true) or resume the background engine: it is paused while the foreground one runs a job. */
  holdBackground?: (held: boolean) => void
  /** Per segment, for latency benchmarks: whisper.cpp's own time, enqueue to stored text, and the wait for the engine. */
  onTranscribed?: (segmentId: number, engineMs: number, queuedToStoredMs: number, waitMs: number) => void
}

interface Slot {
  role: EngineRole
  running: EngineJob | undefined
  engine: SpeechEngine | undefined
}

export class TranscriptionQueue {
  private readonly waiting: EngineJob[] = []
  private readonly slots: Record<EngineRole, Slot> = {
    foreground: { role: 'foreground', running: undefined, engine: undefined },
    background: { role: 'background', running: undefined, engine: undefined },
  }
  private idleWaiters: Array<() => void> = []
  private lastError: string | null = null
  /** Most jobs waiting at once since start (bench:live reports it). */
  maxDepth = 0
  /** The final text of recovered segments of a call, the prompt for its next one. */
  private readonly context = new Map<string, string>()

  constructor(private readonly deps: TranscriptionQueueDeps) {}

  /** Jobs waiting or running. */
  get pending(): number {
    return this.waiting.length + this.runningCount()
  }

  private runningCount(): number {
    return (this.slots.foreground.running ? 1 : 0) + (this.slots.background.running ? 1 : 0)
  }

  private get dual(): boolean {
    return this.deps.separateBackground?.() ?? false
  }

  /** Whether final jobs have an engine of their own, which no end decode waits for. */
  get hasBackgroundEngine(): boolean {
    return this.dual
  }

  /** Jobs of one lane waiting (not running). */
  waitingIn(lane: Lane): number {
    return this.waiting.filter((j) => j.lane === lane).length
  }

  /** Queues a job; false when one with the same key already waits. */
  schedule(job: EngineJob): boolean {
    if (job.key && this.waiting.some((j) => j.key === job.key)) return false
    // Live jobs go before every final job, after earlier live ones.
    const at = job.lane === 'live' ? this.waiting.findIndex((j) => j.lane === 'final') : -1
    if (at >= 0) this.waiting.splice(at, 0, job)
    else this.waiting.push(job)
    this.maxDepth = Math.max(this.maxDepth, this.waiting.length)
    if (job.lane === 'live') this.preemptFinal()
    this.emitState('transcribing')
    this.pump()
    return true
  }

  /**
   * Drops a waiting job (an utterance's end supersedes its waiting provisional
   * decode); with `stopRunning`, also drops it if an engine is on it now: the
   * rep has stopped talking, and nothing should be done with a decode of a
   * window the end decode will hear anyway. The engine process keeps its model
   * and finishes that decode (in the background, or before the end decode with
   * one engine); ending the process instead would reload the model, seconds on
   * real weights.
   */
  unschedule(key: string, opts: { stopRunning?: boolean } = {}): void {
    const i = this.waiting.findIndex((j) => j.key === key)
    if (i >= 0) this.waiting.splice(i, 1)
    if (!opts.stopRunning) return
    for (const slot of Object.values(this.slots)) if (slot.running?.key === key && slot.engine) slot.engine.dropRunning()
  }

  /** Something a final job's `canStart` reads has changed: look again; a rep talking again stops a running final job. */
  poke(opts: { speaking?: boolean } = {}): void {
    if (opts.speaking) this.preemptFinal()
    this.pump()
  }

  /** A recovered segment: decoded whole at the final tier, its text stored. */
  enqueue(job: TranscriptionJob): void {
    const queuedAt = performance.now()
    const { store } = this.deps
    this.schedule({
      lane: 'final',
      run: async (engine) => {
        const segment = store.segments.get(job.segmentId)
        const callId = segment?.callId
        const speechMs = segment ? segment.endMs - segment.startMs : undefined
        const { text, engineMs, waitMs } = await engine.transcribe(job.pcm, {
          prompt: () => (callId ? (this.context.get(callId) ?? '') : ''),
          speechMs,
          tier: 'final',
        })
        store.segments.complete(job.segmentId, text, 'final')
        if (callId) this.remember(callId, text)
        this.deps.onTranscribed?.(job.segmentId, engineMs, performance.now() - queuedAt, waitMs)
        const row = store.segments.get(job.segmentId)
        if (row) this.deps.emit('segment', toSegmentDto(row))
        job.onSettled?.()
      },
      fail: (err) => {
        store.segments.fail(job.segmentId, err.message)
        const row = store.segments.get(job.segmentId)
        if (row) this.deps.emit('segment', toSegmentDto(row))
        job.onSettled?.()
      },
    })
  }

  /** Resolves once nothing waits or runs (final jobs whose `canStart` stays false count as waiting). */
  whenIdle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** The next job the slot may run, taken out of the line. */
  private next(slot: Slot): EngineJob | undefined {
    const startable = (j: EngineJob) => j.lane === 'live' || !j.canStart || j.canStart()
    let i: number
    if (!this.dual) {
      // One engine: one job at a time, on the foreground slot.
      if (slot.role !== 'foreground' || this.runningCount() > 0) return undefined
      i = this.waiting.findIndex(startable)
    } else if (slot.role === 'foreground') {
      // Urgent jobs only: then an end decode never waits for anything but an earlier end decode.
      i = this.waiting.findIndex((j) => j.lane === 'live' && j.urgent)
    } else {
      i = this.waiting.findIndex((j) => !j.urgent && startable(j))
    }
    return i >= 0 ? this.waiting.splice(i, 1)[0] : undefined
  }

  private pump(): void {
    // Foreground first: an urgent job must not be taken by anything else.
    for (const slot of [this.slots.foreground, this.slots.background]) {
      if (slot.running) continue
      const job = this.next(slot)
      if (!job) continue
      slot.running = job
      // The rep waits for the foreground's job: the background engine gives it the cores meanwhile.
      const hold = slot.role === 'foreground' && this.dual
      if (hold) this.deps.holdBackground?.(true)
      void this.execute(slot, job).finally(() => {
        slot.running = undefined
        slot.engine = undefined
        if (hold) this.deps.holdBackground?.(false)
        this.pump()
      })
    }
    if (this.waiting.length === 0 && this.runningCount() === 0) this.settleIdle()
  }

  private async execute(slot: Slot, job: EngineJob): Promise<void> {
    try {
      const engine = await this.deps.getEngine(slot.role)
      slot.engine = engine
      await job.run(engine)
      this.lastError = null
    } catch (err) {
      if (err instanceof TranscriptionCancelled) {
        // Stopped for the rep's voice, or its engine was replaced (a new model): a final job waits for its next
        // chance. A live one is not needed any more (an utterance's end superseded it) or failed with its engine.
        if (job.lane === 'final') this.waiting.push(job)
        return
      }
      const e = err instanceof Error ? err : new Error(String(err))
      this.lastError = e.message
      job.fail?.(e)
    }
  }

  /** One engine only: a final job in the way of live work is stopped (with two, the background one slows nothing). */
  private preemptFinal(): void {
    if (this.dual) return
    for (const slot of Object.values(this.slots)) {
      const job = slot.running
      if (!job || job.lane !== 'final' || !slot.engine) continue
      slot.engine.cancelAll()
    }
  }

  private settleIdle(): void {
    this.emitState(this.lastError ? 'error' : 'ready')
    for (const resolve of this.idleWaiters.splice(0)) resolve()
  }

  private remember(callId: string, text: string): void {
    const joined = promptFrom(`${this.context.get(callId) ?? ''} ${text}`)
    this.context.delete(callId) // re-insert: the map's order is recency
    this.context.set(callId, joined)
    while (this.context.size > 4) this.context.delete(this.context.keys().next().value!)
  }

  private emitState(state: 'ready' | 'transcribing' | 'error'): void {
    this.deps.emit('engineState', { state, message: state === 'error' ? this.lastError : null, queued: this.pending })
  }
}
