/**
 * The one place main's events reach the cache: each event marks what it
 * changed as stale, and whatever is on screen reads again. Bursts (a segment a
 * second while transcription catches up) are gathered for 300 ms into one read.
 */
import { useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query'
import { useEffect } from 'react'
import { api } from '../api'
import { keys } from './keys'

const GATHER_MS = 300

export function useEventBridge(): void {
  const client = useQueryClient()
  useEffect(() => bridgeEvents(client), [client])
}

export function bridgeEvents(client: QueryClient): () => void {
  const pending = new Map<string, QueryKey>()
  let timer: ReturnType<typeof setTimeout> | undefined
  const stale = (...queryKeys: QueryKey[]) => {
    for (const k of queryKeys) pending.set(JSON.stringify(k), k)
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      const due = [...pending.values()]
      pending.clear()
      for (const queryKey of due) void client.invalidateQueries({ queryKey })
    }, GATHER_MS)
  }
  const calldesk = api()
  const on: typeof calldesk.on = (event, listener) => calldesk.on(event, listener)
  const off = [
    // Segments and flags keep arriving after a call stops (transcription catches up).
    on('segment', (s) => stale(keys.debrief.one(s.callId), keys.calls.detail(s.callId), keys.calls.lists())),
    on('flag', (f) => stale(keys.debrief.one(f.callId), keys.calls.detail(f.callId), keys.calls.lists())),
    on('flagRetracted', (f) => stale(keys.debrief.one(f.callId), keys.calls.detail(f.callId))),
    on('callState', (c) => {
      stale(keys.debrief.one(c.id), keys.calls.detail(c.id), keys.calls.lists(), keys.calls.count())
      // A stopped call can complete a scheduled one, join the coach's queue, change a prospect's history, or be shared.
      if (c.status !== 'recording') stale(keys.schedule.all, keys.rehearsal.all, keys.prospects.all, keys.team.all)
    }),
    on('prospectsChanged', () => stale(keys.prospects.all, keys.calls.lists(), keys.schedule.all)),
  ]
  return () => {
    clearTimeout(timer)
    for (const stop of off) stop()
  }
}
