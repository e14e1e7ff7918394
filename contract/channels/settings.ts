/** Settings, the global shortcut and what the app says about itself. */
import { z } from 'zod'
import { NoInput } from './common'
import { OverlayBounds } from './overlay'
import { Profile } from './rehearsal'

export const Settings = z.object({
  /** An explicit model file chosen by the user; overrides the app-data model. */
  modelPath: z.string().min(1).max(4096).optional(),
  /** The last microphone picked (MediaDeviceInfo.deviceId). */
  microphoneId: z.string().max(512).optional(),
  /** Where the rep last left the overlay. */
  overlayBounds: OverlayBounds.optional(),
  overlayCollapsed: z.boolean().optional(),
  overlayClickThrough: z.boolean().optional(),
  /** Who is using Call Desk here, and as what: every comment records both. */
  profile: z.lazy(() => Profile).optional(),
  /** The global start/stop shortcut (an Electron accelerator); the default when absent. */
  toggleCallShortcut: z.lazy(() => Accelerator).optional(),
})
export type Settings = z.infer<typeof Settings>

/**
 * An Electron accelerator such as "CommandOrControl+Shift+K": modifiers, then
 * one key. Checked here so a bad value never reaches globalShortcut.
 */
export const Accelerator = z
  .string()
  .max(64)
  .regex(
    /^(?:(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)+(?:[A-Z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Space|Tab|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Up|Down|Left|Right|Plus|[`\-=\[\]\\;',./])$/,
    'must be modifiers and one key, e.g. CommandOrControl+Shift+K',
  )

/** Whether the global shortcut is in place; when it is not, the rep is told why and can pick another. */
export const ShortcutStatus = z.object({
  accelerator: z.string(),
  registered: z.boolean(),
  /** Why not, in words the rep can act on; null when registered. */
  message: z.string().nullable(),
})
export type ShortcutStatus = z.infer<typeof ShortcutStatus>

export const AppInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  recordingSampleRate: z.literal(16000),
})

export const settingsChannels = {
  getAppInfo: { channel: 'app:get-info', input: NoInput, output: AppInfo },
  getSettings: { channel: 'settings:get', input: NoInput, output: Settings },
  updateSettings: { channel: 'settings:update', input: Settings.partial().strict(), output: Settings },
  /** Whether the global start/stop shortcut could be registered (change it with settings:update toggleCallShortcut). */
  getShortcutStatus: { channel: 'shortcut:status', input: NoInput, output: ShortcutStatus },
} as const
