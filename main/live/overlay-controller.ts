/**
 * The overlay's state (shown, collapsed, click-through), kept in settings so it
 * survives restarts. Electron applies it to the real always-on-top window; the
 * test host has no window to move, so only the state and its events exist there.
 */
import type { OverlayState } from '../../contract/ipc-contract'
import type { Emit } from '../core/events'
import type { SettingsService } from '../settings/settings-service'

export interface OverlayWindow {
  apply(state: OverlayState): void
}

export class OverlayController {
  private visible = false
  private window: OverlayWindow | undefined

  constructor(
    private readonly settings: SettingsService,
    private readonly emit: Emit,
  ) {}

  attach(window: OverlayWindow): void {
    this.window = window
    window.apply(this.state())
  }

  state(): OverlayState {
    const s = this.settings.get()
    return { visible: this.visible, collapsed: s.overlayCollapsed ?? false, clickThrough: s.overlayClickThrough ?? false }
  }

  set(patch: Partial<OverlayState>): OverlayState {
    if (patch.visible !== undefined) this.visible = patch.visible
    if (patch.collapsed !== undefined || patch.clickThrough !== undefined) {
      this.settings.update({
        ...(patch.collapsed !== undefined ? { overlayCollapsed: patch.collapsed } : {}),
        ...(patch.clickThrough !== undefined ? { overlayClickThrough: patch.clickThrough } : {}),
      })
    }
    const state = this.state()
    this.window?.apply(state)
    this.emit('overlayState', state)
    return state
  }
}
