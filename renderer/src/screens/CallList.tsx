import type { CallSummary } from '../../../contract/ipc-contract'
import { formatClock } from '../hooks'
import { callTitle } from '../call-title'

const STATUS_LABEL: Record<CallSummary['status'], string> = {
  recording: 'Recording',
  completed: 'Saved',
  interrupted: 'Recovered',
  failed: 'Failed',
}

export function CallList({ calls, selected, onSelect }: { calls: CallSummary[]; selected: string | null; onSelect(id: string): void }) {
  return (
    <div className="card calls">
      <h2>Calls</h2>
      {calls.length === 0 ? (
        <p className="muted">Your recorded calls will be listed here.</p>
      ) : (
        <ul className="call-list" data-testid="call-list">
          {calls.map((call) => (
            <li key={call.id}>
              <button
                className={`call-item ${selected === call.id ? 'selected' : ''}`}
                onClick={() => onSelect(call.id)}
                data-testid="call-item"
                data-call-id={call.id}
              >
                <span className="call-when">{new Date(call.startedAt).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' })}</span>
                <span className="call-meta">
                  {callTitle(call)} ·{' '}
                  {call.durationMs !== null ? formatClock(call.durationMs) : '—'} · {call.segmentCount} segment
                  {call.segmentCount === 1 ? '' : 's'}
                </span>
                <span className={`status ${call.status}`}>{STATUS_LABEL[call.status]}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
