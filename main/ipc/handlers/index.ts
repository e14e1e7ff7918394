/**
 * Every channel's handler, composed from the per-feature groups. Typed as the
 * full Handlers map, so a channel added to the contract without a handler
 * fails to compile here.
 */
import type { Emit } from '../../../contract/emit'
import type { OverlayController } from '../../live/overlay-controller'
import type { OverlayPlanBoard } from '../../plan/overlay-plan'
import type { RecordingService } from '../../recording/recording-service'
import type { SettingsService } from '../../settings/settings-service'
import type { Store } from '../../store'
import type { EngineHost } from '../../transcription/engine-host'
import type { TranscriptionQueue } from '../../transcription/transcription-queue'
import type { Handlers } from '../dispatch'
import { bundleHandlers, type BundleFileChooser } from './bundle'
import { callHandlers } from './calls'
import { debriefHandlers } from './debrief'
import { exportHandlers } from './export'
import { modelHandlers } from './model'
import { overlayHandlers } from './overlay'
import { prospectHandlers } from './prospects'
import { recordingHandlers } from './recording'
import { rehearsalHandlers } from './rehearsal'
import { scheduleHandlers } from './schedule'
import { settingsHandlers, type GlobalShortcut } from './settings'
import { teamHandlers } from './team'

export type { BundleFileChooser, BundleKind } from './bundle'
export { GlobalShortcut, type ShortcutRegistrar } from './settings'

export interface HandlerDeps {
  store: Store
  settings: SettingsService
  emit: Emit
  recording: RecordingService
  queue: TranscriptionQueue
  engines: EngineHost
  overlay: OverlayController
  planBoard: OverlayPlanBoard
  shortcut: GlobalShortcut
  recordingsDir: string
  appInfo: { version: string; dataDir: string; platform: string; recordingSampleRate: 16000 }
  audioUrlFor: (callId: string) => string
  chooseModelFile?: () => Promise<string | undefined>
  bundleFiles?: BundleFileChooser
}

type Merged<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]] ? H & Merged<R> : unknown

/**
 * The groups as one map. A spread would let a later group silently take over a
 * channel an earlier one answers; two groups answering one channel is refused.
 */
export function composeHandlers<T extends readonly Partial<Handlers>[]>(...groups: T): Merged<T> {
  const all: Record<string, unknown> = {}
  for (const group of groups) {
    for (const [name, handler] of Object.entries(group)) {
      if (name in all) throw new Error(`Two handler groups answer "${name}".`)
      all[name] = handler
    }
  }
  return all as Merged<T>
}

/** The handlers, and stop() for what runs by itself (the team sync rounds). */
export function createHandlers(deps: HandlerDeps): { handlers: Handlers; stop: () => void } {
  const { store, settings, emit, recording, queue, engines, overlay, planBoard, audioUrlFor, recordingsDir } = deps
  /** Paths the user picked in main's file dialog this session: the only ones settings:update takes. */
  const chosenModelPaths = new Set<string>()
  const team = teamHandlers({ store, settings, recordingsDir })
  // Typed as the whole map: a channel with no handler does not compile.
  const handlers: Handlers = composeHandlers(
    settingsHandlers({ settings, appInfo: deps.appInfo, engines, shortcut: deps.shortcut, chosenModelPaths }),
    callHandlers({ store, queue, emit, audioPathFor: (callId) => recording.audioPathFor(callId), audioUrlFor }),
    recordingHandlers({ store, recording, overlay, planBoard, warmEngine: () => void engines.engineFor().catch(() => undefined) }),
    prospectHandlers({ store, emit }),
    debriefHandlers({ store, audioUrlFor }),
    scheduleHandlers({ store }),
    exportHandlers({ store, audioUrlFor }),
    rehearsalHandlers({ store, settings, audioUrlFor }),
    bundleHandlers({ store, settings, recordingsDir, chooser: deps.bundleFiles, emit }),
    team.handlers,
    overlayHandlers({ overlay, planBoard }),
    modelHandlers({ engines, chooseModelFile: deps.chooseModelFile, chosenModelPaths }),
  )
  return { handlers, stop: team.stop }
}
