/**
 * The app without Electron: store, recording, transcription and the model,
 * wired to the IPC handlers. Electron's main and the test host both build this
 * same core, so the UI tested in Chromium talks to the real thing. Wiring
 * only: the handlers live in main/ipc/handlers/<feature>.ts.
 */
import type { Emit } from '../../contract/emit'
import type { EventPayload, ShortcutStatus } from '../../contract/ipc-contract'
import type { SegmenterOptions } from '../audio/speech-segmenter'
import { analyzeCall } from '../coach'
import { dataPaths, ensurePrivateDir } from '../fs/data-dir'
import { createDispatcher, type Dispatch, type Handlers } from '../ipc/dispatch'
import { createHandlers, GlobalShortcut, type BundleFileChooser, type ShortcutRegistrar } from '../ipc/handlers'
import { dismissCurrentPrompt } from '../live/dismiss-current'
import { LiveCoach } from '../live/live-coach'
import type { LiveTranscriberDeps } from '../live/live-transcriber'
import { OverlayController } from '../live/overlay-controller'
import { firstUncoachedSegment } from '../live/rebuild-coach'
import { OverlayPlanBoard } from '../plan/overlay-plan'
import { adoptOrphanRecordings } from '../recording/orphan-recordings'
import { RecordingService } from '../recording/recording-service'
import { SettingsService } from '../settings/settings-service'
import { createStore, type Store } from '../store'
import { EngineHost } from '../transcription/engine-host'
import { createModelManager, type ModelManager } from '../transcription/model-manager'
import type { EngineLauncher } from '../transcription/speech-engine'
import { TranscriptionQueue } from '../transcription/transcription-queue'

export type { ShortcutRegistrar }

export interface CoreOptions {
  dataDir: string
  appVersion: string
  emit: Emit
  env?: NodeJS.ProcessEnv
  engineLauncher?: EngineLauncher
  engineThreads?: number
  /** URL under which the renderer can fetch a call's WAV. */
  audioUrlFor: (callId: string) => string
  /** Native file picker (Electron); absent where there is none. */
  chooseModelFile?: () => Promise<string | undefined>
  /** Registers the global start/stop shortcut (Electron); absent where there is none. */
  shortcuts?: ShortcutRegistrar
  /** Save/open dialogs for remote-coach bundles (Electron); absent where there are none. */
  bundleFiles?: BundleFileChooser
  segmenter?: Partial<SegmenterOptions>
  /** Engine time per segment (latency benchmarks). */
  onTranscribed?: (segmentId: number, engineMs: number, queuedToStoredMs: number, waitMs: number) => void
  /** Each utterance's live text: its last decode's engine time, wait and window (latency benchmarks). */
  onLiveText?: LiveTranscriberDeps['onLiveText']
  /** better-sqlite3 binding for this runtime (Electron's ABI differs from Node's). */
  sqliteBinding?: string
}

export interface CallDeskCore {
  store: Store
  dispatch: Dispatch
  handlers: Handlers
  recording: RecordingService
  queue: TranscriptionQueue
  overlay: OverlayController
  settings: SettingsService
  models: ModelManager
  engines: EngineHost
  audioPathFor(callId: string): string | undefined
  /** "Not relevant" for the prompt on screen (its global shortcut); the dismissed flag's id, or null when none shows. */
  dismissCurrentPrompt(): string | null
  /** Registers the shortcut from settings (or the default); Electron calls it once the app is ready. */
  applyShortcut(): ShortcutStatus
  /** Loads what the first call would otherwise wait for (the voice detector, the coach); call once the window is up. */
  warmUp(): void
  shutdown(): Promise<void>
}

export async function createCallDeskCore(opts: CoreOptions): Promise<CallDeskCore> {
  const paths = dataPaths(opts.dataDir)
  // Recordings and transcripts: private to this user (0700 folders; the files are made 0600).
  for (const dir of [opts.dataDir, paths.recordings, paths.models]) ensurePrivateDir(dir)
  const store = createStore(paths.database, { nativeBinding: opts.sqliteBinding })
  const settings = new SettingsService(store)
  const env = opts.env ?? process.env
  // Every settled segment also goes to the live coach, whichever path produced it (speech or typed).
  const emit: Emit = (event, payload) => {
    opts.emit(event, payload)
    if (event === 'segment') liveCoach.onSegment(payload as EventPayload<'segment'>)
  }
  const liveCoach = new LiveCoach(store, emit)
  const overlay = new OverlayController(settings, emit)
  const planBoard = new OverlayPlanBoard(emit)
  const models = createModelManager({ modelsDir: paths.models, getSetting: () => settings.get().modelPath, env })
  const engines = new EngineHost({ models, modelSetting: () => settings.get().modelPath, env, emit, queued: (): number => queue.pending, threads: opts.engineThreads, launcher: opts.engineLauncher })
  const queue = new TranscriptionQueue({ store, emit, getEngine: (role) => engines.engineFor(role), separateBackground: () => engines.separateBackground(), holdBackground: (held) => engines.holdBackground(held), onTranscribed: opts.onTranscribed })
  const onCommitted = liveCoach.onCommitted.bind(liveCoach)
  // Once a stopped call's every utterance has its text and final decode, the live coach lets go of it.
  const onCallDone = (callId: string): void => liveCoach.forget(callId)
  const recording = new RecordingService({ store, recordingsDir: paths.recordings, queue, emit, segmenter: opts.segmenter, onCommitted, onCallDone, onLiveText: opts.onLiveText })
  // A WAV with no call (crash between file and row) becomes a call again; a killed import's leftovers go.
  adoptOrphanRecordings(store, paths.recordings)
  const recovered = await recording.recoverInterrupted()
  // A kill between a segment's text and its coaching leaves it uncoached, with nothing left to trigger the coach.
  for (const callId of recovered) {
    const uncoached = firstUncoachedSegment(store, callId)
    if (uncoached) liveCoach.onSegment(uncoached)
  }
  // The final tier a quit or crash left behind runs again, in the background.
  recording.resumeFinalTiers((callId) => liveCoach.resume(callId))

  const shortcut = new GlobalShortcut(settings, emit, opts.shortcuts)
  const appInfo = { version: opts.appVersion, dataDir: opts.dataDir, platform: process.platform, recordingSampleRate: 16000 as const }
  const { audioUrlFor, chooseModelFile, bundleFiles } = opts
  const deps = { store, settings, emit, recording, queue, engines, overlay, planBoard, shortcut, appInfo, audioUrlFor, chooseModelFile, bundleFiles }
  const { handlers, stop } = createHandlers({ ...deps, recordingsDir: paths.recordings })

  return {
    store, handlers, dispatch: createDispatcher(handlers), recording, queue, overlay, settings, models, engines,
    audioPathFor: (callId) => recording.audioPathFor(callId),
    applyShortcut: () => shortcut.apply(),
    warmUp: () => {
      recording.warmUp()
      // The coach's first read (~100 ms: the tagger's model, the weights, cold code) would otherwise land
      // on the first utterance of the first call, beside its end decode.
      analyzeCall([{ text: 'Hi, this is Sam. What do you use for scheduling today?', startMs: 0, endMs: 3000 }])
    },
    dismissCurrentPrompt: () => dismissCurrentPrompt(store, emit),
    shutdown: async () => {
      models.cancelDownload()
      stop()
      await recording.shutdown()
      await engines.dispose()
      store.close()
    },
  }
}
