/**
 * The team server's HTTP API (Fastify). Every route but /healthz needs a
 * bearer token; every query carries the caller's team; a rep reaches only
 * their own records, a coach the team's rehearsals and reviews, a manager
 * the team's figures. Records of another team are simply not found.
 */
import { createHash } from 'node:crypto'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import type { ZodType } from 'zod'
import { BundleError, readRehearsalBundle } from '../../main/bundle'
import { principalFor, type Principal, type Role } from './auth'
import { BlobStore } from './blobs'
import { inTransaction, type Pool, type PoolClient } from './db'
import { teamFigures } from './figures'
import {
  API,
  DebriefPush,
  FeedbackQuery,
  FiguresQuery,
  IdempotencyKey,
  IdParams,
  PlanPush,
  ReviewPush,
} from '../../contract/team-wire'

export interface ServerOptions {
  pool: Pool
  blobs: BlobStore
  /** Largest rehearsal bundle accepted (bytes, audio included). */
  maxBundleBytes?: number
  /** Most bundle bytes a team may keep on the server. */
  maxTeamBytes?: number
  /** Fault injection for tests: awaited just before an upload's transaction commits. */
  beforeUploadCommit?: () => Promise<void>
  logger?: boolean
}

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues?: string[]) {
    super(message)
  }
}

const forbidden = (why: string) => new HttpError(403, 'forbidden', why)
const notFound = (what: string) => new HttpError(404, 'not-found', `${what} was not found in your team.`)

function parse<T>(schema: ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value)
  if (r.success) return r.data
  throw new HttpError(
    400,
    'validation',
    `Invalid ${where}.`,
    r.error.issues.map((i) => `${[where, ...i.path].join('.')}: ${i.message}`),
  )
}

const DEFAULT_BUNDLE_MAX = 256 * 1024 * 1024
const DEFAULT_TEAM_MAX = 50 * 1024 * 1024 * 1024

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal
  }
}

