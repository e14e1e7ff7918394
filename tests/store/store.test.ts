import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createStore, DatabaseTooNewError, LATEST_SCHEMA_VERSION } from '../../main/store'
import { rawDatabaseForTests } from '../../main/store/raw-database'
import { useTempDir } from './helpers'

const tmp = useTempDir()
const here = path.dirname(fileURLToPath(import.meta.url))

describe('createStore', () => {
  it('exposes every repository but not the db, and close() closes the db', () => {
    const store = createStore(tmp.file())
    expect(Object.keys(store).sort()).toEqual(
      [
        'callList', 'calls', 'close', 'coachComments', 'debriefs', 'flags', 'holdFullSync', 'notes', 'prospects', 'rehearsals', 'reviews',
        'scheduledCalls', 'segments', 'settings', 'sync', 'transaction',
      ].sort(),
    )
    expect(rawDatabaseForTests(store).open).toBe(true)
    store.close()
    expect(rawDatabaseForTests(store).open).toBe(false)
  })

  it('uses the injected clock for timestamps', () => {
    const store = tmp.track(createStore(tmp.file(), { now: () => 42 }))
    expect(store.prospects.create({ name: 'x' }).createdAt).toBe(42)
  })

  it('refuses a too-new file', () => {
    const file = tmp.file()
    const s = createStore(file)
    rawDatabaseForTests(s).pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    s.close()
    expect(() => createStore(file)).toThrow(DatabaseTooNewError)
  })

  it('a read-only store reads what a read-write one wrote', () => {
    const file = tmp.file()
    const rw = createStore(file)
    const p = rw.prospects.create({ name: 'Dana' })
    rw.close()
    const ro = tmp.track(createStore(file, { readonly: true }))
    expect(ro.prospects.get(p.id)?.name).toBe('Dana')
    expect(() => ro.prospects.create({ name: 'nope' })).toThrow(/readonly/)
  })

  it('keeps the open call and its pending segment when the process is killed mid-call', () => {
    const file = tmp.file()
    const script = path.join(here, 'fixtures', 'crash-writer.ts')
    let stdout = ''
    try {
      execFileSync(process.execPath, ['--import', 'tsx', script, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    } catch (error) {
      const e = error as { signal?: string; stdout?: string; stderr?: string }
      expect(e.signal, e.stderr).toBe('SIGKILL')
      stdout = e.stdout ?? ''
    }
    const { callId, pendingId } = JSON.parse(stdout) as { callId: string; pendingId: number }
    expect(fs.existsSync(`${file}-wal`)).toBe(true) // it really did die without a checkpoint

    const store = tmp.track(createStore(file))
    expect(store.calls.listByStatus('recording').map((c) => c.id)).toEqual([callId])
    expect(store.segments.listPending().map((s) => s.id)).toEqual([pendingId])
    expect(store.segments.listForCall(callId).map((s) => [s.status, s.text])).toEqual([
      ['done', 'first words'],
      ['pending', ''],
    ])
  })
})
