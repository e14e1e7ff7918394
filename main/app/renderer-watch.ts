/**
 * The recording belongs to main, the microphone to the page. When the main
 * window's renderer dies mid-call (crash, out of memory, killed), no more
 * audio can come: the call is stopped cleanly (its WAV finished, its segments
 * transcribed) and the page is loaded again, where it asks main for the
 * active call (recording:active) and finds it ended. A plain reload keeps the
 * call: the new page asks for it and resumes sending audio.
 */
import type { WebContents } from 'electron'

export interface RendererWatchDeps {
  activeCallId(): string | undefined
  stopCall(callId: string): Promise<unknown>
  log?: (message: string) => void
}

export function watchRenderer(contents: WebContents, deps: RendererWatchDeps): void {
  contents.on('render-process-gone', (_event, details) => {
    const callId = deps.activeCallId()
    deps.log?.(`The window's renderer is gone (${details.reason}); ${callId ? `stopping call ${callId}` : 'no call was recording'}.`)
    const reload = () => {
      if (!contents.isDestroyed()) contents.reload()
    }
    if (!callId) return reload()
    void deps
      .stopCall(callId)
      .catch((err: unknown) => deps.log?.(`Stopping call ${callId} after the renderer died failed: ${String(err)}`))
      .finally(reload)
  })
}
