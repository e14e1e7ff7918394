/** Today's and this week's calls and overdue follow-ups; each opens its plan or starts the call. */
import type { Schedule, ScheduledCall } from '../../../contract/ipc-contract'
import { ErrorBanner } from '../components/ErrorBanner'
import { useSchedule } from '../data/queries'
import { time, when } from './labels'

const GROUPS: Array<{ key: keyof Schedule; title: string; empty: string }> = [
  { key: 'overdue', title: 'Overdue follow-ups', empty: 'Nothing overdue.' },
  { key: 'today', title: 'Today', empty: 'No calls scheduled for today.' },
  { key: 'thisWeek', title: 'This week', empty: 'Nothing else this week.' },
  { key: 'later', title: 'Later', empty: '' },
]

export function ScheduleScreen({ onOpenPlan, onStart }: { onOpenPlan(id: string): void; onStart(s: ScheduledCall): void }) {
  // Refreshed by main's events (a call that ends may complete a scheduled one): data/event-bridge.ts.
  const { data: schedule, error, refetch } = useSchedule()

  if (error) return <ErrorBanner card error={error} onRetry={() => void refetch()} />
  if (!schedule) return <div className="card muted">Loading schedule…</div>
  return (
    <div className="card schedule" data-testid="schedule">
      <h2>Schedule</h2>
      {GROUPS.map(({ key, title, empty }) => {
        const items = schedule[key]
        if (key === 'later' && items.length === 0) return null
        return (
          <section key={key} className={`sched-group ${key}`} aria-label={title} data-testid={`schedule-${key}`}>
            <h3>
              {title} {items.length > 0 && <span className="count">{items.length}</span>}
            </h3>
            {items.length === 0 ? (
              <p className="muted">{empty}</p>
            ) : (
              <ul className="sched-list">
                {items.map((s) => (
                  <li key={s.id} className={`sched-item ${s.status}`} data-testid="schedule-item" data-scheduled-id={s.id}>
                    <div className="sched-when">{key === 'today' ? time(s.scheduledAt) : when(s.scheduledAt)}</div>
                    <div className="sched-who">
                      <strong>{s.prospectName}</strong>
                      {s.prospectCompany ? <span className="muted"> · {s.prospectCompany}</span> : null}
                      <div className="muted sched-plan">{firstItem(s.planNotes)}</div>
                    </div>
                    <div className="sched-actions">
                      {s.status === 'done' ? <span className="status completed">Done</span> : null}
                      <button className="btn small" onClick={() => onOpenPlan(s.id)}>
                        Open plan
                      </button>
                      {s.status === 'scheduled' && (
                        <button className="btn small primary" onClick={() => onStart(s)}>
                          Start call
                        </button>
                      )}
                    </div>
                  </li>
                ))}
              </ul>
            )}
          </section>
        )
      })}
    </div>
  )
}

/** The plan's first real line, as a reminder in the list. */
function firstItem(plan: string): string {
  const line = plan.split('\n').find((l) => /^\s*[-*•]\s+\S/.test(l)) ?? plan.split('\n').find((l) => l.trim()) ?? ''
  return line.replace(/^\s*[-*•]\s+/, '').trim() || 'No plan yet'
}
