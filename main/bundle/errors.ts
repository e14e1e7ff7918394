/**
 * Every way a bundle can be refused. The UI can switch on `code`; the message
 * is written for the user and names the entry (and field) at fault.
 */
export type BundleErrorCode =
  // archive level
  | 'not-a-zip'
  | 'truncated'
  | 'corrupt'
  | 'unsupported'
  | 'too-large'
  | 'too-many-entries'
  | 'entry-too-large'
  | 'unsafe-name'
  | 'unknown-entry'
  | 'duplicate-entry'
  | 'missing-entry'
  // content level
  | 'wrong-format'
  | 'unsupported-version'
  | 'invalid-json'
  | 'invalid-data'
  | 'duplicate-id'
  | 'inconsistent'
  | 'invalid-audio'
  // against the local store / disk
  | 'id-conflict'
  | 'already-imported'
  | 'unknown-call'
  | 'file-exists'
  | 'write-failed'
  // export side
  | 'not-found'
  | 'not-a-rehearsal'
  | 'not-ready'
  | 'audio-missing'
  | 'nothing-to-export'

export class BundleError extends Error {
  constructor(
    readonly code: BundleErrorCode,
    message: string,
    /** The archive entry at fault, e.g. 'flags.json'. */
    readonly entry?: string,
    /** The field inside it, e.g. '[2].segmentUid'. */
    readonly field?: string,
  ) {
    super(message)
    this.name = 'BundleError'
  }
}
