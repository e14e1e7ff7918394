/**
 * The app without Electron: store, recording, transcription and the model,
 * wired to the IPC handlers. Electron's main and the test host both build this
 * same core, so the UI tested in Chromium talks to the real thing.
 */
import type { EventPayload, ModelStatus, ShortcutStatus } from '../../contract/ipc-contract'
import { TOGGLE_CALL_SHORTCUT } from '../../contract/shortcuts'
import { AppError, notFound } from '../errors'
import { createDispatcher, type Dispatch, type Handlers } from '../ipc/dispatch'
import { RecordingService } from '../recording/recording-service'
import { adoptOrphanRecordings } from '../recording/orphan-recordings'
import { SettingsService } from '../settings/settings-service'
import { createStore, toCallSummaryDto, toFlagDto, toProspectDto, toSegmentDto, type Store } from '../store'
import { createModelManager, MODEL_ENV_VAR, type ModelManager } from '../transcription/model-manager'
import { SpeechEngine, type EngineLauncher } from '../transcription/speech-engine'
import { TranscriptionQueue } from '../transcription/transcription-queue'
import { dataPaths, ensurePrivateDir } from '../fs/data-dir'
import { LiveCoach } from '../live/live-coach'
import { firstUncoachedSegment } from '../live/rebuild-coach'
import { OverlayController } from '../live/overlay-controller'
import type { Emit } from '../../contract/emit'
import type { SegmenterOptions } from '../audio/speech-segmenter'
import { createAfterCallHandlers, scheduledCallToStart } from './after-call-handlers'
import { OverlayPlanBoard, overlayPlanFor } from '../plan/overlay-plan'
import { createRehearsalHandlers } from './rehearsal-handlers'
import { createBundleHandlers, type BundleFileChooser } from './bundle-handlers'
import { createCallListHandlers } from './call-list-handlers'
import { dismissCurrentPrompt } from '../live/dismiss-current'
import { coachPointsFor } from '../rehearsal/feedback'
import { createTeamHandlers } from '../sync/team-handlers'

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
  onLiveText?: (segmentId: number, info: { engineMs: number; waitMs: number; windowMs: number; speculative: boolean; liveQueued: number }) => void
  /** better-sqlite3 binding for this runtime (Electron's ABI differs from Node's). */
  sqliteBinding?: string
}

/** Puts the global shortcut in place; says whether it could (another app may hold it). */
export interface ShortcutRegistrar {
  register(accelerator: string): ShortcutStatus
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
  audioPathFor(callId: string): string | undefined
  /** "Not relevant" for the prompt on screen (its global shortcut); the dismissed flag's id, or null when none shows. */
  dismissCurrentPrompt(): string | null
  /** Registers the shortcut from settings (or the default); Electron calls it once the app is ready. */
  applyShortcut(): ShortcutStatus
  shutdown(): Promise<void>
}

