/** The admin command as a process: invite issues a token (hashed at rest), re-invite rotates it, bad arguments exit 2. */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '../../server/src/auth'
import { createPool, type Pool } from '../../server/src/db'
import { REPO_ROOT } from '../helpers/shared-assets'
import { freshDatabase, PG_SKIP_REASON } from './pg'

const cli = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'server/src/cli.ts'), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })

describe('calldesk-team CLI', () => {
  it('refuses bad arguments with exit code 2 and a message', () => {
    for (const args of [[], ['frobnicate'], ['invite', 'Sam', '--role', 'boss', '--team', 'North'], ['invite', '--role', 'rep', '--team', 'North']]) {
      const r = cli(args, { CALLDESK_TEAM_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' })
      expect([args.join(' '), r.status]).toEqual([args.join(' '), 2])
      expect(r.stderr).toMatch(/^calldesk-team: .+\nusage:/)
    }
    const noDb = cli(['invite', 'Sam', '--role', 'rep', '--team', 'North'], { CALLDESK_TEAM_DATABASE_URL: '' })
    expect(noDb.status).toBe(2)
    expect(noDb.stderr).toMatch(/CALLDESK_TEAM_DATABASE_URL/)
  })

  describe.skipIf(!!PG_SKIP_REASON)('against PostgreSQL', () => {
    let db: Awaited<ReturnType<typeof freshDatabase>>
    let pool: Pool
    beforeAll(async () => {
      db = await freshDatabase()
      pool = createPool(db.url, 2)
    })
    afterAll(async () => {
      await pool?.end()
      await db?.drop()
    })

    it('invite prints a token once, stores only its hash, and inviting again revokes the old one', async () => {
      const first = cli(['invite', 'Sam', 'Lee', '--role', 'rep', '--team', 'North', '--json'], { CALLDESK_TEAM_DATABASE_URL: db.url })
      expect(first.status).toBe(0)
      const made = JSON.parse(first.stdout) as { token: string; name: string; role: string; team: string; rotated: boolean }
      expect(made).toMatchObject({ name: 'Sam Lee', role: 'rep', team: 'North', rotated: false, token: expect.stringMatching(/^cdt_[A-Za-z0-9_-]{43}$/) })
      const { rows } = await pool.query(`SELECT token_sha256, revoked_at FROM users`)
      expect(rows).toHaveLength(1)
      expect(Buffer.compare(rows[0].token_sha256, hashToken(made.token))).toBe(0)
      const dump = JSON.stringify((await pool.query(`SELECT * FROM users`)).rows)
      expect(dump).not.toContain(made.token.slice(4))

      const again = cli(['invite', 'Sam', 'Lee', '--role', 'rep', '--team', 'North'], { CALLDESK_TEAM_DATABASE_URL: db.url })
      expect(again.status).toBe(0)
      expect(again.stdout).toMatch(/the earlier token is revoked/)
      const after = await pool.query(`SELECT revoked_at IS NOT NULL AS revoked FROM users ORDER BY created_at`)
      expect(after.rows.map((r) => r.revoked)).toEqual([true, false])
    })
  })
})
