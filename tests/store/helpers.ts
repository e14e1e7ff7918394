import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach } from 'vitest'
import { createStore, type Store } from '../../main/store'

/** A fresh temp dir per test, removed afterwards together with any stores opened in it. */
export function useTempDir(): { dir: () => string; file: (name?: string) => string; track: (s: Store) => Store } {
  let current: string | undefined
  const stores: Store[] = []
  afterEach(() => {
    for (const s of stores.splice(0)) s.close()
    if (current) fs.rmSync(current, { recursive: true, force: true })
    current = undefined
  })
  const dir = () => (current ??= fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-store-')))
  return {
    dir,
    file: (name = 'calldesk.sqlite') => path.join(dir(), name),
    track: (s) => {
      stores.push(s)
      return s
    },
  }
}

/** Deterministic, strictly increasing timestamps. */
export function counterClock(start = 1_700_000_000_000, step = 1000) {
  let t = start - step
  return () => (t += step)
}

export function useStore(): { store: () => Store; file: () => string; clockStart: number } {
  const tmp = useTempDir()
  let store: Store | undefined
  afterEach(() => {
    store = undefined
  })
  const clockStart = 1_700_000_000_000
  return {
    store: () => (store ??= tmp.track(createStore(tmp.file(), { now: counterClock(clockStart) }))),
    file: () => tmp.file(),
    clockStart,
  }
}
