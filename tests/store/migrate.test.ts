import fs from 'node:fs'
import BetterSqlite3 from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import {
  closeDatabase,
  DatabaseTooNewError,
  LATEST_SCHEMA_VERSION,
  migrate,
  migrations,
  openDatabase,
  type Migration,
} from '../../main/store'
import { validateMigrations } from '../../main/store/migrations/validate'
import { useTempDir } from './helpers'

const tmp = useTempDir()

const userVersion = (file: string): number => {
  const db = new BetterSqlite3(file, { readonly: true })
  try {
    return Number(db.pragma('user_version', { simple: true }))
  } finally {
    db.close()
  }
}
const tableNames = (db: BetterSqlite3.Database) =>
  db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]

const m = (version: number, name: string, up: Migration['up']): Migration => ({ version, name, up })

describe('migration list', () => {
  it('the shipped list is 1..N in order and LATEST matches it', () => {
    expect(migrations.map((x) => x.version)).toEqual(migrations.map((_, i) => i + 1))
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length)
    expect(LATEST_SCHEMA_VERSION).toBeGreaterThanOrEqual(1)
  })

  it('rejects gaps, duplicates and wrong order', () => {
    const noop = () => {}
    expect(() => validateMigrations([m(1, 'a', noop), m(3, 'c', noop)])).toThrow(/position 2 holds version 3/)
    expect(() => validateMigrations([m(1, 'a', noop), m(1, 'b', noop)])).toThrow(/out of order/)
    expect(() => validateMigrations([m(2, 'b', noop), m(1, 'a', noop)])).toThrow(/out of order/)
    expect(() => validateMigrations([m(0, 'z', noop)])).toThrow(/out of order/)
    expect(validateMigrations([m(1, 'a', noop), m(2, 'b', noop)])).toHaveLength(2)
  })

  it('migrate() refuses a bad injected list before touching the database', () => {
    const db = new BetterSqlite3(tmp.file())
    try {
      expect(() => migrate(db, [m(2, 'x', (d) => d.exec('CREATE TABLE x (a)'))])).toThrow(/out of order/)
      expect(tableNames(db)).toEqual([])
      expect(db.pragma('user_version', { simple: true })).toBe(0)
    } finally {
      db.close()
    }
  })
})

describe('migrate()', () => {
  it('gives a fresh database the latest version and reports what ran', () => {
    const db = new BetterSqlite3(tmp.file())
    try {
      const result = migrate(db)
      expect(result).toEqual({ fromVersion: 0, toVersion: LATEST_SCHEMA_VERSION, applied: migrations.map((x) => x.name) })
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION)
      expect(tableNames(db)).toContain('calls')
    } finally {
      db.close()
    }
  })

  it('is a no-op on an up-to-date database', () => {
    const file = tmp.file()
    closeDatabase(openDatabase(file))
    const db = new BetterSqlite3(file)
    try {
      const schemaBefore = db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).pluck().all()
      expect(migrate(db)).toEqual({ fromVersion: LATEST_SCHEMA_VERSION, toVersion: LATEST_SCHEMA_VERSION, applied: [] })
      expect(db.prepare(`SELECT sql FROM sqlite_master ORDER BY name`).pluck().all()).toEqual(schemaBefore)
    } finally {
      db.close()
    }
  })

  it('runs only the pending migrations, in order', () => {
    const db = new BetterSqlite3(tmp.file())
    const ran: string[] = []
    const list = [
      m(1, 'one', (d) => (ran.push('one'), d.exec('CREATE TABLE a (x)'))),
      m(2, 'two', (d) => (ran.push('two'), d.exec('CREATE TABLE b (x)'))),
      m(3, 'three', (d) => (ran.push('three'), d.exec('CREATE TABLE c (x)'))),
    ]
    try {
      migrate(db, list.slice(0, 1))
      expect(migrate(db, list)).toEqual({ fromVersion: 1, toVersion: 3, applied: ['two', 'three'] })
      expect(ran).toEqual(['one', 'two', 'three'])
      expect(tableNames(db)).toEqual(['a', 'b', 'c'])
      expect(db.pragma('user_version', { simple: true })).toBe(3)
    } finally {
      db.close()
    }
  })

  it('a failing migration rolls back every pending migration and the version', () => {
    const db = new BetterSqlite3(tmp.file())
    try {
      migrate(db, [m(1, 'one', (d) => d.exec('CREATE TABLE a (x); INSERT INTO a VALUES (1)'))])
      const list = [
        m(1, 'one', () => {}),
        m(2, 'two', (d) => d.exec('CREATE TABLE b (x); INSERT INTO a VALUES (2)')),
        m(3, 'three', (d) => {
          d.exec('CREATE TABLE c (x)')
          throw new Error('boom')
        }),
      ]
      expect(() => migrate(db, list)).toThrow(/Migration 3 \(three\) failed: boom/)
      expect(db.pragma('user_version', { simple: true })).toBe(1)
      expect(tableNames(db)).toEqual(['a'])
      expect(db.prepare('SELECT x FROM a').pluck().all()).toEqual([1])
      expect(db.inTransaction).toBe(false)
    } finally {
      db.close()
    }
  })

  it('a failing first migration leaves a fresh file empty', () => {
    const db = new BetterSqlite3(tmp.file())
    try {
      const real = migrations[0]!
      expect(() => migrate(db, [real, m(2, 'bad', (d) => d.exec('CREATE TABLE oops (x); SELECT nope FROM nowhere'))])).toThrow(
        /Migration 2 \(bad\) failed/,
      )
      expect(tableNames(db)).toEqual([])
      expect(db.pragma('user_version', { simple: true })).toBe(0)
    } finally {
      db.close()
    }
  })

  it('rolls back when migrations leave foreign-key violations, and restores foreign_keys', () => {
    const db = new BetterSqlite3(tmp.file())
    db.pragma('foreign_keys = ON')
    try {
      const list = [
        m(1, 'tables', (d) =>
          d.exec(`CREATE TABLE parent (id TEXT PRIMARY KEY);
                  CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent (id))`),
        ),
        m(2, 'orphan', (d) => d.exec(`INSERT INTO child VALUES ('c', 'missing')`)),
      ]
      expect(() => migrate(db, list)).toThrow(/foreign key violation/)
      expect(tableNames(db)).toEqual([])
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    } finally {
      db.close()
    }
  })

  it('lets a migration rebuild a parent table without cascading deletes into children', () => {
    const db = new BetterSqlite3(tmp.file())
    db.pragma('foreign_keys = ON')
    try {
      migrate(db, [
        m(1, 'tables', (d) =>
          d.exec(`CREATE TABLE parent (id TEXT PRIMARY KEY);
                  CREATE TABLE child (id TEXT PRIMARY KEY, parent_id TEXT REFERENCES parent (id) ON DELETE CASCADE);
                  INSERT INTO parent VALUES ('p'); INSERT INTO child VALUES ('c', 'p');`),
        ),
      ])
      const rebuild = m(2, 'rebuild parent', (d) =>
        d.exec(`CREATE TABLE parent_new (id TEXT PRIMARY KEY, extra TEXT);
                INSERT INTO parent_new (id) SELECT id FROM parent;
                DROP TABLE parent;
                ALTER TABLE parent_new RENAME TO parent;`),
      )
      migrate(db, [m(1, 'tables', () => {}), rebuild])
      expect(db.prepare('SELECT count(*) FROM child').pluck().get()).toBe(1)
      expect(db.pragma('user_version', { simple: true })).toBe(2)
    } finally {
      db.close()
    }
  })
})

