/**
 * The speech engine and its model, in one place: which engine is loaded, the
 * model's status as the rep sees it, and installing a model (download or
 * import). The model manager holds the download in flight (the one record of
 * it); the host adds what the rep is told about the last one, swaps the engine
 * when the model changes and emits engineState, modelProgress and modelStatus.
 */
import type { Emit } from '../../contract/emit'
import type { ModelStatus } from '../../contract/ipc-contract'
import { AppError, conflict } from '../errors'
import { ModelDownloadError } from './model-download'
import { MODEL_ENV_VAR, type ModelManager } from './model-manager'
import { SpeechEngine, type EngineLauncher } from './speech-engine'

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
}

const CANCELLED = 'The download was cancelled; starting it again resumes where it stopped.'

export class EngineHost {
  private engine: SpeechEngine | undefined
  private engineChoice: string | undefined
  /** What went wrong with the last download, shown until a model is ready. */
  private downloadError: string | undefined

  constructor(private readonly opts: EngineHostOptions) {}

  get models(): ModelManager {
    return this.opts.models
  }

  /** One engine per model file, kept loaded; a new model replaces it. */
  async engineFor(): Promise<SpeechEngine> {
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
    const previous = this.engine
    const next = new SpeechEngine({ modelPath: resolved.path, threads: this.opts.threads, launcher: this.opts.launcher })
    this.engine = next
    void previous?.dispose()
    this.opts.emit('engineState', { state: 'loading', message: null, queued: this.opts.queued() })
    await next.load()
    return next
  }

  /** The model changed (settings, download, import): the next utterance checks and loads it again. */
  async reset(): Promise<void> {
    this.engineChoice = undefined
    await this.engine?.dispose()
    this.engine = undefined
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
    await this.engine?.dispose()
  }
}
