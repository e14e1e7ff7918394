/**
 * Starts the team server from the environment: migrates the database, sweeps
 * what an earlier killed run left in the blob folder, then listens. Prints
 * one JSON line `{"listening": url}` when ready (tests and scripts wait for it).
 */
import path from 'node:path'
import { z } from 'zod'
import { buildServer } from './app'
import { BlobStore } from './blobs'
import { createPool } from './db'
import { migrateServer } from './migrate'

export const ServerEnv = z.object({
  CALLDESK_TEAM_DATABASE_URL: z.string().url('CALLDESK_TEAM_DATABASE_URL must be a postgres:// URL'),
  CALLDESK_TEAM_BLOB_DIR: z.string().min(1).default(path.resolve('team-blobs')),
  CALLDESK_TEAM_HOST: z.string().default('127.0.0.1'),
  CALLDESK_TEAM_PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  CALLDESK_TEAM_MAX_BUNDLE_MB: z.coerce.number().positive().default(256),
  CALLDESK_TEAM_MAX_TEAM_GB: z.coerce.number().positive().default(50),
  /** Test-only fault: pause forever just before an upload commits (the test then kills the process). */
  CALLDESK_TEAM_FAULT: z.enum(['pause-before-upload-commit']).optional(),
})

export async function startFromEnv(env: NodeJS.ProcessEnv = process.env) {
  const parsed = ServerEnv.safeParse(env)
  if (!parsed.success) {
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
  }
  const cfg = parsed.data
  const pool = createPool(cfg.CALLDESK_TEAM_DATABASE_URL)
  const migrated = await migrateServer(pool)
  const blobs = new BlobStore(cfg.CALLDESK_TEAM_BLOB_DIR)
  const swept = await blobs.sweep(pool)
  const app = buildServer({
    pool,
    blobs,
    maxBundleBytes: Math.round(cfg.CALLDESK_TEAM_MAX_BUNDLE_MB * 1024 * 1024),
    maxTeamBytes: Math.round(cfg.CALLDESK_TEAM_MAX_TEAM_GB * 1024 ** 3),
    ...(cfg.CALLDESK_TEAM_FAULT === 'pause-before-upload-commit'
      ? {
          beforeUploadCommit: () => {
            process.stdout.write(JSON.stringify({ fault: 'paused-before-upload-commit' }) + '\n')
            return new Promise<void>(() => undefined)
          },
        }
      : {}),
  })
  const url = await app.listen({ host: cfg.CALLDESK_TEAM_HOST, port: cfg.CALLDESK_TEAM_PORT })
  process.stdout.write(JSON.stringify({ listening: url, schema: migrated.toVersion, swept: swept.length }) + '\n')
  const close = async () => {
    await app.close()
    await pool.end()
  }
  return { app, url, close }
}