describe('a database from a newer Call Desk', () => {
  function makeTooNew(file: string, opts: { wal: boolean }) {
    const raw = new BetterSqlite3(file)
    if (opts.wal) raw.pragma('journal_mode = WAL')
    raw.exec(`CREATE TABLE future_thing (id INTEGER PRIMARY KEY, v TEXT); INSERT INTO future_thing (v) VALUES ('keep me')`)
    raw.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    raw.close()
  }

  for (const wal of [false, true]) {
    it(`is refused with DatabaseTooNewError and left byte-for-byte unchanged (${wal ? 'WAL' : 'rollback'} journal)`, () => {
      const file = tmp.file('future.sqlite')
      makeTooNew(file, { wal })
      const past = new Date(Date.now() - 60_000)
      fs.utimesSync(file, past, past)
      const bytesBefore = fs.readFileSync(file)
      const mtimeBefore = fs.statSync(file).mtimeMs

      let caught: unknown
      try {
        openDatabase(file)
      } catch (error) {
        caught = error
      }
      expect(caught).toBeInstanceOf(DatabaseTooNewError)
      const error = caught as DatabaseTooNewError
      expect(error.message).toContain(file)
      expect(error.message).toContain(`schema version ${LATEST_SCHEMA_VERSION + 1}`)
      expect(error.message).toContain(`knows up to ${LATEST_SCHEMA_VERSION}`)
      expect(error).toMatchObject({
        filePath: file,
        foundVersion: LATEST_SCHEMA_VERSION + 1,
        latestKnownVersion: LATEST_SCHEMA_VERSION,
      })

      expect(fs.readFileSync(file).equals(bytesBefore)).toBe(true)
      expect(fs.statSync(file).mtimeMs).toBe(mtimeBefore)
      expect(fs.existsSync(`${file}-wal`)).toBe(false)
      expect(fs.existsSync(`${file}-shm`)).toBe(false)
      expect(userVersion(file)).toBe(LATEST_SCHEMA_VERSION + 1)
    })
  }

  it('is refused by migrate() itself, and by a read-only open', () => {
    const file = tmp.file('future.sqlite')
    makeTooNew(file, { wal: false })
    const db = new BetterSqlite3(file)
    try {
      expect(() => migrate(db)).toThrow(DatabaseTooNewError)
      expect(db.pragma('user_version', { simple: true })).toBe(LATEST_SCHEMA_VERSION + 1)
      expect(tableNames(db)).toEqual(['future_thing'])
    } finally {
      db.close()
    }
    expect(() => openDatabase(file, { readonly: true })).toThrow(DatabaseTooNewError)
  })
})
