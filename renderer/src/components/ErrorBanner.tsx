/**
 * The one way a failed call to main is shown. It reads the error's code (the
 * contract's ErrorCode) and says what the rep can do about it: fix what they
 * entered, go back because the thing is gone, try again, or set up the model.
 * Channel names, field paths and codes stay in the console (logged once per error).
 */
import type { ErrorCode } from '../../../contract/ipc-contract'
import { ERROR_CODES } from '../../../contract/vocabulary'
import { useEffect } from 'react'
import { describeError, logError } from '../api'

/** The code of a rejected IPC call; a plain Error (a bug in the renderer) counts as internal. */
export function errorCode(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code) ? (code as ErrorCode) : 'internal'
}

/** What follows main's own sentence, by code; the others already say what to do. */
const FOLLOW_UP: Partial<Record<ErrorCode, string>> = {
  'not-found': 'It may have been deleted.',
}

export function ErrorBanner({
  error,
  prefix,
  onRetry,
  onSetUpModel,
  card,
  testId,
}: {
  /** What the rejected call threw (or a sentence already in the rep's words); nothing shows when null. */
  error: unknown
  /** Says which part failed, when the screen shows more than one ("Coach review"). */
  prefix?: string
  /** Offered for failures that may pass (internal, conflict). */
  onRetry?(): void
  /** Offered when the speech model is missing or broken. */
  onSetUpModel?(): void
  /** The whole screen failed: shown as the card itself. */
  card?: boolean
  testId?: string
}) {
  useEffect(() => {
    if (error !== null && error !== undefined && typeof error !== 'string') logError(error)
  }, [error])
  if (error === null || error === undefined) return null
  const code = typeof error === 'string' ? null : errorCode(error)
  const text = typeof error === 'string' ? error : describeError(error)
  const more = code ? FOLLOW_UP[code] : undefined
  const said = more && !text.includes(more) ? `${text} ${more}` : text
  return (
    <div className={`${card ? 'card ' : ''}banner error`} role="alert" data-error-code={code ?? undefined} data-testid={testId}>
      {prefix ? `${prefix}: ` : ''}
      {said}
      {onRetry && (code === 'internal' || code === 'conflict') && (
        <>
          {' '}
          <button className="btn small" onClick={onRetry}>
            Try again
          </button>
        </>
      )}
      {onSetUpModel && code === 'model' && (
        <>
          {' '}
          <button className="btn small" onClick={onSetUpModel}>
            Set up speech recognition
          </button>
        </>
      )}
    </div>
  )
}
