/**
 * The overlay's state (shown, collapsed, click-through). Collapsed is kept in
 * settings so it survives restarts. Click-through is not: a window that
 * ignores clicks cannot be clicked back, so it lasts for the call it was
 * turned on in, and the call screen, settings and a global shortcut can turn
 * it off meanwhile. Electron applies the state to the real always-on-top
 * window; the test host has no window to move, so only the state and its
 * events exist there.
 */
import type { OverlayLayout, OverlayState } from '../../contract/ipc-contract'
import type { Emit } from '../../contract/emit'
import type { SettingsService } from '../settings/settings-service'

export interface OverlayWindow {
  apply(state: OverlayState): void
  /** A size from settings, or back to the default spot on the main display. */
  layout?(layout: OverlayLayout): void
}

export class OverlayController {
  private visible = false
  private clickThrough = false
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
    return { visible: this.visible, collapsed: s.overlayCollapsed ?? false, clickThrough: this.clickThrough }
  }

  set(patch: Partial<OverlayState>): OverlayState {
    if (patch.visible !== undefined) {
      this.visible = patch.visible
      // The call is over (or the overlay hidden): the next time it shows, it takes clicks.
      if (!patch.visible) this.clickThrough = false
    }
    if (patch.clickThrough !== undefined) this.clickThrough = patch.clickThrough
    if (patch.collapsed !== undefined) this.settings.update({ overlayCollapsed: patch.collapsed })
    const state = this.state()
    this.window?.apply(state)
    this.emit('overlayState', state)
    return state
  }

  layout(layout: OverlayLayout): OverlayState {
    this.window?.layout?.(layout)
    return this.state()
  }
}
