/**
 * IPC handlers for the remote coach: a rehearsal goes to the coach's machine
 * as one file and the review comes back as another. The bundle module does
 * the building, checking and applying; this only asks where to save or what to
 * open (a native dialog in Electron) and turns refusals into messages.
 */
import path from 'node:path'
import {
  BundleError,
  DEFAULT_REVIEW_LIMITS,
  exportRehearsalBundle,
  exportReviewBundle,
  importRehearsalBundle,
  mergeReviewBundle,
  readBundleFile,
  writeBundleFile,
} from '../../bundle'
import type { ErrorCode } from '../../../contract/ipc-contract'
import { AppError, conflict } from '../../errors'
import type { Handlers } from '../dispatch'
import { rehearsalBundleName, reviewBundleName } from '../../rehearsal/bundle-names'
import type { SettingsService } from '../../settings/settings-service'
import type { Store } from '../../store'
import type { Emit } from '../../../contract/emit'
import { requireCoach, reviewableRehearsal } from './rehearsal'

export type BundleKind = 'rehearsal' | 'review'

/** Where a bundle is saved or read from; undefined when the user cancels. */
export interface BundleFileChooser {
  save(kind: BundleKind, suggestedName: string): Promise<string | undefined>
  open(kind: BundleKind): Promise<string | undefined>
}

export type BundleHandlerName = 'exportRehearsalBundle' | 'importRehearsalBundle' | 'exportReviewBundle' | 'mergeReviewBundle'

export interface BundleDeps {
  store: Store
  settings: SettingsService
  recordingsDir: string
  chooser?: BundleFileChooser
  /** An import can bring prospects this machine did not have: open prospect lists reload. */
  emit?: Emit
}

const CODE: Partial<Record<BundleError['code'], ErrorCode>> = {
  'id-conflict': 'conflict',
  'already-imported': 'conflict',
  'file-exists': 'conflict',
  'not-ready': 'conflict',
  'not-found': 'not-found',
  'unknown-call': 'not-found',
  'audio-missing': 'not-found',
  'write-failed': 'internal',
}

/** The bundle's own message is written for the user; the code and place go along as an issue. */
export function toAppError(error: unknown): unknown {
  if (!(error instanceof BundleError)) return error
  const where = [error.entry, error.field].filter(Boolean).join(' ')
  return new AppError(CODE[error.code] ?? 'validation', error.message, [`${where || 'bundle'}: ${error.code}`])
}

function bundleCall<T>(fn: () => T): T {
  try {
    return fn()
  } catch (error) {
    throw toAppError(error)
  }
}

export function bundleHandlers(deps: BundleDeps): Pick<Handlers, BundleHandlerName> {
  const { store } = deps
  const chooser = (): BundleFileChooser => {
    if (!deps.chooser) throw conflict('Bundles need the desktop app’s file dialog.')
    return deps.chooser
  }
  /** Builds first, so a refusal (still transcribing, nothing to export) comes before the dialog. */
  const save = async (kind: BundleKind, name: string, bytes: Uint8Array) => {
    const file = await chooser().save(kind, name)
    if (!file) return { saved: false, fileName: null }
    bundleCall(() => writeBundleFile(file, bytes))
    return { saved: true, fileName: path.basename(file) }
  }

  return {
    exportRehearsalBundle: async ({ callId }) => {
      const call = reviewableRehearsal(store, callId)
      const bytes = bundleCall(() => exportRehearsalBundle(store, deps.recordingsDir, callId))
      const attempt = call.scheduledCallId ? store.rehearsals.listAttempts(call.scheduledCallId).find((a) => a.id === callId)?.attempt ?? null : null
      return save('rehearsal', rehearsalBundleName(store.calls.getSummary(callId)!.prospectName, call.startedAt, attempt), bytes)
    },

    importRehearsalBundle: async () => {
      const file = await chooser().open('rehearsal')
      if (!file) return null
      const result = bundleCall(() => importRehearsalBundle(store, deps.recordingsDir, readBundleFile(file)))
      if (result.added.prospects > 0) deps.emit?.('prospectsChanged', { prospectId: null })
      return {
        callId: result.callId,
        prospectName: store.calls.getSummary(result.callId)?.prospectName ?? null,
        segments: result.added.segments,
        flags: result.added.flags,
        hasAudio: result.audioFile !== null,
        keptLocal: result.keptLocal.length,
      }
    },

    exportReviewBundle: async ({ callId }) => {
      const coach = requireCoach(deps.settings)
      const call = reviewableRehearsal(store, callId)
      const bytes = bundleCall(() => exportReviewBundle(store, callId, coach.name))
      return save('review', reviewBundleName(store.calls.getSummary(callId)!.prospectName, call.startedAt, coach.name), bytes)
    },

    mergeReviewBundle: async () => {
      const file = await chooser().open('review')
      if (!file) return null
      const result = bundleCall(() => mergeReviewBundle(store, readBundleFile(file, DEFAULT_REVIEW_LIMITS.maxArchiveBytes)))
      return {
        callId: result.callId,
        scheduledCallId: store.calls.get(result.callId)?.scheduledCallId ?? null,
        addedComments: result.added.comments,
        addedReviews: result.added.reviews,
        skipped: result.skipped.comments + result.skipped.reviews,
      }
    },
  }
}
