/** Thrown instead of touching a file whose schema is newer than this build understands. */
export class DatabaseTooNewError extends Error {
  constructor(
    readonly filePath: string,
    readonly foundVersion: number,
    readonly latestKnownVersion: number,
  ) {
    super(
      `This database (${filePath}) was written by a newer version of Call Desk ` +
        `(schema version ${foundVersion}; this app knows up to ${latestKnownVersion}). ` +
        `Update Call Desk, or move the file aside to start fresh.`,
    )
    this.name = 'DatabaseTooNewError'
  }
}

/** A read-only open cannot run migrations, so an older schema is refused rather than half-read. */
export class DatabaseNeedsUpgradeError extends Error {
  constructor(
    readonly filePath: string,
    readonly foundVersion: number,
    readonly latestKnownVersion: number,
  ) {
    super(
      `This database (${filePath}) has schema version ${foundVersion} and needs upgrading to ` +
        `version ${latestKnownVersion}, which a read-only open cannot do. ` +
        `Open it once with Call Desk (read-write) first.`,
    )
    this.name = 'DatabaseNeedsUpgradeError'
  }
}
