/**
 * The speech engine as main sees it: a model kept loaded in a separate process,
 * a FIFO of transcription jobs, a cancel that really stops the work (ends the
 * process), and a drop that keeps the model loaded (the process finishes the
 * job and its answer is thrown away).
 */
import { fork } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EngineReply, EngineRequest, EngineToken } from './engine-protocol'
import { inspectModelFile } from './model-file'

/** A running engine process, whichever API started it (Node fork or Electron utilityProcess). */
export interface EngineChannel {
  send(msg: EngineRequest): void
  onMessage(cb: (msg: EngineReply) => void): void
  onExit(cb: (code: number | null) => void): void
  kill(): void
  /** The process id, where the API gives one (tests read the process's threads by it). */
  readonly pid?: number
}
export type EngineLauncher = () => EngineChannel

const here = path.dirname(fileURLToPath(import.meta.url))

/** Starts engine-process with plain Node: the compiled .js next to this file, or the .ts source through tsx. */
export const nodeEngineLauncher: EngineLauncher = () => {
  const fromSource = import.meta.url.endsWith('.ts')
  const entry = path.join(here, fromSource ? 'engine-process.ts' : 'engine-process.js')
  const child = fork(entry, [], {
    serialization: 'advanced',
    execArgv: fromSource ? ['--import', 'tsx'] : [],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  })
  // whisper.cpp logs model details to stderr; keep them out of the app's output but readable when debugging.
  child.stderr?.on('data', (d: Buffer) => {
    if (process.env.CALLDESK_DEBUG_ENGINE) process.stderr.write(d)
  })
  return {
    send: (msg) => child.send(msg),
    onMessage: (cb) => child.on('message', (m) => cb(m as EngineReply)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => child.kill('SIGKILL'),
    pid: child.pid,
  }
}

export class TranscriptionCancelled extends Error {
  constructor() {
    super('Transcription was cancelled')
    this.name = 'TranscriptionCancelled'
  }
}

export class EngineError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'EngineError'
  }
}

export interface TranscribeResult {
  text: string
  /** Text tokens with their probability and times in the clip. */
  tokens: EngineToken[]
  /** Time the engine itself spent, ms. */
  engineMs: number
  /** Time this job waited for the engine (earlier jobs, model load), ms. */
  waitMs: number
  /** Threads whisper.cpp used, the engine process's CPU time for the job (ms), and the cores left idle meanwhile (benchmarks). */
  threads?: number
  cpuMs?: number
  idleCores?: number
}

export interface SpeechEngineOptions {
  modelPath: string
  threads?: number
  launcher?: EngineLauncher
  /** The background engine: its process runs at the lowest CPU priority (engine-host.ts says why). */
  background?: boolean
}

/** What one transcription asks of whisper.cpp besides the audio. */
export interface TranscribeOptions {
  /**
   * Earlier words, which help Whisper with a short utterance. A function is
   * called when the job reaches the engine, so the prompt holds every word
   * committed while it waited.
   */
  prompt?: string | (() => string)
  /** How long the voice in `pcm` lasts, which bounds how much text it can hold. */
  speechMs?: number
  /** 'live' (default) or 'final' decode settings (decode-params.ts). */
  tier?: 'live' | 'final'
  /** Overrides for benchmarks: encoder frames and token cap. */
  audioCtx?: number
  maxTokens?: number
  threads?: number
  /** Where the clip starts in the call, ms (logs, and bench:live's oracle harness). */
  clipStartMs?: number
  /** Called when whisper.cpp begins this job in the engine process (after any wait). */
  onStart?: () => void
}

type Job = {
  id: number
  pcm: Int16Array
  opts: TranscribeOptions
  queuedAt: number
  sentAt?: number
  resolve: (r: TranscribeResult) => void
  reject: (e: Error) => void
}

/**
 * Transcription is bursty (a second or so after each utterance) and the
 * prompt waits on it, so on small machines it gets every core; the recorder
 * and UI need only milliseconds between bursts. On larger machines one core
 * stays free, and past 8 threads whisper.cpp stops scaling.
 */
