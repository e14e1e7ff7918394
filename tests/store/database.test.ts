import fs from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  closeDatabase,
  DatabaseNeedsUpgradeError,
  LATEST_SCHEMA_VERSION,
  openDatabase,
} from '../../main/store'
import { useTempDir } from './helpers'

const tmp = useTempDir()

describe('openDatabase', () => {
  it('creates the file, migrates it, and sets WAL / foreign_keys / synchronous / busy_timeout', () => {
    const file = tmp.file()
    expect(fs.existsSync(file)).toBe(false)
    const db = openDatabase(file)
    try {
      expect(fs.existsSync(file)).toBe(true)
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000)
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
      db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 1)`).run()
      expect(fs.existsSync(`${file}-wal`)).toBe(true)
    } finally {
      closeDatabase(db)
    }
  })

  it('WAL mode persists in the file and foreign keys are enforced on re-open', () => {
    const file = tmp.file()
    closeDatabase(openDatabase(file))
    const raw = new BetterSqlite3(file, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    raw.close()

    const db = openDatabase(file)
    try {
      expect(() =>
        db
          .prepare(`INSERT INTO transcript_segments (uid, call_id, seq, start_ms, end_ms, created_at, updated_at) VALUES ('u', 'nope', 0, 0, 0, 1, 1)`)
          .run(),
      ).toThrow(/FOREIGN KEY constraint failed/)
    } finally {
      closeDatabase(db)
    }
  })

  it('closeDatabase closes, checkpoints the WAL away, and tolerates a second call', () => {
    const file = tmp.file()
    const db = openDatabase(file)
    db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '1', 1)`).run()
    closeDatabase(db)
    expect(db.open).toBe(false)
    expect(fs.existsSync(`${file}-wal`)).toBe(false)
    expect(() => closeDatabase(db)).not.toThrow()
    const raw = new BetterSqlite3(file, { readonly: true })
    expect(raw.prepare(`SELECT value FROM settings WHERE key = 'k'`).pluck().get()).toBe('1')
    raw.close()
  })
})

describe('openDatabase({ readonly: true })', () => {
  it('reads a migrated file and refuses writes', () => {
    const file = tmp.file()
    const rw = openDatabase(file)
    rw.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('k', '"v"', 1)`).run()
    closeDatabase(rw)

    const db = openDatabase(file, { readonly: true })
    try {
      expect(db.readonly).toBe(true)
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(db.prepare(`SELECT value FROM settings`).pluck().get()).toBe('"v"')
      expect(() => db.prepare(`DELETE FROM settings`).run()).toThrow(/readonly/)
    } finally {
      closeDatabase(db)
    }
  })

  it('does not create a missing file', () => {
    const file = tmp.file('missing.sqlite')
    expect(() => openDatabase(file, { readonly: true })).toThrow()
    expect(fs.existsSync(file)).toBe(false)
  })

  it('refuses a file that still needs migrating, naming it and both versions', () => {
    const file = tmp.file('old.sqlite')
    new BetterSqlite3(file).exec('CREATE TABLE t (x)').close()
    let caught: unknown
    try {
      openDatabase(file, { readonly: true })
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(DatabaseNeedsUpgradeError)
    expect((caught as Error).message).toContain(file)
    expect((caught as Error).message).toContain(`schema version 0`)
    expect((caught as Error).message).toContain(`version ${LATEST_SCHEMA_VERSION}`)
  })
})
