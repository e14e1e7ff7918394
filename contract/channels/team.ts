/** The team server: sync settings, sharing, rounds, the team queue and figures. */
import { z } from 'zod'
import { SHARE_KINDS, TEAM_ROLES } from '../vocabulary'
import { EpochMs, Id, NoInput } from './common'
import { Verdict } from './rehearsal'

/** Team sync as the settings screen shows it; the token itself never comes back to the renderer. */
export const TeamSyncState = z.object({
  enabled: z.boolean(),
  serverUrl: z.string().nullable(),
  hasToken: z.boolean(),
  autoShare: z.object({ rehearsals: z.boolean(), debriefs: z.boolean(), plans: z.boolean() }),
  pending: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** Who the server says the token is, after the last successful round; null before. */
  identity: z.object({ name: z.string(), role: z.enum(TEAM_ROLES), team: z.string() }).nullable(),
  lastSyncAt: EpochMs.nullable(),
})
export type TeamSyncState = z.infer<typeof TeamSyncState>

export const TeamSyncReport = z.object({
  offline: z.boolean(),
  sent: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
  addedReviews: z.number().int().nonnegative(),
  addedComments: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  errors: z.array(z.string()),
})
export type TeamSyncReport = z.infer<typeof TeamSyncReport>

export const TeamQueueItem = z.object({
  callId: Id,
  repName: z.string(),
  prospectName: z.string().nullable(),
  attempt: z.number().int().positive().nullable(),
  startedAt: EpochMs,
  durationMs: z.number().int().nonnegative().nullable(),
  flagCount: z.number().int().nonnegative(),
  previousVerdict: Verdict.nullable(),
  /** Already pulled onto this computer, so it opens in Coach review. */
  onThisComputer: z.boolean(),
})
export type TeamQueueItem = z.infer<typeof TeamQueueItem>

export const TeamWeekFigures = z.object({
  weekStart: EpochMs,
  calls: z.number().int().nonnegative(),
  flagsPerCallByKind: z.record(z.string(), z.number().nonnegative()),
  rehearsals: z.number().int().nonnegative(),
  rehearsalsReviewed: z.number().int().nonnegative(),
  medianFirstGiveMs: z.number().int().nonnegative().nullable(),
})
export const TeamFiguresDto = z.object({ team: z.string(), weeks: z.array(TeamWeekFigures) })
export type TeamFiguresDto = z.infer<typeof TeamFiguresDto>

export const teamChannels = {
  /** Team server: off until the rep turns it on; nothing is sent that the rep did not choose to share. */
  getTeamSync: { channel: 'team:get', input: NoInput, output: TeamSyncState },
  updateTeamSync: {
    channel: 'team:update',
    input: z
      .object({
        enabled: z.boolean().optional(),
        serverUrl: z.string().trim().url().max(2000).nullable().optional(),
        token: z.string().trim().regex(/^cdt_[A-Za-z0-9_-]{43}$/, 'a team token looks like cdt_ followed by 43 characters').nullable().optional(),
        autoShare: z.object({ rehearsals: z.boolean(), debriefs: z.boolean(), plans: z.boolean() }).strict().optional(),
      })
      .strict(),
    output: TeamSyncState,
  },
  shareWithTeam: {
    channel: 'team:share',
    input: z.object({ kind: z.enum(SHARE_KINDS), id: Id }).strict(),
    output: TeamSyncState,
  },
  syncTeamNow: { channel: 'team:sync', input: NoInput, output: TeamSyncReport },
  /** A coach's queue across the team, as the server has it. */
  getTeamQueue: { channel: 'team:queue', input: NoInput, output: z.array(TeamQueueItem) },
  getTeamFigures: { channel: 'team:figures', input: z.object({ weeks: z.number().int().min(1).max(52).default(8) }).strict(), output: TeamFiguresDto },
} as const