export async function createCallDeskCore(opts: CoreOptions): Promise<CallDeskCore> {
  const paths = dataPaths(opts.dataDir)
  // Recordings and transcripts: private to this user (0700 folders; the files are made 0600).
  for (const dir of [opts.dataDir, paths.recordings, paths.models]) ensurePrivateDir(dir)
  const store = createStore(paths.database, { nativeBinding: opts.sqliteBinding })
  const settings = new SettingsService(store)
  // Every settled segment also goes to the live coach, whichever path produced it (speech or typed).
  const emit: Emit = (event, payload) => {
    opts.emit(event, payload)
    if (event === 'segment') liveCoach.onSegment(payload as EventPayload<'segment'>)
  }
  const liveCoach = new LiveCoach(store, emit)
  const overlay = new OverlayController(settings, emit)
  const planBoard = new OverlayPlanBoard(emit)
  const models = createModelManager({
    modelsDir: paths.models,
    getSetting: () => settings.get().modelPath,
    env: opts.env ?? process.env,
  })

  // One engine per model file, kept loaded; a new model replaces it.
  let engine: SpeechEngine | undefined
  let engineChoice: string | undefined
  const getEngine = async (): Promise<SpeechEngine> => {
    // The file was checked when its engine was made. Checking it again for every
    // utterance reads the whole tensor table (40–120 ms) on the live path; only a
    // different choice (settings, env) or a download/import (resetEngine) needs it.
    const choice = `${settings.get().modelPath ?? ''}\n${(opts.env ?? process.env)[MODEL_ENV_VAR] ?? ''}`
    if (engine && engineChoice === choice) return engine
    const resolved = await models.resolve().catch((err: Error) => {
      throw new AppError('model', err.message)
    })
    engineChoice = choice
    if (engine?.modelPath === resolved.path) return engine
    // Replaced synchronously, so concurrent callers share one new engine rather than racing to make two.
    const previous = engine
    const next = new SpeechEngine({ modelPath: resolved.path, threads: opts.engineThreads, launcher: opts.engineLauncher })
    engine = next
    void previous?.dispose()
    emit('engineState', { state: 'loading', message: null, queued: queue.pending })
    await next.load()
    return next
  }

  const queue = new TranscriptionQueue({ store, emit, getEngine, onTranscribed: opts.onTranscribed })
  const recording = new RecordingService({
    store,
    recordingsDir: paths.recordings,
    queue,
    emit,
    segmenter: opts.segmenter,
    onCommitted: (segment, text) => liveCoach.onCommitted(segment, text),
    onLiveText: opts.onLiveText,
  })
  // A WAV with no call (crash between file and row) becomes a call again; a killed import's leftovers go.
  adoptOrphanRecordings(store, paths.recordings)
  const recovered = await recording.recoverInterrupted()
  // A kill between a segment's text and its coaching leaves it uncoached, with nothing left to trigger the coach.
  for (const callId of recovered) {
    const uncoached = firstUncoachedSegment(store, callId)
    if (uncoached) liveCoach.onSegment(uncoached)
  }

  let download: AbortController | undefined
  let downloadError: string | undefined
  /** Paths the user picked in main's file dialog this session: the only ones settings:update takes. */
  const chosenModelPaths = new Set<string>()
  let shortcutStatus: ShortcutStatus = {
    accelerator: settings.get().toggleCallShortcut ?? TOGGLE_CALL_SHORTCUT,
    registered: false,
    message: opts.shortcuts ? null : 'Global shortcuts need the desktop app.',
  }
  const applyShortcut = (): ShortcutStatus => {
    const accelerator = settings.get().toggleCallShortcut ?? TOGGLE_CALL_SHORTCUT
    shortcutStatus = opts.shortcuts ? opts.shortcuts.register(accelerator) : { ...shortcutStatus, accelerator }
    emit('shortcutStatus', shortcutStatus)
    return shortcutStatus
  }
  const modelStatus = async (): Promise<ModelStatus> => {
    const status = await models.status()
    if (download) return { ...status, state: 'downloading', message: null }
    if (downloadError && status.state !== 'ready') return { ...status, message: downloadError }
    return status
  }
  const resetEngine = async () => {
    engineChoice = undefined
    await engine?.dispose()
    engine = undefined
  }

  const team = createTeamHandlers({ store, settings, recordingsDir: paths.recordings })
  const handlers: Handlers = {
    getAppInfo: () => ({ version: opts.appVersion, dataDir: opts.dataDir, platform: process.platform, recordingSampleRate: 16000 }),
    getSettings: () => settings.get(),
    updateSettings: async (patch) => {
      const before = settings.get()
      // A model path comes from main's own file dialog (chooseModelPath), never from the page:
      // otherwise the page could probe any file on the disk through the model's error messages.
      if (patch.modelPath !== undefined && patch.modelPath !== before.modelPath && !chosenModelPaths.has(patch.modelPath)) {
        throw new AppError('forbidden', 'Choose the model file with "Choose file…"; a typed path is not accepted.')
      }
      const next = settings.update(patch)
      if (next.modelPath !== before.modelPath) await resetEngine()
      if (next.toggleCallShortcut !== before.toggleCallShortcut) applyShortcut()
      return next
    },
    chooseModelPath: async () => {
      if (!opts.chooseModelFile) throw new AppError('conflict', 'Choosing a model file needs the desktop app’s file picker.')
      const file = await opts.chooseModelFile()
      if (!file) return null
      chosenModelPaths.add(file)
      return { path: file }
    },
    getActiveCall: () => recording.activeCall(),
    getShortcutStatus: () => shortcutStatus,
    listCalls: (input) => store.calls.list({ limit: input?.limit ?? 100, offset: input?.offset ?? 0 }).map(toCallSummaryDto),
    getCall: ({ callId }) => {
      const call = store.calls.getSummary(callId)
      if (!call) throw notFound('That call')
      return {
        call: toCallSummaryDto(call),
        segments: store.segments.listForCall(callId).map(toSegmentDto),
        flags: store.flags.listForCall(callId).map(toFlagDto),
        audioUrl: call.audioPath ? opts.audioUrlFor(callId) : null,
      }
    },
    startCall: async (input) => {
      const linked = input.scheduledCallId ? scheduledCallToStart(store, input.scheduledCallId, input.prospectId) : undefined
      const started = await recording.start({
        kind: input.kind,
        ...(input.deviceLabel !== undefined ? { deviceLabel: input.deviceLabel } : {}),
        ...(input.prospectId ?? linked?.prospectId ? { prospectId: input.prospectId ?? linked?.prospectId } : {}),
      })
      if (linked) {
        store.calls.update(started.callId, { scheduledCallId: linked.id })
        // The coach's key points from the latest reviewed rehearsal go up with the plan.
        planBoard.show(started.callId, { ...overlayPlanFor(linked), coach: coachPointsFor(store, linked.id) })
      }
      // The prompt window comes up with the call and goes away after it.
      overlay.set({ visible: true })
      // Warm the model while the rep says hello, so the first utterance is not slowed by loading.
      void getEngine().catch(() => undefined)
      return { ...started, sampleRate: 16000 as const }
    },
    stopCall: async ({ callId }) => {
      const summary = await recording.stop(callId)
      overlay.set({ visible: false })
      planBoard.clear(callId)
      // The real call (not a rehearsal of it) is what makes a scheduled call done.
      const call = store.calls.get(callId)
      if (call?.kind === 'live' && call.scheduledCallId) store.scheduledCalls.setStatus(call.scheduledCallId, 'done')
      return summary
    },
    pushAudio: (input) => recording.pushAudio(input),
    addPracticeLine: ({ callId, text }) => recording.addPracticeLine(callId, text),
    dismissFlag: ({ flagId }) => {
      if (!store.flags.get(flagId)) throw notFound('That prompt')
      return toFlagDto(store.flags.dismiss(flagId, Date.now())!)
    },
    listProspects: () => store.prospects.list({ status: 'active' }).map(toProspectDto),
    createProspect: (input) => {
      const created = store.prospects.create({ name: input.name, company: input.company ?? null })
      emit('prospectsChanged', { prospectId: created.id })
      return toProspectDto(created)
    },

    ...createCallListHandlers({ store, queue, emit, audioPathFor: (callId) => recording.audioPathFor(callId) }),
    ...createAfterCallHandlers({ store, audioUrlFor: opts.audioUrlFor, planBoard, emit }),
    ...createRehearsalHandlers({ store, settings, audioUrlFor: opts.audioUrlFor }),
    ...createBundleHandlers({ store, settings, recordingsDir: paths.recordings, chooser: opts.bundleFiles, emit }),
    ...team.handlers,

    getOverlayState: () => overlay.state(),
    setOverlayState: (patch) => overlay.set(patch),
    setOverlayLayout: (layout) => overlay.layout(layout),

    getModelStatus: () => modelStatus(),
    downloadModel: async ({ fileName }) => {
      if (download) throw new AppError('conflict', 'A model download is already running.')
      download = new AbortController()
      const signal = download.signal
      downloadError = undefined
      void models
        .download(fileName, { signal, onProgress: (p) => emit('modelProgress', { fileName, ...p }) })
        .then(resetEngine)
        .catch((err: Error) => {
          downloadError = signal.aborted ? 'The download was cancelled; starting it again resumes where it stopped.' : err.message
        })
        .finally(async () => {
          download = undefined
          emit('modelStatus', await modelStatus())
        })
      return modelStatus()
    },
    cancelModelDownload: async () => {
      download?.abort()
      download = undefined
      return modelStatus()
    },
    importModel: async () => {
      if (!opts.chooseModelFile) throw new AppError('conflict', 'Importing needs the desktop app’s file picker.')
      const file = await opts.chooseModelFile()
      if (!file) return modelStatus()
      try {
        await models.importFile(file)
      } catch (err) {
        throw new AppError('model', err instanceof Error ? err.message : String(err))
      }
      await resetEngine()
      return modelStatus()
    },
  }

  return {
    store,
    handlers,
    dispatch: createDispatcher(handlers),
    recording,
    queue,
    overlay,
    settings,
    models,
    audioPathFor: (callId) => recording.audioPathFor(callId),
    applyShortcut,
    dismissCurrentPrompt: () => dismissCurrentPrompt(store, emit),
    shutdown: async () => {
      download?.abort()
      team.stop()
      await recording.shutdown()
      await engine?.dispose()
      store.close()
    },
  }
}
