import type { CallDeskApi } from '../../contract/ipc-contract'

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the test host's browser bridge: the same contract either way. */
    callDesk: CallDeskApi
  }
}

export const api = (): CallDeskApi => window.callDesk

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}
