import type { Flag } from '../../../contract/ipc-contract'

export function FlagChip({ flag }: { flag: Flag }) {
  return (
    <div className={`flag-chip ${flag.dismissedAt ? 'dismissed' : ''}`} data-testid="flag" data-kind={flag.kind} title={flag.explanation}>
      ⚑ {flag.prompt}
      {flag.dismissedAt ? <span className="muted"> · dismissed</span> : null}
    </div>
  )
}
