/**
 * IPC handlers for the team server: settings (off by default), sharing one
 * thing, a sync round, the coach's team queue and the team figures. A round
 * also runs by itself every minute while sync is on (offline rounds just
 * leave the outbox waiting).
 */
import type { TeamSyncState } from '../../../contract/ipc-contract'
import { AppError } from '../../errors'
import { ZodError } from 'zod'
import { formatIssues, type Handlers } from '../dispatch'
import type { SettingsService } from '../../settings/settings-service'
import type { Store } from '../../store'
import { TeamSyncSchemaMissing } from '../../sync/outbox'
import { TeamOffline, TeamRefused, type Fetch } from '../../sync/team-client'
import { SharingOff, TeamSync } from '../../sync/team-sync'
import { TeamSettingsIncomplete } from '../../sync/team-settings'

export type TeamHandlerName = 'getTeamSync' | 'updateTeamSync' | 'shareWithTeam' | 'syncTeamNow' | 'getTeamQueue' | 'getTeamFigures'

export interface TeamDeps {
  store: Store
  settings: SettingsService
  recordingsDir: string
  fetch?: Fetch
  /** Milliseconds between background rounds; 0 turns them off (tests). */
  intervalMs?: number
}

function toAppError(error: unknown): unknown {
  if (error instanceof TeamSyncSchemaMissing || error instanceof SharingOff) return new AppError('conflict', error.message)
  if (error instanceof TeamOffline) return new AppError('conflict', error.message)
  if (error instanceof TeamRefused) return new AppError(error.status === 403 ? 'forbidden' : error.status === 404 ? 'not-found' : 'conflict', error.message, [`team server: ${error.code}`])
  if (error instanceof TeamSettingsIncomplete) return new AppError('validation', error.message, ['enabled: needs serverUrl and token'])
  if (error instanceof ZodError) return new AppError('validation', 'These team settings are not valid.', formatIssues(error))
  if (error instanceof Error && !(error instanceof AppError)) return new AppError('validation', error.message)
  return error
}

async function guarded<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (error) {
    throw toAppError(error)
  }
}

export function teamHandlers(deps: TeamDeps): { handlers: Pick<Handlers, TeamHandlerName>; stop: () => void } {
  let sync: TeamSync | undefined
  // Made on first use: a database without the outbox (schema < 6) still opens, and only team features refuse.
  const teamSync = (): TeamSync =>
    (sync ??= new TeamSync({ store: deps.store, recordingsDir: deps.recordingsDir, profile: () => deps.settings.get().profile, fetch: deps.fetch }))

  const state = (): TeamSyncState => {
    const s = teamSync()
    const cfg = s.settings()
    const st = s.status()
    const last = s.lastRound()
    return {
      enabled: cfg.enabled,
      serverUrl: cfg.serverUrl,
      hasToken: cfg.token !== null,
      autoShare: cfg.autoShare,
      pending: st.pending,
      sent: st.sent,
      refused: st.refused,
      lastError: st.lastError,
      identity: last.identity,
      lastSyncAt: last.at,
    }
  }

  let timer: NodeJS.Timeout | undefined
  const interval = deps.intervalMs ?? 60_000
  if (interval > 0) {
    timer = setInterval(() => {
      try {
        if (teamSync().settings().enabled) void teamSync().syncNow().catch(() => undefined)
      } catch {
        // No outbox in this database yet: nothing to sync.
      }
    }, interval)
    timer.unref()
  }

  return {
    stop: () => clearInterval(timer),
    handlers: {
      getTeamSync: () => guarded(state),
      updateTeamSync: (patch) =>
        guarded(() => {
          teamSync().configure({
            ...(patch.enabled !== undefined ? { enabled: patch.enabled } : {}),
            ...(patch.serverUrl !== undefined ? { serverUrl: patch.serverUrl } : {}),
            ...(patch.token !== undefined ? { token: patch.token } : {}),
            ...(patch.autoShare !== undefined ? { autoShare: patch.autoShare } : {}),
          })
          return state()
        }),
      shareWithTeam: ({ kind, id }) =>
        guarded(() => {
          teamSync().share(kind, id)
          return state()
        }),
      syncTeamNow: () =>
        guarded(async () => {
          const round = await teamSync().syncNow({ force: true })
          if (!round) throw new SharingOff()
          const { push, pull } = round
          return {
            offline: push.offline || pull.offline,
            sent: push.sent,
            refused: push.refused,
            waiting: push.waiting,
            addedReviews: pull.addedReviews,
            addedComments: pull.addedComments,
            imported: pull.imported,
            errors: [...push.errors, ...pull.errors],
          }
        }),
      getTeamQueue: () =>
        guarded(async () =>
          (await teamSync().teamQueue()).map((r) => ({
            callId: r.id,
            repName: r.repName,
            prospectName: r.prospectName,
            attempt: r.attempt,
            startedAt: r.startedAt,
            durationMs: r.durationMs,
            flagCount: r.flagCount,
            previousVerdict: r.previousVerdict,
            onThisComputer: deps.store.calls.get(r.id) !== undefined,
          })),
        ),
      getTeamFigures: ({ weeks }) => guarded(() => teamSync().teamFigures(weeks)),
    },
  }
}
