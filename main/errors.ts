import type { ErrorCode } from '../contract/ipc-contract'

/** An error meant for the user: its message is shown as is, its code drives the UI. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: string[],
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = (what: string) => new AppError('not-found', `${what} was not found.`)
export const conflict = (message: string) => new AppError('conflict', message)
