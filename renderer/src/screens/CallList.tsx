/**
 * Every call, rehearsal and script check, newest first: search across what was
 * said and who it was with, filters by kind and prospect, pages of 50. Each
 * row says what it was (badge), how long, and how many flags; rename and
 * delete (after a confirmation: the recording goes too) are on the row.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useEffect, useMemo, useState } from 'react'
import type { CallListItem, CallMode } from '../../../contract/ipc-contract'
import { api } from '../api'
import { MODE_LABEL } from '../call-title'
import { ErrorBanner } from '../components/ErrorBanner'
import { keys } from '../data/keys'
import { CALL_PAGE, useCallList, useProspects } from '../data/queries'
import { formatClock } from '../hooks'

/** A call that moved up while pages were read (a new call came first) can be on two pages: list it once. */
const dedupe = (items: CallListItem[]) => items.filter((c, i) => items.findIndex((o) => o.id === c.id) === i)
const STATUS_LABEL: Record<CallListItem['status'], string | null> = {
  recording: 'Recording',
  completed: null,
  interrupted: 'Recovered',
  failed: 'Failed',
}

export function CallList({
  selected,
  onSelect,
  onDeleted,
}: {
  selected: string | null
  onSelect(id: string): void
  /** The call open on the right was deleted: close it. */
  onDeleted?(id: string): void
}) {
  const [query, setQuery] = useState('')
  const [mode, setMode] = useState<CallMode | ''>('')
  const [prospectId, setProspectId] = useState('')
  const [open, setOpen] = useState<string | null>(null)
  // Typing searches as it goes, once the keys pause; the filters apply at once.
  const [typed, setTyped] = useState('')
  useEffect(() => {
    const t = setTimeout(() => setTyped(query), query ? 150 : 0)
    return () => clearTimeout(t)
  }, [query])
  // Main's events (a call starts, stops, finishes transcribing; prospects change) refresh it: data/event-bridge.ts.
  const list = useCallList({ query: typed, mode, prospectId })
  const prospects = useProspects().data ?? []
  const client = useQueryClient()
  const items = useMemo(() => dedupe(list.data?.pages.flatMap((p) => p.items) ?? []), [list.data])
  const total = list.data?.pages.at(-1)?.total ?? null

  const filtered = !!(query.trim() || mode || prospectId)
  return (
    <div className="card calls">
      <div className="calls-head">
        <h2>Calls</h2>
        {total !== null && (
          <span className="muted small" data-testid="call-count">
            {items.length < total ? `${items.length} of ${total}` : `${total}`}
          </span>
        )}
      </div>
      <div className="call-filters">
        <input type="search" aria-label="Search calls" placeholder="Search what was said, or who" value={query} onChange={(e) => setQuery(e.target.value)} />
        <div className="filter-row">
          <select aria-label="Kind" value={mode} onChange={(e) => setMode(e.target.value as CallMode | '')}>
            <option value="">All kinds</option>
            <option value="call">Calls</option>
            <option value="rehearsal">Rehearsals</option>
            <option value="script-check">Script checks</option>
          </select>
          <select aria-label="Calls with" value={prospectId} onChange={(e) => setProspectId(e.target.value)}>
            <option value="">All prospects</option>
            {prospects.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <ErrorBanner error={list.error} onRetry={() => void list.refetch()} />
      {total === 0 ? (
        <p className="muted">{filtered ? 'No call matches. Try fewer words or another filter.' : 'Your recorded calls will be listed here.'}</p>
      ) : (
        <ul className="call-list" data-testid="call-list">
          {items.map((call) => (
            <CallRow
              key={call.id}
              call={call}
              selected={selected === call.id}
              open={open === call.id}
              onOpen={() => setOpen((o) => (o === call.id ? null : call.id))}
              onSelect={() => onSelect(call.id)}
              onChanged={() => {
                setOpen(null)
                void client.invalidateQueries({ queryKey: keys.calls.all })
              }}
              onDeleted={() => {
                void client.invalidateQueries({ queryKey: keys.calls.all })
                onDeleted?.(call.id)
              }}
            />
          ))}
          {total !== null && items.length < total && (
            <li>
              <button className="btn small more" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                Show {Math.min(CALL_PAGE, total - items.length)} more
              </button>
            </li>
          )}
        </ul>
      )}
    </div>
  )
}

function CallRow({
  call,
  selected,
  open,
  onOpen,
  onSelect,
  onChanged,
  onDeleted,
}: {
  call: CallListItem
  selected: boolean
  open: boolean
  onOpen(): void
  onSelect(): void
  onChanged(): void
  onDeleted(): void
}) {
  const [action, setAction] = useState<'rename' | 'delete' | null>(null)
  const [title, setTitle] = useState(call.title ?? '')
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    if (!open) setAction(null)
  }, [open])
  const length = call.lengthMs
  const status = STATUS_LABEL[call.status]
  // Untitled and without a prospect: named by what it was, as its badge says.
  const name = call.title ?? call.prospectName ?? MODE_LABEL[call.mode]
  const run = async (fn: () => Promise<unknown>, after: () => void) => {
    setError(null)
    try {
      await fn()
      after()
    } catch (e) {
      setError(e)
    }
  }
  return (
    <li className={`call-row ${selected ? 'selected' : ''}`}>
      <button className={`call-item ${selected ? 'selected' : ''}`} onClick={onSelect} data-testid="call-item" data-call-id={call.id} data-mode={call.mode}>
        <span className="call-when">
          <span className={`kind-badge ${call.mode}`}>{MODE_LABEL[call.mode]}</span>
          <span className="call-name">{name}</span>
        </span>
        <span className="call-meta">
          {new Date(call.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })} · {length !== null ? formatClock(length) : 'now'}
          {' · '}
          <span className={call.flagCount ? 'flag-count' : ''}>{call.flagCount === 0 ? 'no flags' : `${call.flagCount} flag${call.flagCount === 1 ? '' : 's'}`}</span>
        </span>
        {call.match && <MatchLine text={call.match.text} atMs={call.match.atMs} />}
        {status && <span className={`status ${call.status}`}>{status}</span>}
      </button>
      <button className="row-menu" aria-label={`More for ${name}`} aria-expanded={open} onClick={onOpen} disabled={call.status === 'recording'}>
        <span aria-hidden>⋯</span>
      </button>
      {open && (
        <div className="row-actions-pop" role="group" aria-label={`Actions for ${name}`}>
          {action === 'rename' ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault()
                void run(() => api().renameCall({ callId: call.id, title }), () => {
                  setAction(null)
                  onChanged()
                })
              }}
            >
              <label className="field">
                <span>Name of this call (empty for “{call.prospectName ?? MODE_LABEL[call.mode]}”)</span>
                <input value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} autoFocus onKeyDown={(e) => e.key === 'Escape' && setAction(null)} />
              </label>
              <div className="form-actions">
                <button className="btn small primary" type="submit">
                  Save name
                </button>
                <button className="btn small" type="button" onClick={() => setAction(null)}>
                  Cancel
                </button>
              </div>
            </form>
          ) : action === 'delete' ? (
            <div className="confirm" role="alertdialog" aria-label="Delete this call?">
              <p>
                Delete “{name}” of {new Date(call.startedAt).toLocaleDateString()}? Its recording, transcript, flags and notes go too. This cannot be undone.
              </p>
              <div className="form-actions">
                <button className="btn small danger" onClick={() => void run(() => api().deleteCall({ callId: call.id }), onDeleted)}>
                  Delete call
                </button>
                <button className="btn small" onClick={() => setAction(null)} autoFocus>
                  Keep it
                </button>
              </div>
            </div>
          ) : (
            <div className="form-actions">
              <button className="btn small" onClick={() => setAction('rename')}>
                Rename
              </button>
              <button className="btn small" onClick={() => setAction('delete')}>
                Delete…
              </button>
            </div>
          )}
          <ErrorBanner error={error} />
        </div>
      )}
    </li>
  )
}

/** The line that matched, with the matched words highlighted (markers from main, never HTML). */
function MatchLine({ text, atMs }: { text: string; atMs: number }) {
  const parts = text.split(/(\u0002[^\u0003]*\u0003)/)
  return (
    <span className="call-match" data-testid="call-match">
      <span className="time">{formatClock(atMs)}</span>{' '}
      {parts.map((p, i) => (p.startsWith('\u0002') ? <mark key={i}>{p.slice(1, -1)}</mark> : <span key={i}>{p}</span>))}
    </span>
  )
}
