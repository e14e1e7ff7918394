import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { Prospect } from '../../../contract/ipc-contract'
import { api } from '../api'
import { keys } from '../data/keys'
import { useProspects } from '../data/queries'
import { ErrorBanner } from './ErrorBanner'

/** Who the call is with: pick one, or add one in two fields without leaving the screen. */
export function ProspectPicker({ value, onChange, disabled }: { value: string; onChange(id: string): void; disabled: boolean }) {
  // Prospects are added and change status elsewhere too (the prospect page, an import): main's event refreshes them (data/event-bridge.ts).
  const list = useProspects()
  const prospects: Prospect[] = list.data ?? []
  const client = useQueryClient()
  const [adding, setAdding] = useState(false)
  const [name, setName] = useState('')
  const [company, setCompany] = useState('')
  const [error, setError] = useState<unknown>(null)

  const add = async () => {
    try {
      const p = await api().createProspect({ name, ...(company.trim() ? { company } : {}) })
      // Picked once the list has it, so the select shows the new name.
      await client.invalidateQueries({ queryKey: keys.prospects.list() })
      onChange(p.id)
      setAdding(false)
      setName('')
      setCompany('')
      setError(null)
    } catch (e) {
      setError(e)
    }
  }

  if (adding) {
    return (
      <form
        className="prospect-add"
        aria-label="New prospect"
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <label className="field">
          <span>Prospect name</span>
          <input value={name} onChange={(e) => setName(e.target.value)} autoFocus autoComplete="off" />
        </label>
        <label className="field">
          <span>Company</span>
          <input value={company} onChange={(e) => setCompany(e.target.value)} autoComplete="off" />
        </label>
        <div className="form-actions">
          <button className="btn small primary" type="submit" disabled={!name.trim()}>
            Add
          </button>
          <button className="btn small" type="button" onClick={() => setAdding(false)}>
            Cancel
          </button>
        </div>
        <ErrorBanner error={error} />
      </form>
    )
  }
  // Active prospects first. "Not now" means call back later, so they stay pickable in their own
  // group. Dead ones are left out, except the one already picked (a scheduled call started for
  // them), so the picker never shows "No prospect" for a call that has one.
  const active = prospects.filter((p) => p.status === 'active')
  const notNow = prospects.filter((p) => p.status === 'not-now')
  const dead = prospects.filter((p) => p.status === 'dead' && p.id === value)
  return (
    <label className="field">
      <span>Calling</span>
      <select
        aria-label="Prospect"
        value={value}
        disabled={disabled}
        onChange={(e) => (e.target.value === '__new' ? setAdding(true) : onChange(e.target.value))}
      >
        <option value="">No prospect</option>
        {active.map(option)}
        {notNow.length > 0 && <optgroup label="Not now">{notNow.map(option)}</optgroup>}
        {dead.length > 0 && <optgroup label="Dead">{dead.map(option)}</optgroup>}
        <option value="__new">+ New prospect…</option>
      </select>
    </label>
  )
}

const option = (p: Prospect) => (
  <option key={p.id} value={p.id}>
    {p.name}
    {p.company ? ` · ${p.company}` : ''}
  </option>
)
