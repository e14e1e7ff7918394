/**
 * Who is using Call Desk on this computer, and as what (rep or coach). Kept in
 * settings; every comment and verdict is signed with it.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { useDismiss } from '../components/dismiss'
import type { Profile } from '../../../contract/ipc-contract'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { RadioGroup } from '../components/RadioGroup'
import './rehearsal.css'

export function ProfileSwitch({ profile, onChange }: { profile: Profile | null; onChange(p: Profile): void }) {
  const [open, setOpen] = useState(false)
  const [name, setName] = useState(profile?.name ?? '')
  const [role, setRole] = useState<Profile['role']>(profile?.role ?? 'rep')
  const [error, setError] = useState<unknown>(null)
  const ref = useRef<HTMLDivElement>(null)
  const close = useCallback(() => setOpen(false), [])
  const opener = useCallback(() => ref.current?.querySelector<HTMLElement>('[data-testid="profile-button"]'), [])
  useDismiss(ref, open, close, opener)
  useEffect(() => {
    setName(profile?.name ?? '')
    setRole(profile?.role ?? 'rep')
  }, [profile?.name, profile?.role])

  const save = async () => {
    setError(null)
    try {
      const settings = await api().updateSettings({ profile: { name, role } })
      if (settings.profile) onChange(settings.profile)
      setOpen(false)
    } catch (e) {
      setError(e)
    }
  }

  return (
    <div className="profile-switch" ref={ref}>
      <button className={`profile-btn ${profile?.role ?? 'none'}`} aria-expanded={open} onClick={() => setOpen((o) => !o)} data-testid="profile-button">
        {profile ? (
          <>
            <span className="profile-name">{profile.name}</span>
            <span className={`role-pill ${profile.role}`}>{profile.role === 'coach' ? 'Coach' : 'Rep'}</span>
          </>
        ) : (
          'Set profile'
        )}
      </button>
      {open && (
        <form
          className="profile-pop"
          aria-label="Profile"
          onSubmit={(e) => {
            e.preventDefault()
            void save()
          }}
        >
          <label className="field">
            <span>Your name</span>
            <input aria-label="Your name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} autoFocus />
          </label>
          <RadioGroup<Profile['role']>
            label="Role"
            value={role}
            options={[
              { value: 'rep', label: 'Rep' },
              { value: 'coach', label: 'Coach' },
            ]}
            onChange={setRole}
          />
          <p className="muted small">Comments and verdicts are signed with your name and role.</p>
          <ErrorBanner error={error} />
          <div className="form-actions">
            <button className="btn primary small" type="submit">
              Save profile
            </button>
            <button className="btn small" type="button" onClick={() => setOpen(false)}>
              Close
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
