/**
 * The global start/stop shortcut through Electron's globalShortcut. Another
 * app may own the combination already (register returns false) or the
 * accelerator may be one this platform rejects (register throws): either way
 * the rep is told, and can pick another in settings.
 */
import { globalShortcut } from 'electron'
import type { ShortcutStatus } from '../../contract/ipc-contract'
import type { ShortcutRegistrar } from '../core/call-desk-core'

export function electronShortcuts(onPress: () => void): ShortcutRegistrar {
  let current: string | undefined
  return {
    register(accelerator: string): ShortcutStatus {
      if (current) globalShortcut.unregister(current)
      current = undefined
      let ok = false
      let why = 'another app already uses it'
      try {
        ok = globalShortcut.register(accelerator, onPress)
      } catch (error) {
        why = `it is not a shortcut this system accepts (${(error as Error).message})`
      }
      if (ok) current = accelerator
      return {
        accelerator,
        registered: ok,
        message: ok ? null : `The shortcut ${accelerator} could not be set up: ${why}. Pick another one in Settings.`,
      }
    },
  }
}