export function buildServer(opts: ServerOptions): FastifyInstance {
  const { pool, blobs } = opts
  const maxBundle = opts.maxBundleBytes ?? DEFAULT_BUNDLE_MAX
  const maxTeam = opts.maxTeamBytes ?? DEFAULT_TEAM_MAX
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 })

  // A bundle arrives as the raw .zip bytes; everything else is JSON (1 MiB at most).
  app.addContentTypeParser('application/zip', { parseAs: 'buffer', bodyLimit: maxBundle }, (_req, body, done) => done(null, body))

  app.setErrorHandler((error: unknown, _req, reply) => {
    if (error instanceof HttpError) {
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, ...(error.issues ? { issues: error.issues } : {}) } })
    }
    const e = error as { statusCode?: number; code?: string; message?: string }
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // Fastify's own refusals: body too large, bad JSON, unsupported media type.
      return reply.status(e.statusCode).send({ error: { code: e.code ?? 'bad-request', message: e.message ?? 'Bad request' } })
    }
    app.log.error(error)
    return reply.status(500).send({ error: { code: 'internal', message: 'The team server failed; try again later.' } })
  })

  app.get('/healthz', async () => ({ ok: true }))

  // Authentication for everything under /v1.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith(API + '/')) return
    const header = req.headers.authorization ?? ''
    const m = /^Bearer (\S+)$/.exec(header)
    if (!m) throw new HttpError(401, 'unauthenticated', 'Send your team token as "Authorization: Bearer <token>".')
    const principal = await principalFor(pool, m[1]!)
    if (!principal) throw new HttpError(401, 'unauthenticated', 'This token is not valid (unknown or revoked); ask your admin for a new one.')
    req.principal = principal
  })

  const who = (req: FastifyRequest): Principal => req.principal!
  const requireRole = (req: FastifyRequest, ...roles: Role[]): Principal => {
    const p = who(req)
    if (!roles.includes(p.role)) throw forbidden(`This needs the ${roles.join(' or ')} role; your token is for a ${p.role}.`)
    return p
  }

  /**
   * Replays: a write sent again with the same Idempotency-Key gets the first
   * answer and does nothing; the same key with a different request is refused.
   * The key row commits in the same transaction as the write.
   */
  async function idempotent(
    req: FastifyRequest,
    reply: FastifyReply,
    requestHash: string,
    run: (client: PoolClient) => Promise<{ status: number; body: unknown }>,
  ): Promise<unknown> {
    const p = who(req)
    const raw = req.headers['idempotency-key']
    const key = raw === undefined ? undefined : parse(IdempotencyKey, raw, 'Idempotency-Key header')
    const route = `${req.method} ${req.routeOptions.url}`
    const stored = async () => {
      if (!key) return undefined
      const { rows } = await pool.query<{ request_sha256: string; status: number; response: unknown; route: string }>(
        'SELECT request_sha256, status, response, route FROM idempotency_keys WHERE user_id = $1 AND key = $2',
        [p.userId, key],
      )
      const row = rows[0]
      if (!row) return undefined
      if (row.request_sha256 !== requestHash || row.route !== route) {
        throw new HttpError(422, 'idempotency-key-reused', 'This Idempotency-Key was already used for a different request.')
      }
      return row
    }
    const earlier = await stored()
    if (earlier) return reply.status(earlier.status).header('idempotent-replay', 'true').send(earlier.response)
    try {
      const result = await inTransaction(pool, async (client) => {
        const res = await run(client)
        if (key) {
          await client.query(
            `INSERT INTO idempotency_keys (user_id, key, route, request_sha256, status, response) VALUES ($1, $2, $3, $4, $5, $6)`,
            [p.userId, key, route, requestHash, res.status, JSON.stringify(res.body)],
          )
        }
        return res
      })
      return reply.status(result.status).send(result.body)
    } catch (error) {
      // The same key raced in from a concurrent retry and committed first: answer with its result.
      if ((error as { code?: string }).code === '23505' && key) {
        const row = await stored()
        if (row) return reply.status(row.status).header('idempotent-replay', 'true').send(row.response)
      }
      throw error
    }
  }

  const jsonHash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex')

  // ------------------------------------------------------------ me

  app.get(`${API}/me`, async (req) => {
    const p = who(req)
    return { userId: p.userId, name: p.name, role: p.role, team: p.teamName }
  })

  // ------------------------------------------------------------ rehearsals

  /** Reads one rehearsal's owner in the caller's team: 404 outside the team, 403 for another rep's. */
  async function visibleRehearsal(p: Principal, id: string, client: Pool | PoolClient = pool) {
    const { rows } = await client.query<{ rep_id: string; bundle_sha256: string }>(
      'SELECT rep_id, bundle_sha256 FROM rehearsals WHERE team_id = $1 AND id = $2',
      [p.teamId, id],
    )
    const row = rows[0]
    if (!row) throw notFound('That rehearsal')
    if (p.role === 'manager') throw forbidden('A manager sees the team figures, not individual rehearsals.')
    if (p.role === 'rep' && row.rep_id !== p.userId) throw forbidden('This rehearsal belongs to another rep.')
    return row
  }

  app.put(`${API}/rehearsals/:id`, async (req, reply) => {
    const p = requireRole(req, 'rep')
    const { id } = parse(IdParams, req.params, 'params')
    if (!Buffer.isBuffer(req.body)) throw new HttpError(415, 'unsupported-media-type', 'Send the rehearsal bundle as application/zip.')
    const bytes = req.body
    let bundle
    try {
      bundle = readRehearsalBundle(bytes)
    } catch (error) {
      if (error instanceof BundleError) throw new HttpError(400, `bundle-${error.code}`, error.message)
      throw error
    }
    if (bundle.call.id !== id) throw new HttpError(400, 'validation', `The bundle is for call ${bundle.call.id}, not ${id}.`)
    const sha = createHash('sha256').update(bytes).digest('hex')
    const segments = [...bundle.segments].sort((a, b) => a.seq - b.seq)
    const firstGive = segments.find((s) => s.utteranceClass === 'give')
    const flagsByKind: Record<string, number> = {}
    for (const f of bundle.flags) flagsByKind[f.kind] = (flagsByKind[f.kind] ?? 0) + 1
    const prospect = bundle.prospects.find((x) => x.id === (bundle.call.prospectId ?? bundle.scheduledCalls[0]?.prospectId))

    // The file goes down (fsynced) before the transaction, outside the team's lock: a write of
    // megabytes does not hold up the team's other uploads. A quick quota look first keeps a full
    // team from filling the disk; the check that counts runs again under the lock. A file whose
    // row never commits (refused, or the server killed) is removed by the sweep at the next start.
    const usedNow = await pool.query<{ bytes: number }>('SELECT coalesce(sum(bytes), 0)::bigint AS bytes FROM blobs WHERE team_id = $1', [p.teamId])
    if (!blobs.has(p.teamId, sha) && usedNow.rows[0]!.bytes + bytes.byteLength > maxTeam) {
      throw new HttpError(507, 'quota', `Your team's space on the server is full (${maxTeam} bytes); ask your admin.`)
    }
    blobs.put(p.teamId, bytes)

    return idempotent(req, reply, sha, async (client) => {
      const existing = await client.query<{ rep_id: string; bundle_sha256: string; version: number }>(
        'SELECT rep_id, bundle_sha256, version FROM rehearsals WHERE team_id = $1 AND id = $2 FOR UPDATE',
        [p.teamId, id],
      )
      const old = existing.rows[0]
      if (old && old.rep_id !== p.userId) throw forbidden('This rehearsal belongs to another rep.')
      if (old && old.bundle_sha256 === sha) return { status: 200, body: { id, duplicate: true, version: old.version } }
      // Serialises a team's uploads while the quota is checked, so two at once cannot both squeeze under it.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [p.teamId])
      const used = await client.query<{ bytes: number }>('SELECT coalesce(sum(bytes), 0)::bigint AS bytes FROM blobs WHERE team_id = $1', [p.teamId])
      const have = await client.query('SELECT 1 FROM blobs WHERE team_id = $1 AND sha256 = $2', [p.teamId, sha])
      if (have.rowCount === 0 && used.rows[0]!.bytes + bytes.byteLength > maxTeam) {
        throw new HttpError(507, 'quota', `Your team's space on the server is full (${maxTeam} bytes); ask your admin.`)
      }
      // A sweep may have run since (a restart): put it back if so (a no-op when it is there).
      blobs.put(p.teamId, bytes)
      await client.query('INSERT INTO blobs (team_id, sha256, bytes) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [p.teamId, sha, bytes.byteLength])
      const values = [
        p.teamId, id, p.userId, bundle.call.scheduledCallId, prospect?.name ?? null, bundle.call.startedAt, bundle.call.endedAt,
        bundle.call.durationMs, bundle.segments.length, bundle.flags.length, JSON.stringify(flagsByKind), firstGive?.startMs ?? null,
        bundle.audio !== null, sha, bytes.byteLength,
      ]
      const { rows } = await client.query<{ version: number }>(
        `INSERT INTO rehearsals (team_id, id, rep_id, scheduled_call_id, prospect_name, started_at, ended_at, duration_ms,
           segment_count, flag_count, flags_by_kind, first_give_ms, has_audio, bundle_sha256, bundle_bytes)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         ON CONFLICT (team_id, id) DO UPDATE SET
           scheduled_call_id = excluded.scheduled_call_id, prospect_name = excluded.prospect_name,
           started_at = excluded.started_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms,
           segment_count = excluded.segment_count, flag_count = excluded.flag_count, flags_by_kind = excluded.flags_by_kind,
           first_give_ms = excluded.first_give_ms, has_audio = excluded.has_audio,
           bundle_sha256 = excluded.bundle_sha256, bundle_bytes = excluded.bundle_bytes,
           version = rehearsals.version + 1, seq = nextval('change_seq'), uploaded_at = now()
         RETURNING version`,
        values,
      )
      if (old) {
        // The replaced bundle's file goes when nothing else refers to it (its row now; the file at the next sweep).
        await client.query(
          `DELETE FROM blobs b WHERE b.team_id = $1 AND b.sha256 = $2 AND NOT EXISTS
             (SELECT 1 FROM rehearsals r WHERE r.team_id = b.team_id AND r.bundle_sha256 = b.sha256)`,
          [p.teamId, old.bundle_sha256],
        )
      }
      await opts.beforeUploadCommit?.()
      return { status: old ? 200 : 201, body: { id, duplicate: false, version: rows[0]!.version } }
    })
  })

  const REHEARSAL_SELECT = `
    SELECT r.id, r.rep_id, u.name AS rep_name, r.scheduled_call_id, r.prospect_name, r.started_at, r.ended_at, r.duration_ms,
           r.segment_count, r.flag_count, r.flags_by_kind, r.first_give_ms, r.has_audio, r.bundle_bytes, r.bundle_sha256,
           (SELECT count(*) FROM reviews v WHERE v.team_id = r.team_id AND v.rehearsal_id = r.id)::int AS review_count,
           (SELECT v.verdict FROM reviews v WHERE v.team_id = r.team_id AND v.rehearsal_id = r.id
             ORDER BY v.created_at DESC, v.seq DESC LIMIT 1) AS latest_verdict,
           CASE WHEN r.scheduled_call_id IS NULL THEN NULL ELSE
             row_number() OVER (PARTITION BY r.rep_id, r.scheduled_call_id ORDER BY r.started_at, r.id) END AS attempt
    FROM rehearsals r JOIN users u ON u.id = r.rep_id
    WHERE r.team_id = $1`

  type RehearsalSqlRow = {
    id: string; rep_id: string; rep_name: string; scheduled_call_id: string | null; prospect_name: string | null
    started_at: number; ended_at: number; duration_ms: number | null; segment_count: number; flag_count: number
    flags_by_kind: Record<string, number>; first_give_ms: number | null; has_audio: boolean; bundle_bytes: number
    bundle_sha256: string; review_count: number; latest_verdict: 'ready' | 'try-again' | null; attempt: number | null
    previous_verdict?: 'ready' | 'try-again' | null
  }
  const toRehearsal = (r: RehearsalSqlRow) => ({
    id: r.id, repId: r.rep_id, repName: r.rep_name, scheduledCallId: r.scheduled_call_id, prospectName: r.prospect_name,
    attempt: r.attempt, startedAt: r.started_at, endedAt: r.ended_at, durationMs: r.duration_ms, segmentCount: r.segment_count,
    flagCount: r.flag_count, flagsByKind: r.flags_by_kind, firstGiveMs: r.first_give_ms, hasAudio: r.has_audio,
    bundleBytes: r.bundle_bytes, bundleSha256: r.bundle_sha256, reviewCount: r.review_count, latestVerdict: r.latest_verdict,
    previousVerdict: r.previous_verdict ?? null,
  })

  app.get(`${API}/rehearsals`, async (req) => {
    const p = requireRole(req, 'rep', 'coach')
    const { rows } = await pool.query<RehearsalSqlRow>(
      `SELECT * FROM (${REHEARSAL_SELECT}) x WHERE $2::uuid IS NULL OR x.rep_id = $2 ORDER BY started_at, id`,
      [p.teamId, p.role === 'rep' ? p.userId : null],
    )
    return { rehearsals: rows.map(toRehearsal) }
  })

  app.get(`${API}/rehearsals/:id`, async (req) => {
    const p = who(req)
    const { id } = parse(IdParams, req.params, 'params')
    await visibleRehearsal(p, id)
    const { rows } = await pool.query<RehearsalSqlRow>(`SELECT * FROM (${REHEARSAL_SELECT}) x WHERE x.id = $2`, [p.teamId, id])
    return toRehearsal(rows[0]!)
  })

  app.get(`${API}/rehearsals/:id/bundle`, async (req, reply) => {
    const p = who(req)
    const { id } = parse(IdParams, req.params, 'params')
    const row = await visibleRehearsal(p, id)
    return reply.type('application/zip').header('x-content-sha256', row.bundle_sha256).send(blobs.read(p.teamId, row.bundle_sha256))
  })

  /**
   * The coach's queue across the team: attempts with no review yet that are
   * newer than the last reviewed attempt of the same scheduled call (an older
   * unreviewed attempt is superseded), oldest first, as on the desktop.
   */
  app.get(`${API}/queue`, async (req) => {
    const p = requireRole(req, 'coach')
    const { rows } = await pool.query<RehearsalSqlRow>(
      `WITH a AS (${REHEARSAL_SELECT}),
       last_reviewed AS (SELECT rep_id, scheduled_call_id, max(started_at) AS started_at FROM a WHERE review_count > 0 AND scheduled_call_id IS NOT NULL GROUP BY 1, 2)
       SELECT a.*, (SELECT b.latest_verdict FROM a b WHERE b.rep_id = a.rep_id AND b.scheduled_call_id = a.scheduled_call_id AND b.review_count > 0
                    ORDER BY b.started_at DESC LIMIT 1) AS previous_verdict
       FROM a LEFT JOIN last_reviewed l ON l.rep_id = a.rep_id AND l.scheduled_call_id = a.scheduled_call_id
       WHERE a.review_count = 0 AND a.segment_count > 0 AND (l.started_at IS NULL OR a.started_at > l.started_at)
       ORDER BY a.started_at, a.id`,
      [p.teamId],
    )
    return { rehearsals: rows.map(toRehearsal) }
  })

  // ------------------------------------------------------------ reviews and comments

  app.post(`${API}/rehearsals/:id/reviews`, async (req, reply) => {
    const p = requireRole(req, 'coach')
    const { id } = parse(IdParams, req.params, 'params')
    const body = parse(ReviewPush, req.body, 'body')
    await visibleRehearsal(p, id)
    return idempotent(req, reply, jsonHash({ id, body }), async (client) => {
      // A team's reviews and comments are written one transaction at a time, so their seq numbers
      // commit in order: a desktop that pulled "after n" can never miss a row numbered below n
      // that committed later.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`feedback:${p.teamId}`])
      let addedReviews = 0
      let addedComments = 0
      let same = 0
      // Ids are the desktop's: a record sent again is the same record (skipped); two coaches' reviews are two records.
      for (const r of body.reviews) {
        const ins = await client.query(
          `INSERT INTO reviews (team_id, id, rehearsal_id, coach_id, reviewer, verdict, summary, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
          [p.teamId, r.id, id, p.userId, r.reviewer, r.verdict, r.summary, r.createdAt],
        )
        if (ins.rowCount === 1) addedReviews++
        else {
          const { rows } = await client.query('SELECT rehearsal_id, coach_id, verdict, summary, created_at FROM reviews WHERE team_id = $1 AND id = $2', [p.teamId, r.id])
          const mine = rows[0]
          if (!mine || mine.rehearsal_id !== id || mine.coach_id !== p.userId || mine.verdict !== r.verdict || mine.summary !== r.summary || mine.created_at !== r.createdAt) {
            throw new HttpError(409, 'conflict', `Review ${r.id} already exists with different content.`)
          }
          same++
        }
      }
      for (const c of body.comments) {
        const ins = await client.query(
          `INSERT INTO comments (team_id, id, rehearsal_id, author_id, author, role, at_ms, body, created_at)
           VALUES ($1, $2, $3, $4, $5, 'coach', $6, $7, $8) ON CONFLICT DO NOTHING`,
          [p.teamId, c.id, id, p.userId, c.author, c.atMs, c.body, c.createdAt],
        )
        if (ins.rowCount === 1) addedComments++
        else {
          const { rows } = await client.query('SELECT rehearsal_id, author_id, body, at_ms, created_at FROM comments WHERE team_id = $1 AND id = $2', [p.teamId, c.id])
          const mine = rows[0]
          if (!mine || mine.rehearsal_id !== id || mine.author_id !== p.userId || mine.body !== c.body || mine.at_ms !== c.atMs || mine.created_at !== c.createdAt) {
            throw new HttpError(409, 'conflict', `Comment ${c.id} already exists with different content.`)
          }
          same++
        }
      }
      const duplicate = addedReviews === 0 && addedComments === 0 && same > 0
      return { status: duplicate ? 200 : 201, body: { addedReviews, addedComments, duplicate } }
    })
  })

  /** Reviews and coach comments after a cursor: a rep's on their own rehearsals, a coach's across the team. */
  app.get(`${API}/feedback`, async (req) => {
    const p = requireRole(req, 'rep', 'coach')
    const q = parse(FeedbackQuery, req.query, 'query')
    const rep = p.role === 'rep' ? p.userId : null
    const reviews = await pool.query(
      `SELECT v.id, v.rehearsal_id AS "callId", v.reviewer, v.verdict, v.summary, v.created_at AS "createdAt", v.seq
       FROM reviews v JOIN rehearsals r ON r.team_id = v.team_id AND r.id = v.rehearsal_id
       WHERE v.team_id = $1 AND v.seq > $2 AND ($3::uuid IS NULL OR r.rep_id = $3) ORDER BY v.seq LIMIT $4`,
      [p.teamId, q.after, rep, q.limit],
    )
    const comments = await pool.query(
      `SELECT c.id, c.rehearsal_id AS "callId", c.at_ms AS "atMs", c.author, c.role, c.body, c.created_at AS "createdAt", c.seq
       FROM comments c JOIN rehearsals r ON r.team_id = c.team_id AND r.id = c.rehearsal_id
       WHERE c.team_id = $1 AND c.seq > $2 AND ($3::uuid IS NULL OR r.rep_id = $3) ORDER BY c.seq LIMIT $4`,
      [p.teamId, q.after, rep, q.limit],
    )
    // The cursor stops at the lower of the two pages' ends, so neither list skips a row when one page was full.
    const last = (rows: Array<{ seq: number }>) => (rows.length ? rows[rows.length - 1]!.seq : Number.POSITIVE_INFINITY)
    let cursor = Math.min(last(reviews.rows), last(comments.rows))
    if (!Number.isFinite(cursor)) cursor = q.after
    return {
      reviews: reviews.rows.filter((r) => r.seq <= cursor),
      comments: comments.rows.filter((c) => c.seq <= cursor),
      cursor,
    }
  })

  // ------------------------------------------------------------ debriefs and plans

  const ownedWrite = async (client: PoolClient, table: 'debriefs' | 'plans', key: string, p: Principal, id: string) => {
    const { rows } = await client.query<{ rep_id: string; updated_at: number }>(
      `SELECT rep_id, updated_at FROM ${table} WHERE team_id = $1 AND ${key} = $2 FOR UPDATE`,
      [p.teamId, id],
    )
    const row = rows[0]
    if (row && row.rep_id !== p.userId) throw forbidden('This record belongs to another rep.')
    return row
  }
  const visibleShared = async (table: 'debriefs' | 'plans', key: string, p: Principal, id: string) => {
    const { rows } = await pool.query(
      `SELECT t.*, u.name AS rep_name FROM ${table} t JOIN users u ON u.id = t.rep_id WHERE t.team_id = $1 AND t.${key} = $2`,
      [p.teamId, id],
    )
    const row = rows[0]
    if (!row) throw notFound(table === 'debriefs' ? 'That debrief' : 'That plan')
    if (p.role === 'manager') throw forbidden('A manager sees the team figures, not individual records.')
    if (p.role === 'rep' && row.rep_id !== p.userId) throw forbidden('This record belongs to another rep.')
    return row
  }

  app.put(`${API}/debriefs/:id`, async (req, reply) => {
    const p = requireRole(req, 'rep')
    const { id } = parse(IdParams, req.params, 'params')
    const d = parse(DebriefPush, req.body, 'body')
    return idempotent(req, reply, jsonHash({ id, d }), async (client) => {
      const old = await ownedWrite(client, 'debriefs', 'call_id', p, id)
      // An older copy arriving late (a retry overtaken by a newer share) does not replace the newer one.
      if (old && old.updated_at >= d.updatedAt) return { status: 200, body: { id, duplicate: true } }
      await client.query(
        `INSERT INTO debriefs (team_id, call_id, rep_id, kind, started_at, duration_ms, flag_count, flags_by_kind, first_give_ms, notes, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (team_id, call_id) DO UPDATE SET kind = excluded.kind, started_at = excluded.started_at,
           duration_ms = excluded.duration_ms, flag_count = excluded.flag_count, flags_by_kind = excluded.flags_by_kind,
           first_give_ms = excluded.first_give_ms, notes = excluded.notes, updated_at = excluded.updated_at, seq = nextval('change_seq')`,
        [p.teamId, id, p.userId, d.kind, d.startedAt, d.durationMs, d.flagCount, JSON.stringify(d.flagsByKind), d.firstGiveMs, d.notes === null ? null : JSON.stringify(d.notes), d.updatedAt],
      )
      return { status: old ? 200 : 201, body: { id, duplicate: false } }
    })
  })

  app.get(`${API}/debriefs/:id`, async (req) => {
    const p = who(req)
    const { id } = parse(IdParams, req.params, 'params')
    const r = await visibleShared('debriefs', 'call_id', p, id)
    return {
      callId: r.call_id, repName: r.rep_name, kind: r.kind, startedAt: r.started_at, durationMs: r.duration_ms, flagCount: r.flag_count,
      flagsByKind: r.flags_by_kind, firstGiveMs: r.first_give_ms, notes: r.notes, updatedAt: r.updated_at,
    }
  })

  app.put(`${API}/plans/:id`, async (req, reply) => {
    const p = requireRole(req, 'rep')
    const { id } = parse(IdParams, req.params, 'params')
    const d = parse(PlanPush, req.body, 'body')
    return idempotent(req, reply, jsonHash({ id, d }), async (client) => {
      const old = await ownedWrite(client, 'plans', 'scheduled_call_id', p, id)
      if (old && old.updated_at >= d.updatedAt) return { status: 200, body: { id, duplicate: true } }
      await client.query(
        `INSERT INTO plans (team_id, scheduled_call_id, rep_id, prospect_name, scheduled_at, status, plan_notes, rehearsal_notes, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (team_id, scheduled_call_id) DO UPDATE SET prospect_name = excluded.prospect_name, scheduled_at = excluded.scheduled_at,
           status = excluded.status, plan_notes = excluded.plan_notes, rehearsal_notes = excluded.rehearsal_notes,
           updated_at = excluded.updated_at, seq = nextval('change_seq')`,
        [p.teamId, id, p.userId, d.prospectName, d.scheduledAt, d.status, d.planNotes, d.rehearsalNotes, d.updatedAt],
      )
      return { status: old ? 200 : 201, body: { id, duplicate: false } }
    })
  })

  app.get(`${API}/plans/:id`, async (req) => {
    const p = who(req)
    const { id } = parse(IdParams, req.params, 'params')
    const r = await visibleShared('plans', 'scheduled_call_id', p, id)
    return {
      scheduledCallId: r.scheduled_call_id, repName: r.rep_name, prospectName: r.prospect_name, scheduledAt: r.scheduled_at,
      status: r.status, planNotes: r.plan_notes, rehearsalNotes: r.rehearsal_notes, updatedAt: r.updated_at,
    }
  })

  // ------------------------------------------------------------ team figures

  app.get(`${API}/figures`, async (req) => {
    const p = requireRole(req, 'manager', 'coach')
    const q = parse(FiguresQuery, req.query, 'query')
    return teamFigures(pool, p.teamId, p.teamName, q.weeks, q.now ?? Date.now())
  })

  return app
}

