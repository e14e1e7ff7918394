/**
 * The live prompt overlay: a small frameless, transparent, always-on-top
 * window that never takes focus from the dialer. Same sandbox and preload as
 * the main window. Its position is remembered, and only restored if that spot
 * is still on a connected display.
 */
import { BrowserWindow, screen, type Rectangle } from 'electron'
import type { OverlayLayout, OverlayState } from '../../contract/ipc-contract'
import type { OverlayWindow } from '../live/overlay-controller'
import type { SettingsService } from '../settings/settings-service'

const DEFAULT_SIZE = { width: 380, height: 230 }
/** The sizes settings offers; default is where every overlay starts. */
const OVERLAY_SIZES = { small: { width: 320, height: 200 }, default: DEFAULT_SIZE, large: { width: 480, height: 320 } } as const
const COLLAPSED_HEIGHT = 96
/** Tall enough for a scheduled call's checklist (five short lines and the coach's points) without scrolling. */
const PLAN_HEIGHT = 440

function initialBounds(saved: Rectangle | undefined): Rectangle {
  const area = screen.getPrimaryDisplay().workArea
  const fallback = { x: area.x + area.width - DEFAULT_SIZE.width - 24, y: area.y + 24, ...DEFAULT_SIZE }
  if (!saved) return fallback
  const visible = screen.getAllDisplays().some((d) => {
    const a = d.workArea
    return saved.x < a.x + a.width - 40 && saved.x + saved.width > a.x + 40 && saved.y >= a.y - 10 && saved.y < a.y + a.height - 40
  })
  return visible ? saved : fallback
}

export interface PromptOverlayWindow extends OverlayWindow {
  /** Its renderer's webContents id: IPC from it gets only the overlay's channels. */
  readonly webContentsId: number
  /** Grows the window for a scheduled call's plan, and gives the height back when the plan goes. */
  fitPlan(shown: boolean): void
}

export function createOverlayWindow(opts: { preload: string; url: string; settings: SettingsService; packaged?: boolean }): PromptOverlayWindow {
  const bounds = initialBounds(opts.settings.get().overlayBounds)
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 240,
    minHeight: 72,
    frame: false,
    transparent: true,
    alwaysOnTop: true,
    focusable: false,
    skipTaskbar: true,
    resizable: true,
    fullscreenable: false,
    minimizable: false,
    maximizable: false,
    hasShadow: false,
    show: false,
    title: 'Call Desk prompts',
    webPreferences: { preload: opts.preload, contextIsolation: true, sandbox: true, nodeIntegration: false, spellcheck: false, devTools: !opts.packaged },
  })
  // Above full-screen apps on macOS and above normal topmost windows elsewhere.
  const assertOnTop = () => {
    win.setAlwaysOnTop(true, process.platform === 'darwin' ? 'screen-saver' : 'pop-up-menu')
    if (process.platform === 'darwin') win.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true })
  }
  assertOnTop()
  // A rep sharing their screen on a video call must never show coaching prompts to the buyer:
  // the overlay is left out of screen captures and shares (macOS and Windows honour this).
  win.setContentProtection(true)
  // Some Linux window managers and Windows drop the topmost flag when a window is hidden and shown again.
  win.on('show', assertOnTop)
  let saveTimer: NodeJS.Timeout | undefined
  const saveBounds = () => {
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      if (!win.isDestroyed()) opts.settings.update({ overlayBounds: win.getBounds() })
    }, 400)
  }
  win.on('moved', saveBounds)
  win.on('resized', saveBounds)
  void win.loadURL(opts.url)

  let expandedHeight = bounds.height
  let heightBeforePlan: number | undefined
  return {
    webContentsId: win.webContents.id,
    fitPlan(shown: boolean) {
      if (win.isDestroyed()) return
      const b = win.getBounds()
      if (shown && b.height > COLLAPSED_HEIGHT && b.height < PLAN_HEIGHT) {
        heightBeforePlan = b.height
        // Grow downwards, but stay on the display: move up if the bottom would fall off it.
        const area = screen.getDisplayMatching(b).workArea
        const y = Math.max(area.y, Math.min(b.y, area.y + area.height - PLAN_HEIGHT))
        win.setBounds({ ...b, y, height: PLAN_HEIGHT })
      } else if (!shown && heightBeforePlan !== undefined) {
        // Only undo our own change: a height the rep set since then stays.
        if (b.height === PLAN_HEIGHT) win.setBounds({ ...b, height: heightBeforePlan })
        heightBeforePlan = undefined
      }
    },
    layout(layout: OverlayLayout) {
      if (win.isDestroyed()) return
      const size = layout.size ? OVERLAY_SIZES[layout.size] : undefined
      const b = win.getBounds()
      const area = screen.getPrimaryDisplay().workArea
      const next = { ...b, ...(size ?? {}) }
      // Back to the default spot: top right of the main display, where a rep first found it.
      if (layout.resetPosition) Object.assign(next, { x: area.x + area.width - next.width - 24, y: area.y + 24 })
      win.setBounds(next)
      expandedHeight = next.height
    },
    apply(state: OverlayState) {
      if (win.isDestroyed()) return
      win.setIgnoreMouseEvents(state.clickThrough, { forward: true })
      const [width, height] = win.getSize() as [number, number]
      if (state.collapsed && height > COLLAPSED_HEIGHT) {
        expandedHeight = height
        win.setSize(width, COLLAPSED_HEIGHT)
      } else if (!state.collapsed && height <= COLLAPSED_HEIGHT) {
        win.setSize(width, expandedHeight)
      }
      if (state.visible && !win.isVisible()) {
        win.showInactive() // never steal focus from the dialer
        assertOnTop()
      } else if (!state.visible && win.isVisible()) {
        win.hide()
      }
    },
  }
}
