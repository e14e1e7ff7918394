/**
 * The debrief's flags. A short list reads best as it is: every flag at its
 * moment. A long one (a two-hour call can raise 80) is grouped by kind with a
 * count, filterable by kind, and shows a few of each until asked for all, so
 * the page stays a page.
 */
import { useState, type ReactNode } from 'react'
import type { Flag } from '../../../contract/ipc-contract'
import { FLAG_LABEL } from './labels'

/** Up to this many, flags are listed as they came; more are grouped. */
export const GROUP_FROM = 13
const SHOWN_PER_KIND = 5

export function DebriefFlags({ flags, renderFlag }: { flags: Flag[]; renderFlag(flag: Flag): ReactNode }) {
  const [kind, setKind] = useState<string>('all')
  const [expanded, setExpanded] = useState<Set<string>>(new Set())
  if (flags.length < GROUP_FROM) {
    return (
      <ul className="flag-list" data-testid="debrief-flags">
        {flags.map(renderFlag)}
      </ul>
    )
  }
  const kinds = [...new Set(flags.map((f) => f.kind))].sort((a, b) => count(flags, b) - count(flags, a))
  const shownKinds = kind === 'all' ? kinds : kinds.filter((k) => k === kind)
  return (
    <div data-testid="debrief-flags" className="flag-groups">
      <div className="flag-filter" role="group" aria-label="Show flags of">
        {['all', ...kinds].map((k) => (
          <button key={k} className={`btn small ${kind === k ? 'on' : ''}`} aria-pressed={kind === k} onClick={() => setKind(k)}>
            {k === 'all' ? 'All' : (FLAG_LABEL[k as Flag['kind']] ?? k)} <span className="count">{k === 'all' ? flags.length : count(flags, k)}</span>
          </button>
        ))}
      </div>
      {shownKinds.map((k) => {
        const all = flags.filter((f) => f.kind === k)
        const open = expanded.has(k) || kind === k
        const shown = open ? all : all.slice(0, SHOWN_PER_KIND)
        return (
          <section key={k} className="flag-group" aria-label={`${FLAG_LABEL[k as Flag['kind']] ?? k}: ${all.length}`} data-testid="flag-group">
            <h4>
              {FLAG_LABEL[k as Flag['kind']] ?? k} <span className="count">{all.length}</span>
            </h4>
            <ul className="flag-list">{shown.map(renderFlag)}</ul>
            {shown.length < all.length && (
              <button className="btn small" onClick={() => setExpanded((s) => new Set(s).add(k))}>
                Show all {all.length}
              </button>
            )}
          </section>
        )
      })}
    </div>
  )
}

const count = (flags: Flag[], kind: string) => flags.filter((f) => f.kind === kind).length
