/** Keyboard shortcuts shared by main (global) and the renderer (in-window, and its labels). */
export const TOGGLE_CALL_SHORTCUT = 'CommandOrControl+Shift+K'

/** How the shortcut reads on this platform. */
export function shortcutLabel(platform: string): string {
  return platform === 'darwin' ? '⌘⇧K' : 'Ctrl+Shift+K'
}
