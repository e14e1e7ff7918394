/** Keyboard shortcuts shared by main (global) and the renderer (in-window, and its labels). */
export const TOGGLE_CALL_SHORTCUT = 'CommandOrControl+Shift+K'

/** How the shortcut reads on this platform. */
export function shortcutLabel(platform: string): string {
  return platform === 'darwin' ? '⌘⇧K' : 'Ctrl+Shift+K'
}

/** "Not relevant" for the prompt on screen, from any app (the overlay never takes focus). */
export const DISMISS_PROMPT_SHORTCUT = 'CommandOrControl+Shift+J'
export const DISMISS_PROMPT_SHORTCUT_LABEL = 'Ctrl/⌘+Shift+J'
/** Turns the overlay's click-through off (or on) from any app: the way out when the overlay ignores clicks. */
export const CLICK_THROUGH_SHORTCUT = 'CommandOrControl+Shift+L'
export const CLICK_THROUGH_SHORTCUT_LABEL = 'Ctrl/⌘+Shift+L'
