/** The local profile (name + rep/coach) in settings: validated, persisted, and a bad stored one ignored. */
import { describe, expect, it } from 'vitest'
import { SettingsService } from '../../main/settings/settings-service'
import { createStore } from '../../main/store'
import { useStore } from '../store/helpers'
import { rehearsalBundleName, reviewBundleName } from '../../main/rehearsal/bundle-names'

describe('profile setting', () => {
  const s = useStore()

  it('is trimmed, stored with the other settings and read back after reopening', () => {
    const service = new SettingsService(s.store())
    service.update({ microphoneId: 'headset' })
    expect(service.update({ profile: { name: '  Coach Carl  ', role: 'coach' } })).toEqual({ microphoneId: 'headset', profile: { name: 'Coach Carl', role: 'coach' } })
    s.store().close()
    const reopened = createStore(s.file())
    try {
      expect(new SettingsService(reopened).get().profile).toEqual({ name: 'Coach Carl', role: 'coach' })
    } finally {
      reopened.close()
    }
  })

  it('refuses a profile without a name or with an unknown role, keeping the one stored', () => {
    const service = new SettingsService(s.store())
    service.update({ profile: { name: 'Sam', role: 'rep' } })
    for (const bad of [{ name: ' ', role: 'rep' }, { name: 'Sam', role: 'admin' }, { name: 'x'.repeat(101), role: 'coach' }]) {
      expect(() => service.update({ profile: bad as never })).toThrow()
    }
    expect(service.get().profile).toEqual({ name: 'Sam', role: 'rep' })
  })

  it('ignores a hand-edited profile that fails validation, keeping the other fields', () => {
    s.store().settings.set('app', { microphoneId: 'headset', profile: { name: 'Eve', role: 'superuser' } })
    expect(new SettingsService(s.store()).get()).toEqual({ microphoneId: 'headset' })
  })
})

describe('bundle file names', () => {
  it('name the prospect, the day, the attempt or reviewer, and the kind, with nothing unsafe in them', () => {
    const at = Date.UTC(2026, 2, 4, 15, 0)
    expect(rehearsalBundleName('Dana Reyes', at, 2)).toBe('Dana-Reyes-2026-03-04-attempt-2.calldesk-rehearsal.zip')
    expect(rehearsalBundleName(null, at, null)).toBe('rehearsal-2026-03-04.calldesk-rehearsal.zip')
    expect(reviewBundleName('../../etc/passwd', at, 'Coach/Carl')).toBe('etc-passwd-2026-03-04-review-Coach-Carl.calldesk-review.zip')
  })
})
