/**
 * A throwaway PostgreSQL database per test file, on the cluster .ci/run
 * starts (server/scripts/pg-cluster.sh). Without CALLDESK_TEST_PG_URL the
 * server tests skip and say why.
 */
import { randomBytes } from 'node:crypto'
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import readline from 'node:readline'
import pg from 'pg'
import { inTransaction, createPool, type Pool } from '../../server/src/db'
import { invite, type Invite, type Role } from '../../server/src/auth'
import { buildServer } from '../../server/src/app'
import { BlobStore } from '../../server/src/blobs'
import { migrateServer } from '../../server/src/migrate'

export const PG_URL = process.env.CALLDESK_TEST_PG_URL
export const PG_SKIP_REASON = PG_URL
  ? undefined
  : 'CALLDESK_TEST_PG_URL is not set: start a cluster with `server/scripts/pg-cluster.sh start` and export its URL (.ci/run does)'
if (PG_SKIP_REASON) console.warn(`[server tests skipped] ${PG_SKIP_REASON}`)

/** Creates an empty database and returns its URL; drop() removes it. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `calldesk_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const url = new URL(PG_URL!)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function inviteUser(pool: Pool, name: string, role: Role, team: string): Promise<Invite> {
  return inTransaction(pool, (c) => invite(c, { name, role, team }))
}

/** The real server in this process, on a loopback port. */
export async function startInProcess(url: string, blobDir = tempDir('calldesk-blobs-')) {
  const pool = createPool(url)
  await migrateServer(pool)
  const blobs = new BlobStore(blobDir)
  const app = buildServer({ pool, blobs })
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  return {
    pool,
    blobs,
    base,
    close: async () => {
      await app.close()
      await pool.end()
    },
  }
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..')

/**
 * The real server as its own process (`calldesk-team serve`), so a test can
 * kill it. Resolves once it printed that it listens; lines() gives what it
 * prints after that.
 */
export async function startProcess(env: Record<string, string>): Promise<{
  child: ChildProcess
  base: string
  nextLine: (match: (line: string) => boolean) => Promise<string>
  exited: Promise<number | null>
}> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts'), 'serve'], {
    cwd: ROOT,
    env: { ...process.env, CALLDESK_TEAM_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const waiters: Array<{ match: (l: string) => boolean; resolve: (l: string) => void }> = []
  const seen: string[] = []
  let stderr = ''
  child.stderr!.on('data', (d) => (stderr += String(d)))
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const i = waiters.findIndex((w) => w.match(line))
    if (i >= 0) waiters.splice(i, 1)[0]!.resolve(line)
    else seen.push(line)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const nextLine = (match: (line: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const earlier = seen.findIndex(match)
      if (earlier >= 0) return resolve(seen.splice(earlier, 1)[0]!)
      waiters.push({ match, resolve })
      void exited.then((code) => reject(new Error(`team server exited (${code}) before printing the line: ${stderr}`)))
    })
  const ready = await nextLine((l) => l.includes('"listening"'))
  return { child, base: (JSON.parse(ready) as { listening: string }).listening, nextLine, exited }
}
