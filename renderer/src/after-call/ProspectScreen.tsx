/**
 * Everything about one prospect, oldest first: each call (open its debrief),
 * each debrief, each note; their status (active, not now, dead, with the
 * reason) and the next scheduled call. No prospect is ever new again.
 */
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import type { HistoryItem, Note, ProspectProfile } from '../../../contract/ipc-contract'
import { api } from '../api'
import { callLengthMs } from '../call-title'
import { ErrorBanner } from '../components/ErrorBanner'
import { keys } from '../data/keys'
import { useProspect, useProspects } from '../data/queries'
import { formatClock } from '../hooks'
import { STATUS_LABEL, when } from './labels'

type Props = {
  prospectId: string | null
  onOpenCall(callId: string): void
  onOpenPlan(scheduledCallId: string): void
  onPickProspect(id: string): void
}

export function ProspectScreen(props: Props) {
  // One instance per prospect: what is typed and any error belong to that prospect only.
  return <ProspectView key={props.prospectId ?? ''} {...props} />
}

function ProspectView({ prospectId, onOpenCall, onOpenPlan, onPickProspect }: Props) {
  // A prospect added on the call screen, or a status just saved, shows in the "Open prospect" list: main's event refreshes both (data/event-bridge.ts).
  const prospects = useProspects()
  const all = prospects.data ?? []
  const query = useProspect(prospectId)
  const page = query.data ?? null
  const client = useQueryClient()
  const [error, setError] = useState<unknown>(null)
  // Null until the rep changes them: the stored status and reason show until then.
  const [statusTyped, setStatus] = useState<ProspectProfile['status'] | null>(null)
  const [reasonTyped, setReason] = useState<string | null>(null)
  const [note, setNote] = useState('')
  const [editing, setEditing] = useState<'rename' | 'delete' | null>(null)
  const [newName, setNewName] = useState('')
  const [newCompany, setNewCompany] = useState('')
  const status = statusTyped ?? page?.prospect.status ?? 'active'
  const reason = reasonTyped ?? page?.prospect.statusReason ?? ''

  const reload = () => prospectId && client.invalidateQueries({ queryKey: keys.prospects.one(prospectId) })
  const act = async (fn: () => Promise<unknown>) => {
    setError(null)
    try {
      await fn()
      setStatus(null)
      setReason(null)
      await reload()
    } catch (e) {
      setError(e)
    }
  }

  const picker = (
    <select aria-label="Open prospect" value={prospectId ?? ''} onChange={(e) => e.target.value && onPickProspect(e.target.value)}>
      <option value="">Pick a prospect…</option>
      {all.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
          {p.company ? ` · ${p.company}` : ''}
          {p.status !== 'active' ? ` (${STATUS_LABEL[p.status].toLowerCase()})` : ''}
        </option>
      ))}
    </select>
  )
  if (!prospectId) {
    return (
      <div className="card">
        <h2>Prospects</h2>
        <ErrorBanner error={prospects.error} />
        {all.length ? picker : <p className="muted">Add a prospect on the call screen; their calls, debriefs and notes collect here.</p>}
      </div>
    )
  }
  if (query.error && !page) return <ErrorBanner card error={query.error} onRetry={() => void query.refetch()} />
  if (!page) return <div className="card muted">Loading prospect…</div>
  const p = page.prospect
  return (
    <div className="card prospect" data-testid="prospect">
      <div className="detail-head">
        <div>
          <h2>
            {p.name} <span className={`pill status-${p.status}`}>{STATUS_LABEL[p.status]}</span>
          </h2>
          <p className="muted">
            {p.company ?? 'No company'}
            {p.statusReason ? ` · ${p.statusReason}` : ''}
          </p>
        </div>
        <div className="head-actions">
          {picker}
          <button
            className="btn small"
            onClick={() => {
              setNewName(p.name)
              setNewCompany(p.company ?? '')
              setEditing(editing === 'rename' ? null : 'rename')
            }}
            aria-expanded={editing === 'rename'}
          >
            Rename
          </button>
          <button className="btn small" onClick={() => setEditing(editing === 'delete' ? null : 'delete')} aria-expanded={editing === 'delete'}>
            Delete…
          </button>
        </div>
      </div>
      {editing === 'rename' && (
        <form
          className="inline-form prospect-edit"
          aria-label="Rename prospect"
          onSubmit={(e) => {
            e.preventDefault()
            void act(async () => {
              await api().renameProspect({ prospectId: p.id, name: newName, ...(newCompany.trim() ? { company: newCompany } : {}) })
              setEditing(null)
            })
          }}
        >
          <label className="field">
            <span>Name</span>
            <input value={newName} onChange={(e) => setNewName(e.target.value)} autoFocus />
          </label>
          <label className="field">
            <span>Company</span>
            <input value={newCompany} onChange={(e) => setNewCompany(e.target.value)} />
          </label>
          <div className="form-actions">
            <button className="btn small primary" type="submit" disabled={!newName.trim()}>
              Save
            </button>
            <button className="btn small" type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      {editing === 'delete' && (
        <div className="banner warn confirm" role="alertdialog" aria-label="Delete this prospect?">
          <p>
            Delete {p.name}? Their scheduled calls, plans and notes go too. Their recorded calls are kept, without a prospect.
          </p>
          <div className="form-actions">
            <button
              className="btn small danger"
              onClick={() =>
                void api()
                  .deleteProspect({ prospectId: p.id })
                  .then(() => onPickProspect(''))
                  .catch(setError)
              }
            >
              Delete prospect
            </button>
            <button className="btn small" onClick={() => setEditing(null)} autoFocus>
              Keep them
            </button>
          </div>
        </div>
      )}
      <ErrorBanner error={error} />

      <h3>Next call</h3>
      {page.nextScheduledCall ? (
        <div className="next-call">
          <span>{when(page.nextScheduledCall.scheduledAt)}</span>
          <button className="btn small" onClick={() => onOpenPlan(page.nextScheduledCall!.id)}>
            Open plan
          </button>
        </div>
      ) : (
        <p className="muted">Nothing scheduled. Plan one from a call’s debrief.</p>
      )}

      <h3>Status</h3>
      <form
        className="status-form"
        onSubmit={(e) => {
          e.preventDefault()
          void act(() => api().setProspectStatus({ prospectId: p.id, status, ...(reason.trim() ? { reason } : {}) }))
        }}
      >
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.target.value as ProspectProfile['status'])}>
          <option value="active">Active</option>
          <option value="not-now">Not now</option>
          <option value="dead">Dead</option>
        </select>
        <input aria-label="Reason" placeholder={status === 'active' ? 'Reason (optional)' : 'Why? (required)'} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button className="btn small" type="submit">
          Save status
        </button>
      </form>

      <h3>History</h3>
      {page.history.length === 0 ? (
        <p className="muted">No calls or notes yet.</p>
      ) : (
        <ol className="history-list" data-testid="history">
          {page.history.map((h) => (
            <HistoryRow key={`${h.type}-${h.type === 'call' ? h.call.id : h.type === 'debrief' ? h.callId : h.note.id}`} item={h} onOpenCall={onOpenCall} onChanged={() => void reload()} />
          ))}
        </ol>
      )}
      <form
        className="note-form"
        onSubmit={(e) => {
          e.preventDefault()
          void act(async () => {
            await api().addProspectNote({ prospectId: p.id, body: note })
            setNote('')
          })
        }}
      >
        <textarea aria-label="New note" rows={2} placeholder="A note about them: what they care about, who else decides…" value={note} onChange={(e) => setNote(e.target.value)} />
        <button className="btn small" type="submit" disabled={!note.trim()}>
          Add note
        </button>
      </form>
    </div>
  )
}

