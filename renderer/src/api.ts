import type { CallDeskApi } from '../../contract/ipc-contract'

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the test host's browser bridge: the same contract either way. */
    callDesk: CallDeskApi
  }
}

export const api = (): CallDeskApi => window.callDesk

/**
 * What a rep reads when something fails: the reason in their words. Channel
 * names, field paths, error codes and environment variables stay in the log
 * (the console, which Electron keeps), never on the screen.
 */
export function errorMessage(err: unknown): string {
  logError(err)
  return describeError(err)
}

export function logError(err: unknown): void {
  console.error('[call desk]', (err as { code?: string } | null)?.code ?? '', err)
}

/** errorMessage without the log line: for a banner that renders more than once. */
export function describeError(err: unknown): string {
  const e = err as { code?: string; issues?: string[]; message?: string } | null
  if (e?.code === 'validation') {
    // "reason: Say why: …" → "Say why: …"; the same sentence once.
    const said = [...new Set((e.issues ?? []).map((i) => i.replace(/^[\w.[\]]+: /, '')))]
    return said.length ? said.map(sentence).join(' ') : 'That was not accepted. Check what you entered and try again.'
  }
  if (e?.code === 'internal') return 'Something went wrong in Call Desk. Try again; if it happens again, restart the app.'
  return inRepWords(err instanceof Error ? err.message : String(err))
}

const sentence = (s: string) => (/[.!?]$/.test(s) ? s : `${s}.`)

/** Main's messages are written for reps, but some carry developer detail: network codes, env vars, file names. */
export function inRepWords(message: string): string {
  if (/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|fetch failed|getaddrinfo|socket hang up/i.test(message)) {
    return 'Call Desk could not reach the download server. Check the internet connection, then try again.'
  }
  return message
    .replace(/,? or set CALLDESK_MODEL to the path of one/g, '')
    .replace(/\s*\(This path comes from the CALLDESK_MODEL environment variable[^)]*\)/g, '')
    .replace(/a whisper\.cpp ggml-\*\.bin file/g, 'a speech model file')
    .replace(/\bggml-\*\.bin\b/g, 'speech model')
    .trim()
}
