/**
 * The team server settings, in their own settings key ('team'), apart from
 * the app's: off by default, and nothing is shared until the rep turns it on
 * and chooses what goes (each item by hand, or a kind automatically).
 */
import { z } from 'zod'
import type { Store } from '../store'

export const TeamToken = z.string().regex(/^cdt_[A-Za-z0-9_-]{43}$/, 'a team token looks like cdt_ followed by 43 characters')

export const TeamSettings = z.strictObject({
  enabled: z.boolean().default(false),
  serverUrl: z
    .string()
    .url()
    .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
    .nullable()
    .default(null),
  token: TeamToken.nullable().default(null),
  /** What is sent without asking each time; everything else only when shared by hand. */
  autoShare: z
    .strictObject({ rehearsals: z.boolean().default(false), debriefs: z.boolean().default(false), plans: z.boolean().default(false) })
    .default({ rehearsals: false, debriefs: false, plans: false }),
})
export type TeamSettings = z.infer<typeof TeamSettings>

const KEY = 'team'

export class TeamSettingsIncomplete extends Error {
  constructor() {
    super('Team sync needs the server URL and your token before it can be turned on.')
  }
}

export function readTeamSettings(store: Store): TeamSettings {
  const parsed = TeamSettings.safeParse(store.settings.get(KEY) ?? {})
  // A hand-edited or future value that does not parse turns sync off rather than sending anything.
  return parsed.success ? parsed.data : TeamSettings.parse({})
}

export function writeTeamSettings(store: Store, patch: Partial<z.input<typeof TeamSettings>>): TeamSettings {
  const next = TeamSettings.parse({ ...readTeamSettings(store), ...patch })
  if (next.enabled && (!next.serverUrl || !next.token)) {
    throw new TeamSettingsIncomplete()
  }
  store.settings.set(KEY, next)
  return next
}
