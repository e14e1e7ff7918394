/**
 * App settings, one validated JSON document in the settings table. A value on
 * disk that fails validation (hand-edited, or from a future version) is ignored
 * field by field rather than crashing the app or silently reused.
 */
import { Settings } from '../../contract/ipc-contract'
import type { Store } from '../store'

const KEY = 'app'

export class SettingsService {
  constructor(private readonly store: Store) {}

  get(): Settings {
    const raw = this.store.settings.get(KEY)
    if (raw === undefined) return {}
    const parsed = Settings.safeParse(raw)
    if (parsed.success) return parsed.data
    // Keep the fields that are still valid.
    const result: Record<string, unknown> = {}
    if (raw && typeof raw === 'object') {
      for (const [field, schema] of Object.entries(Settings.shape)) {
        const value = (raw as Record<string, unknown>)[field]
        if (value !== undefined && schema.safeParse(value).success) result[field] = value
      }
    }
    return result as Settings
  }

  update(patch: Partial<Settings>): Settings {
    const next = Settings.parse({ ...this.get(), ...patch })
    this.store.settings.set(KEY, next)
    return next
  }
}
