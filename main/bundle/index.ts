export { BundleError, type BundleErrorCode } from './errors'
export {
  DEFAULT_REHEARSAL_LIMITS,
  REHEARSAL_ENTRIES,
  exportRehearsalBundle,
  cleanInterruptedImports,
  importRehearsalBundle,
  readRehearsalBundle,
  type BundleOptions,
  type RehearsalBundle,
  type RehearsalImportResult,
} from './rehearsal-bundle'
export {
  DEFAULT_REVIEW_LIMITS,
  REVIEW_ENTRIES,
  exportReviewBundle,
  mergeReviewBundle,
  readReviewBundle,
  type ReviewBundle,
  type ReviewMergeResult,
} from './review-bundle'
export { BUNDLE_VERSION, REHEARSAL_FORMAT, REVIEW_FORMAT } from './schemas'
export type { ZipLimits } from './zip'
export { readBundleFile, writeBundleFile } from './files'
