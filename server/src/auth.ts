/**
 * Per-user bearer tokens. A token is 32 random bytes (256 bits); only its
 * SHA-256 is stored. A slow password hash (bcrypt, scrypt) protects
 * low-entropy secrets that people choose; a random 256-bit token cannot be
 * guessed either way, so one fast hash is enough, and it lets the server find
 * the user with one indexed lookup per request. A leaked database then holds
 * no usable token.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { z } from 'zod'
import { TEAM_ROLES } from '../../contract/vocabulary'
import type { Pool, PoolClient } from './db'

export const Role = z.enum(TEAM_ROLES)
export type Role = z.infer<typeof Role>

export interface Principal {
  userId: string
  teamId: string
  teamName: string
  name: string
  role: Role
}

const TOKEN_PREFIX = 'cdt_'
export const TokenShape = z.string().regex(/^cdt_[A-Za-z0-9_-]{43}$/, 'not a Call Desk team token')

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url')
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest()
}

/** The user a bearer token belongs to, or null (unknown, malformed or revoked). */
export async function principalFor(pool: Pool, token: string): Promise<Principal | null> {
  if (!TokenShape.safeParse(token).success) return null
  const { rows } = await pool.query<{ user_id: string; team_id: string; team_name: string; name: string; role: Role }>(
    `SELECT u.id AS user_id, u.team_id, t.name AS team_name, u.name, u.role
     FROM users u JOIN teams t ON t.id = u.team_id
     WHERE u.token_sha256 = $1 AND u.revoked_at IS NULL`,
    [hashToken(token)],
  )
  const r = rows[0]
  return r ? { userId: r.user_id, teamId: r.team_id, teamName: r.team_name, name: r.name, role: r.role } : null
}

export const InviteInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  role: Role,
  team: z.string().trim().min(1).max(100),
})
export type InviteInput = z.infer<typeof InviteInput>

export interface Invite {
  token: string
  userId: string
  teamId: string
  name: string
  role: Role
  team: string
  /** True when the same name already had a token in this team: the old one stops working. */
  rotated: boolean
}

/**
 * Creates the team if needed and issues a token for NAME in it. Inviting the
 * same name and role again rotates the token (the old one is revoked), so a
 * lost token is replaced by inviting again.
 */
export async function invite(client: PoolClient, input: InviteInput): Promise<Invite> {
  const { name, role, team } = InviteInput.parse(input)
  const teamRow = await client.query<{ id: string }>(
    `INSERT INTO teams (id, name) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET name = excluded.name RETURNING id`,
    [randomUUID(), team],
  )
  const teamId = teamRow.rows[0]!.id
  const revoked = await client.query(
    `UPDATE users SET revoked_at = now() WHERE team_id = $1 AND name = $2 AND role = $3 AND revoked_at IS NULL`,
    [teamId, name, role],
  )
  const token = newToken()
  const userId = randomUUID()
  await client.query(`INSERT INTO users (id, team_id, name, role, token_sha256) VALUES ($1, $2, $3, $4, $5)`, [
    userId,
    teamId,
    name,
    role,
    hashToken(token),
  ])
  return { token, userId, teamId, name, role, team, rotated: (revoked.rowCount ?? 0) > 0 }
}
