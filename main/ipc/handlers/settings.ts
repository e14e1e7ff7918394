/**
 * IPC handlers for settings, the global start/stop shortcut and what the app
 * says about itself. A model path is only taken when main's own file dialog
 * chose it; a changed model or shortcut takes effect at once.
 */
import type { Emit } from '../../../contract/emit'
import type { AppInfo, ShortcutStatus } from '../../../contract/ipc-contract'
import { TOGGLE_CALL_SHORTCUT } from '../../../contract/shortcuts'
import { AppError } from '../../errors'
import type { SettingsService } from '../../settings/settings-service'
import type { EngineHost } from '../../transcription/engine-host'
import type { Handlers } from '../dispatch'
import type { z } from 'zod'

/** Puts the global shortcut in place; says whether it could (another app may hold it). */
export interface ShortcutRegistrar {
  register(accelerator: string): ShortcutStatus
}

/** The global shortcut from settings (or the default), and whether it is in place. */
export class GlobalShortcut {
  private current: ShortcutStatus

  constructor(
    private readonly settings: SettingsService,
    private readonly emit: Emit,
    private readonly registrar?: ShortcutRegistrar,
  ) {
    this.current = {
      accelerator: settings.get().toggleCallShortcut ?? TOGGLE_CALL_SHORTCUT,
      registered: false,
      message: registrar ? null : 'Global shortcuts need the desktop app.',
    }
  }

  get status(): ShortcutStatus {
    return this.current
  }

  /** Registers the shortcut from settings (or the default); Electron calls it once the app is ready. */
  apply(): ShortcutStatus {
    const accelerator = this.settings.get().toggleCallShortcut ?? TOGGLE_CALL_SHORTCUT
    this.current = this.registrar ? this.registrar.register(accelerator) : { ...this.current, accelerator }
    this.emit('shortcutStatus', this.current)
    return this.current
  }
}

export interface SettingsDeps {
  settings: SettingsService
  appInfo: z.output<typeof AppInfo>
  engines: EngineHost
  shortcut: GlobalShortcut
  /** Paths the user picked in main's file dialog this session (see model handlers). */
  chosenModelPaths: ReadonlySet<string>
}

export function settingsHandlers(deps: SettingsDeps): Pick<Handlers, 'getAppInfo' | 'getSettings' | 'updateSettings' | 'getShortcutStatus'> {
  const { settings } = deps
  return {
    getAppInfo: () => deps.appInfo,
    getSettings: () => settings.get(),
    updateSettings: async (patch) => {
      const before = settings.get()
      // A model path comes from main's own file dialog (chooseModelPath), never from the page:
      // otherwise the page could probe any file on the disk through the model's error messages.
      if (patch.modelPath !== undefined && patch.modelPath !== before.modelPath && !deps.chosenModelPaths.has(patch.modelPath)) {
        throw new AppError('forbidden', 'Choose the model file with "Choose file…"; a typed path is not accepted.')
      }
      const next = settings.update(patch)
      if (next.modelPath !== before.modelPath) await deps.engines.reset()
      if (next.toggleCallShortcut !== before.toggleCallShortcut) deps.shortcut.apply()
      return next
    },
    getShortcutStatus: () => deps.shortcut.status,
  }
}
