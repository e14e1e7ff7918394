import { useEffect, useRef, useState } from 'react'
import type { EventName, EventPayload } from '../../contract/ipc-contract'
import { api } from './api'

/** Subscribes to a main-process event for the component's lifetime. */
export function useEvent<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): void {
  const ref = useRef(listener)
  ref.current = listener
  useEffect(() => api().on(event, (payload) => ref.current(payload)), [event])
}

/** Milliseconds since `since`, re-rendered every `everyMs` while `since` is set. */
export function useElapsed(since: number | null, everyMs = 250): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (since === null) return
    const t = setInterval(() => setNow(Date.now()), everyMs)
    return () => clearInterval(t)
  }, [since, everyMs])
  return since === null ? 0 : Math.max(0, now - since)
}

export { formatClock } from '../../contract/clock'