export const defaultThreads = () => {
  const cores = os.availableParallelism()
  return Math.max(1, Math.min(8, cores <= 4 ? cores : cores - 1))
}

/**
 * Engines paused right now. A stopped process cannot notice that main is gone
 * (it would stay behind, stopped, after main exits), so whenever main exits
 * they are let go first and then end themselves when their channel closes.
 */
const pausedEngines = new Set<{ resume(): void }>()
process.on('exit', () => {
  for (const engine of pausedEngines) engine.resume()
})

export class SpeechEngine {
  readonly modelPath: string
  readonly threads: number
  readonly background: boolean
  /** The engine process's CPU priority as it reported after loading (undefined before). */
  nice: number | undefined
  private readonly launcher: EngineLauncher
  private channel: EngineChannel | undefined
  private ready: Promise<void> | undefined
  private readonly queue: Job[] = []
  private running: Job | undefined
  /**
   * A job already answered by `dropRunning` that the engine process is still
   * working on; the next job is sent once it answers, so that job's prompt is
   * read when whisper.cpp really starts on it.
   */
  private dropped: number | undefined
  private nextId = 1
  /** Bumped by every cancel, so a load still checking the model file knows it was cut short. */
  private generation = 0
  private disposed = false

  constructor(options: SpeechEngineOptions) {
    this.modelPath = options.modelPath
    this.threads = options.threads ?? defaultThreads()
    this.background = options.background ?? false
    this.launcher = options.launcher ?? nodeEngineLauncher
  }

  /** Jobs waiting or running. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0)
  }

  /**
   * Loads the model (once; later calls share the same promise). The file is
   * checked first, so a missing, truncated or foreign file fails with a message
   * naming it instead of whisper.cpp's generic "failed to initialize".
   */
  load(): Promise<void> {
    if (this.disposed) return Promise.reject(new EngineError('The speech engine was shut down'))
    if (!this.ready) {
      const ready: Promise<void> = this.start().catch((err) => {
        // A later load may already have replaced this one (after a cancel); leave that one alone.
        if (this.ready === ready) this.ready = undefined
        throw err
      })
      this.ready = ready
    }
    return this.ready
  }

  private async start(): Promise<void> {
    const generation = this.generation
    await inspectModelFile(this.modelPath)
    // A cancel during the file check ended this load: starting a process now would leave it running unowned.
    if (generation !== this.generation) throw new TranscriptionCancelled()
    const channel = this.launcher()
    this.channel = channel
    if (this.suspended) this.signal('SIGSTOP')
    await new Promise<void>((resolve, reject) => {
      channel.onMessage((msg) => {
        if (msg.type === 'loaded') {
          this.nice = msg.nice
          resolve()
        }
        else if (msg.type === 'load-failed')
          reject(new EngineError(`whisper.cpp could not load ${this.modelPath}: ${msg.message}. Choose another model file or download the default one.`))
        else this.settle(msg)
      })
      channel.onExit((code) => {
        const err = new EngineError(`The speech engine stopped unexpectedly (exit code ${code})`)
        reject(err) // no-op once loaded; ends a load that a cancel cut short
        if (this.channel !== channel) return
        this.channel = undefined
        this.ready = undefined
        this.running?.reject(err)
        this.running = undefined
        this.dropped = undefined
        // Queued jobs get a fresh process.
        if (this.queue.length && !this.disposed) void this.pump()
      })
      channel.send({ type: 'load', modelPath: this.modelPath, threads: this.threads, background: this.background || undefined })
    })
  }