function HistoryRow({ item, onOpenCall, onChanged }: { item: HistoryItem; onOpenCall(id: string): void; onChanged(): void }) {
  if (item.type === 'call') {
    const c = item.call
    return (
      <li className="history-item call" data-testid="history-item" data-type="call">
        <span className="h-when">{when(item.at)}</span>
        <button className="linkish" onClick={() => onOpenCall(c.id)}>
          {c.title ?? (c.kind === 'rehearsal' ? 'Rehearsal' : 'Call')} · {callLengthMs(c) !== null ? formatClock(callLengthMs(c)!) : '—'} · {item.flagCount} flag
          {item.flagCount === 1 ? '' : 's'}
        </button>
      </li>
    )
  }
  if (item.type === 'debrief') {
    const n = item.notes
    return (
      <li className="history-item debrief" data-testid="history-item" data-type="debrief">
        <span className="h-when">{when(item.at)}</span>
        <div>
          <strong>Debrief</strong>
          {n.nextStep && <div>Next step: {n.nextStep}</div>}
          {n.noBuyReason && <div>Didn’t buy: {n.noBuyReason}</div>}
          {n.toChange && <div className="muted">To change: {n.toChange}</div>}
        </div>
      </li>
    )
  }
  return <NoteRow at={item.at} note={item.note} onChanged={onChanged} />
}

/** A note, editable and deletable (after a confirmation) where it sits in the history. */
function NoteRow({ at, note, onChanged }: { at: number; note: Note; onChanged(): void }) {
  const [mode, setMode] = useState<'edit' | 'delete' | null>(null)
  const [body, setBody] = useState(note.body)
  const [error, setError] = useState<unknown>(null)
  const run = (p: Promise<unknown>) =>
    p.then(() => {
      setMode(null)
      onChanged()
    }, setError)
  return (
    <li className="history-item note" data-testid="history-item" data-type="note">
      <span className="h-when">{when(at)}</span>
      <div>
        {mode === 'edit' ? (
          <form
            className="inline-form"
            onSubmit={(e) => {
              e.preventDefault()
              run(api().editNote({ noteId: note.id, body }))
            }}
          >
            <textarea aria-label="Note" rows={3} value={body} onChange={(e) => setBody(e.target.value)} autoFocus />
            <div className="form-actions">
              <button className="btn small primary" type="submit" disabled={!body.trim()}>
                Save note
              </button>
              <button className="btn small" type="button" onClick={() => setMode(null)}>
                Cancel
              </button>
            </div>
          </form>
        ) : (
          <div className="note-body">{note.body}</div>
        )}
        {mode === 'delete' && (
          <div className="form-actions" role="alertdialog" aria-label="Delete this note?">
            <span className="small">Delete this note?</span>
            <button className="btn small danger" onClick={() => run(api().deleteNote({ noteId: note.id }))}>
              Delete note
            </button>
            <button className="btn small" onClick={() => setMode(null)}>
              Keep it
            </button>
          </div>
        )}
        {mode === null && (
          <div className="note-actions">
            <button className="linkish small" onClick={() => setMode('edit')}>
              Edit
            </button>
            <button className="linkish small" onClick={() => setMode('delete')}>
              Delete
            </button>
          </div>
        )}
        <ErrorBanner error={error} />
      </div>
    </li>
  )
}
