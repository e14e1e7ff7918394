/** How a refused call travels back: the error code, message and issues, in an envelope. */
import { z } from 'zod'
import { ERROR_CODES } from '../vocabulary'

export const ErrorCode = z.enum(ERROR_CODES)
export type ErrorCode = z.infer<typeof ErrorCode>

export const IpcErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** For validation errors: where and what, e.g. "pcm: PCM frame must hold whole 16-bit samples". */
  issues: z.array(z.string()).optional(),
})
export type IpcErrorShape = z.infer<typeof IpcErrorShape>

/**
 * Every invoke reply is an envelope. Electron rewrites thrown errors into
 * "Error invoking remote method …" strings; an envelope keeps code and issues intact.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorShape }
