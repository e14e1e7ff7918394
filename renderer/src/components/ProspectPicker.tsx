import { useEffect, useState } from 'react'
import type { Prospect } from '../../../contract/ipc-contract'
import { api, errorMessage } from '../api'

/** Who the call is with: pick one, or add one in two fields without leaving the screen. */
export function ProspectPicker({ value, onChange, disabled }: { value: string; onChange(id: string): void; disabled: boolean }) {
  const [prospects, setProspects] = useState<Prospect[]>([])
  const [adding, setAdding] = useState(false)
  const [name, setName] = useState('')
  const [company, setCompany] = useState('')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    api().listProspects().then(setProspects).catch((e) => setError(errorMessage(e)))
  }, [])

  const add = async () => {
    try {
      const p = await api().createProspect({ name, ...(company.trim() ? { company } : {}) })
      setProspects((prev) => [...prev, p].sort((a, b) => a.name.localeCompare(b.name)))
      onChange(p.id)
      setAdding(false)
      setName('')
      setCompany('')
      setError(null)
    } catch (e) {
      setError(errorMessage(e))
    }
  }

  if (adding) {
    return (
      <form
        className="prospect-add"
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <input aria-label="Prospect name" placeholder="Name" value={name} onChange={(e) => setName(e.target.value)} autoFocus />
        <input aria-label="Company" placeholder="Company" value={company} onChange={(e) => setCompany(e.target.value)} />
        <button className="btn small primary" type="submit" disabled={!name.trim()}>
          Add
        </button>
        <button className="btn small" type="button" onClick={() => setAdding(false)}>
          Cancel
        </button>
        {error && <span className="failed">{error}</span>}
      </form>
    )
  }
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
        {prospects.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
            {p.company ? ` · ${p.company}` : ''}
          </option>
        ))}
        <option value="__new">＋ New prospect…</option>
      </select>
    </label>
  )
}
