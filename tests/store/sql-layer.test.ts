/**
 * SQL lives in main/store only (the repositories; Signal-Desktop keeps its SQL
 * layer the same way): no main/ file outside it opens SQLite, prepares a
 * statement, reaches a store's `db` or imports the tests' raw-handle escape hatch.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

function sourcesOutsideStore(dir: string): string[] {
  const out: string[] = []
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    if (entry.isDirectory()) {
      if (path.relative(root, full) !== path.join('main', 'store')) out.push(...sourcesOutsideStore(full))
    } else if (/\.tsx?$/.test(entry.name)) out.push(full)
  }
  return out
}

const FORBIDDEN: Array<[string, RegExp]> = [
  ['imports better-sqlite3', /from\s+['"]better-sqlite3['"]/],
  ['imports the raw-handle escape hatch', /store\/raw-database['"]/],
  ['reaches a store db', /\.db\b(?!\w)/],
  ['prepares a statement', /\.prepare\s*[<(]/],
  ['sets a pragma', /\.pragma\s*\(/],
]

describe('SQL behind the store', () => {
  it('no main/ file outside main/store touches SQLite directly', () => {
    const files = sourcesOutsideStore(path.join(root, 'main'))
    expect(files.length).toBeGreaterThan(20)
    const found: string[] = []
    for (const file of files) {
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // Comments may talk about the database.
          if (/^\s*(\/\/|\*|\/\*)/.test(line)) return
          for (const [what, re] of FORBIDDEN) if (re.test(line)) found.push(`${path.relative(root, file)}:${i + 1} ${what}: ${line.trim()}`)
        })
    }
    expect(found).toEqual([])
  })

  it('the check sees a forbidden line (it would fail on one)', () => {
    const line = 'const owned = store.db.prepare(`SELECT 1 FROM calls`).get()'
    expect(FORBIDDEN.filter(([, re]) => re.test(line)).map(([what]) => what)).toEqual(['reaches a store db', 'prepares a statement'])
  })
})
