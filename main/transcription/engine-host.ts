/**
 * The speech engine and its model, in one place: which engine is loaded, the
 * model's status as the rep sees it, and installing a model (download or
 * import). The model manager holds the download in flight (the one record of
 * it); the host adds what the rep is told about the last one, swaps the engine
 * when the model changes and emits engineState, modelProgress and modelStatus.
 *
 * Two engines, one model: whisper.cpp cannot be interrupted, so one process
 * that is busy with a provisional decode (or a final-tier one) makes the
 * utterance's end decode — the one the prompt waits for — wait until it is
 * done. The foreground engine runs only what the rep is waiting for; the
 * background engine runs the rest at the lowest CPU priority, so while both
 * work the foreground gets the cores, and a superseded decode finishes in the
 * background without a model reload. Memory is the price (a second copy of
 * the model), so only models up to BACKGROUND_ENGINE_MAX_BYTES get one; with a
 * bigger model both roles share one engine and the queue keeps one line.
 */
import type { Emit } from '../../contract/emit'
import type { ModelStatus } from '../../contract/ipc-contract'
import { AppError, conflict } from '../errors'
import { ModelDownloadError } from './model-download'
import { MODEL_ENV_VAR, type ModelManager } from './model-manager'
import { SpeechEngine, type EngineLauncher } from './speech-engine'
import type { EngineRole } from './transcription-queue'

/** The catalog's models are 32–148 MB; a second copy of anything up to ~small.en (466 MB) is affordable. */
export const BACKGROUND_ENGINE_MAX_BYTES = 600 * 1024 * 1024

export interface EngineHostOptions {
  models: ModelManager
  /** The model file chosen in settings, if any. */
  modelSetting: () => string | undefined
  env: NodeJS.ProcessEnv
  emit: Emit
  /** Utterances waiting for the engine (reported while a new engine loads). */
  queued: () => number
  threads?: number
  launcher?: EngineLauncher
  /** Models up to this size get a background engine of their own (default BACKGROUND_ENGINE_MAX_BYTES). */
  backgroundMaxBytes?: number
}

const CANCELLED = 'The download was cancelled; starting it again resumes where it stopped.'

export class EngineHost {
  private engine: SpeechEngine | undefined
  /** The background engine for the same model file; undefined when the model is too big for two. */
  private backgroundEngine: SpeechEngine | undefined
  private engineChoice: string | undefined
  /** What went wrong with the last download, shown until a model is ready. */
  private downloadError: string | undefined

  constructor(private readonly opts: EngineHostOptions) {}

  get models(): ModelManager {
    return this.opts.models
  }

  /**
   * Whether the background role has an engine of its own (known once a model
   * was resolved; until then the queue keeps one line, which is always safe).
   */
  separateBackground(): boolean {
    return this.backgroundEngine !== undefined
  }

  /**
   * The engine for a role, kept loaded; a new model replaces both. Asking for
   * either starts loading the other too, so the first end decode of a call
   * does not pay a model load.
   */
  async engineFor(role: EngineRole = 'foreground'): Promise<SpeechEngine> {
    const foreground = await this.foreground()
    const background = this.backgroundEngine
    if (role === 'foreground') {
      if (background) void background.load().catch(() => undefined)
      await foreground.load()
      return foreground
    }
    void foreground.load().catch(() => undefined)
    const engine = background ?? foreground
    await engine.load()
    return engine
  }

  /** While the foreground engine decodes, the background one is paused (SpeechEngine.suspend says why). */
  holdBackground(held: boolean): void {
    if (held) this.backgroundEngine?.suspend()
    else this.backgroundEngine?.resume()
  }

  /** The foreground engine for the configured model (made, not yet loaded, when the choice changed). */
  private async foreground(): Promise<SpeechEngine> {
    // The file was checked when its engine was made. Checking it again for every
    // utterance reads the whole tensor table (40–120 ms) on the live path; only a
    // different choice (settings, env) or a download/import (reset) needs it.
    const choice = `${this.opts.modelSetting() ?? ''}\n${this.opts.env[MODEL_ENV_VAR] ?? ''}`
    if (this.engine && this.engineChoice === choice) return this.engine
    const resolved = await this.opts.models.resolve().catch((err: Error) => {
      throw new AppError('model', err.message)
    })
    this.engineChoice = choice
    if (this.engine?.modelPath === resolved.path) return this.engine
    // Replaced synchronously, so concurrent callers share one new engine rather than racing to make two.
    const previous = [this.engine, this.backgroundEngine]
    const options = { modelPath: resolved.path, threads: this.opts.threads, launcher: this.opts.launcher }
    const next = new SpeechEngine(options)
    this.engine = next
    this.backgroundEngine = resolved.info.bytes <= (this.opts.backgroundMaxBytes ?? BACKGROUND_ENGINE_MAX_BYTES) ? new SpeechEngine({ ...options, background: true }) : undefined
    for (const e of previous) void e?.dispose()
    this.opts.emit('engineState', { state: 'loading', message: null, queued: this.opts.queued() })
    return next
  }

  /** The model changed (settings, download, import): the next utterance checks and loads it again. */
  async reset(): Promise<void> {
    this.engineChoice = undefined
    const engines = [this.engine, this.backgroundEngine]
    this.engine = undefined
    this.backgroundEngine = undefined
    await Promise.all(engines.map((e) => e?.dispose()))
  }

  async status(): Promise<ModelStatus> {
    const status = await this.opts.models.status()
    if (status.downloading) return { ...status, state: 'downloading', message: null }
    if (this.downloadError && status.state !== 'ready') return { ...status, message: this.downloadError }
    return status
  }

  /** Starts the download and answers at once; progress and the outcome arrive as events. */
  async download(fileName: string): Promise<ModelStatus> {
    const { models, emit } = this.opts
    if (models.activeDownload()) throw conflict('A model download is already running.')
    this.downloadError = undefined
    void models
      .download(fileName, { onProgress: (p) => emit('modelProgress', { fileName, ...p }) })
      .then(() => this.reset())
      .catch((err: Error) => {
        // Only a cancel (cancelDownload, or shutdown) aborts a download.
        this.downloadError = err instanceof ModelDownloadError && err.code === 'aborted' ? CANCELLED : err.message
      })
      .finally(async () => emit('modelStatus', await this.status()))
    return this.status()
  }

  async cancelDownload(): Promise<ModelStatus> {
    this.opts.models.cancelDownload()
    return this.status()
  }

  async importFile(file: string): Promise<ModelStatus> {
    try {
      await this.opts.models.importFile(file)
    } catch (err) {
      throw new AppError('model', err instanceof Error ? err.message : String(err))
    }
    await this.reset()
    return this.status()
  }

  async dispose(): Promise<void> {
    this.opts.models.cancelDownload()
    await Promise.all([this.engine?.dispose(), this.backgroundEngine?.dispose()])
  }
}