  transcribe(pcm: Int16Array, opts: TranscribeOptions = {}): Promise<TranscribeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, pcm, opts, queuedAt: performance.now(), resolve, reject })
      void this.pump()
    })
  }

  private async pump(): Promise<void> {
    if (this.running || this.dropped !== undefined || this.disposed) return
    const job = this.queue.shift()
    if (!job) return
    this.running = job
    try {
      await this.load()
    } catch (err) {
      if (this.running !== job) return // cancelled while loading: the cancel already answered it
      this.running = undefined
      job.reject(err as Error)
      for (const j of this.queue.splice(0)) j.reject(err as Error)
      return
    }
    if (this.running !== job || !this.channel) return
    job.sentAt = performance.now()
    const { prompt, speechMs, tier, audioCtx, maxTokens, threads, clipStartMs } = job.opts
    this.channel.send({
      type: 'transcribe',
      id: job.id,
      pcm: job.pcm,
      prompt: typeof prompt === 'function' ? prompt() : prompt,
      speechMs,
      tier,
      audioCtx,
      maxTokens,
      threads,
      clipStartMs,
    })
  }

  private settle(msg: EngineReply): void {
    if ((msg.type === 'result' || msg.type === 'failed') && msg.id === this.dropped) {
      this.dropped = undefined
      void this.pump()
      return
    }
    if (msg.type === 'started') {
      if (msg.id === this.running?.id) this.running.opts.onStart?.()
      return
    }
    if ((msg.type !== 'result' && msg.type !== 'failed') || msg.id !== this.running?.id) return
    const job = this.running
    this.running = undefined
    if (msg.type === 'result') job.resolve({ text: msg.text, tokens: msg.tokens ?? [], engineMs: msg.ms, waitMs: (job.sentAt ?? job.queuedAt) - job.queuedAt, threads: msg.threads, cpuMs: msg.cpuMs, idleCores: msg.idleCores })
    else job.reject(new EngineError(`Transcription failed: ${msg.message}`))
    void this.pump()
  }

  /**
   * Answers the running job at once with TranscriptionCancelled, but keeps the
   * engine process and its model: whisper.cpp cannot be interrupted (the addon
   * exposes no abort_callback), so the process finishes the job and its result
   * is dropped, and queued jobs follow it. For short jobs (a live decode),
   * where reloading the model would cost more than the rest of the decode.
   */
  dropRunning(): void {
    const job = this.running
    if (!job) return
    this.running = undefined
    // Not sent yet (still loading): nothing runs in the process for it.
    if (job.sentAt !== undefined && this.channel) this.dropped = job.id
    job.reject(new TranscriptionCancelled())
    void this.pump()
  }

  /**
   * Cancels every queued job and the running one. The running one is stopped by
   * ending the engine process; the model is reloaded on the next request.
   */
  cancelAll(): void {
    for (const job of this.queue.splice(0)) job.reject(new TranscriptionCancelled())
    const running = this.running
    if (running) {
      this.running = undefined
      this.killProcess()
      running.reject(new TranscriptionCancelled())
    }
  }

  /** The engine process's id while it runs (tests). */
  get pid(): number | undefined {
    return this.channel?.pid
  }

  /**
   * Pauses the engine process (SIGSTOP) until `resume`: for the background
   * engine while the foreground one decodes. A lower priority alone is not
   * enough: measured on 2 cores, a foreground decode beside a busy background
   * one at nice 19 took 702 ms instead of 510 (its threads lose slices and
   * wait for each other). Not on Windows (no such signal there): the priority
   * is all it gets. A process started while paused is paused once launched.
   */
  suspend(): void {
    if (this.suspended) return
    this.suspended = true
    pausedEngines.add(this)
    this.signal('SIGSTOP')
  }

  resume(): void {
    if (!this.suspended) return
    this.suspended = false
    pausedEngines.delete(this)
    this.signal('SIGCONT')
  }

  private suspended = false

  private signal(sig: 'SIGSTOP' | 'SIGCONT'): void {
    const pid = this.channel?.pid
    if (pid === undefined || process.platform === 'win32') return
    try {
      process.kill(pid, sig)
    } catch {
      // the process has just ended: the next job starts a fresh one
    }
  }

  private killProcess(): void {
    this.generation++
    const channel = this.channel
    this.channel = undefined
    this.ready = undefined
    this.dropped = undefined
    channel?.kill()
  }

  async dispose(): Promise<void> {
    this.disposed = true
    pausedEngines.delete(this)
    this.cancelAll()
    this.killProcess()
  }
}
