/**
 * calldesk-team: the team server's admin command.
 *   calldesk-team serve                                       start the server (env: see server/README.md)
 *   calldesk-team migrate                                     bring the database schema up to date
 *   calldesk-team invite NAME --role rep|coach|manager --team T   issue a token (printed once)
 * Bad arguments print a message and exit with code 2.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { invite, InviteInput } from './auth'
import { createPool, inTransaction } from './db'
import { migrateServer } from './migrate'
import { startFromEnv } from './main'

const USAGE = 'usage: calldesk-team serve | migrate | invite NAME --role rep|coach|manager --team TEAM [--json]'

function fail(message: string): never {
  process.stderr.write(`calldesk-team: ${message}\n${USAGE}\n`)
  process.exit(2)
}

function databaseUrl(): string {
  const r = z.string().url().safeParse(process.env.CALLDESK_TEAM_DATABASE_URL)
  if (!r.success) fail('set CALLDESK_TEAM_DATABASE_URL to the team database (postgres://user@host:port/db)')
  return r.data
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv
  if (command === 'serve') {
    try {
      const server = await startFromEnv()
      const stop = () => void server.close().then(() => process.exit(0))
      process.once('SIGTERM', stop)
      process.once('SIGINT', stop)
    } catch (error) {
      fail((error as Error).message)
    }
    return
  }
  if (command === 'migrate') {
    const pool = createPool(databaseUrl(), 1)
    try {
      const r = await migrateServer(pool)
      process.stdout.write(`schema version ${r.fromVersion} → ${r.toVersion}${r.applied.length ? ` (${r.applied.join(', ')})` : ' (up to date)'}\n`)
    } finally {
      await pool.end()
    }
    return
  }
  if (command === 'invite') {
    let parsed
    try {
      parsed = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, team: { type: 'string' }, json: { type: 'boolean' } } })
    } catch (error) {
      fail((error as Error).message)
    }
    const input = InviteInput.safeParse({ name: parsed.positionals.join(' '), role: parsed.values.role, team: parsed.values.team })
    if (!input.success || parsed.positionals.length === 0) {
      fail(input.success ? 'NAME is missing' : input.error.issues.map((i) => `${i.path.join('.') || 'NAME'}: ${i.message}`).join('; '))
    }
    const pool = createPool(databaseUrl(), 1)
    try {
      await migrateServer(pool)
      const made = await inTransaction(pool, (c) => invite(c, input.data))
      if (parsed.values.json) process.stdout.write(JSON.stringify(made) + '\n')
      else {
        process.stdout.write(
          `${made.name} (${made.role}, team ${made.team})${made.rotated ? ': the earlier token is revoked' : ''}\n` +
            `token (shown once, give it to them for Settings → Team): ${made.token}\n`,
        )
      }
    } finally {
      await pool.end()
    }
    return
  }
  fail(command ? `unknown command "${command}"` : 'no command')
}

main(process.argv.slice(2)).catch((error: Error) => {
  process.stderr.write(`calldesk-team: ${error.message}\n`)
  process.exit(1)
})
