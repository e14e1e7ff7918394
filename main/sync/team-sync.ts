/**
 * Desktop side of the team tier. The local SQLite stays the source of truth;
 * the team server is a shared copy. What the rep shares goes through the
 * outbox (retried with backoff, one idempotency key per item, so a lost reply
 * never doubles a write); the coach's queue and the rep's feedback come back
 * by pull. Offline is normal: a push or pull that cannot reach the server
 * leaves everything as it was and says so.
 */
import { BundleError, exportRehearsalBundle, importRehearsalBundle } from '../bundle'
import { createHash } from 'node:crypto'
import { computeFigures } from '../debrief/figures'
import type { Profile } from '../../contract/ipc-contract'
import type { Store } from '../store'
import type { FeedbackPage, ReviewPush, TeamFigures, TeamRehearsal } from '../../contract/team-wire'
import { createOutbox, type Outbox, type OutboxItem, type OutboxKind } from './outbox'
import { TeamClient, TeamOffline, TeamRefused, type Fetch } from './team-client'
import { readTeamSettings, writeTeamSettings, type TeamSettings } from './team-settings'

export type ShareKind = Exclude<OutboxKind, 'review'>

export interface TeamSyncDeps {
  store: Store
  recordingsDir: string
  /** The desktop profile: who signs reviews, and whether this machine acts as a coach. */
  profile: () => Profile | undefined
  now?: () => number
  fetch?: Fetch
}

export interface PushReport {
  sent: number
  refused: number
  /** Left waiting (offline, or not ready yet); they go at a later push. */
  waiting: number
  offline: boolean
  errors: string[]
}

export interface PullReport {
  offline: boolean
  addedReviews: number
  addedComments: number
  /** Same id here with other content: the local record was kept, the server's not applied. */
  conflicts: number
  imported: number
  errors: string[]
}

export interface SyncStatus {
  enabled: boolean
  pending: number
  sent: number
  refused: number
  lastError: string | null
  items: OutboxItem[]
}

export class SharingOff extends Error {
  constructor() {
    super('Team sync is off: turn it on in Settings → Team (server URL and your token) before sharing.')
  }
}

const sha256Hex = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const CURSOR_KEY = 'team.feedbackCursor'
const LAST_SYNC_KEY = 'team.lastSyncAt'
const IDENTITY_KEY = 'team.identity'
const ROUND_ERROR_KEY = 'team.lastRoundError'

export class TeamSync {
  readonly outbox: Outbox
  private readonly now: () => number
  private running: Promise<unknown> = Promise.resolve()

  constructor(private readonly deps: TeamSyncDeps) {
    this.outbox = createOutbox(deps.store)
    this.now = deps.now ?? Date.now
  }

  settings(): TeamSettings {
    return readTeamSettings(this.deps.store)
  }

  configure(patch: Parameters<typeof writeTeamSettings>[1]): TeamSettings {
    return writeTeamSettings(this.deps.store, patch)
  }

  private client(): TeamClient {
    const s = this.settings()
    if (!s.enabled || !s.serverUrl || !s.token) throw new SharingOff()
    return new TeamClient(s.serverUrl, s.token, this.deps.fetch)
  }

  /** The rep chose to share this one thing: it is queued and goes at the next push. */
  share(kind: ShareKind, refId: string): OutboxItem {
    if (!this.settings().enabled) throw new SharingOff()
    const { store } = this.deps
    if (kind === 'rehearsal') {
      const call = store.calls.get(refId)
      if (!call || call.kind !== 'rehearsal') throw new Error('Only a rehearsal on this computer can be shared as a rehearsal.')
    } else if (kind === 'debrief') {
      if (!store.calls.get(refId)) throw new Error('There is no such call on this computer.')
    } else if (!store.scheduledCalls.get(refId)) throw new Error('There is no such scheduled call on this computer.')
    return this.outbox.enqueue(kind, refId, this.now())
  }

  /** Queues what the settings share without asking, and the coach's new reviews of team rehearsals. */
  enqueueAutomatic(): number {
    const s = this.settings()
    if (!s.enabled) return 0
    const { sync } = this.deps.store
    const now = this.now()
    let queued = 0
    const queue = (kind: OutboxKind, id: string) => {
      this.outbox.enqueue(kind, id, now)
      queued++
    }
    if (s.autoShare.rehearsals) {
      sync.rehearsalsToShare().forEach((id) => queue('rehearsal', id))
    }
    if (s.autoShare.debriefs) {
      for (const r of sync.ownDebriefs()) {
        const sent = this.outbox.lastSentAt('debrief', r.id)
        if (!this.hasPending('debrief', r.id) && (sent === null || r.updatedAt > sent)) queue('debrief', r.id)
      }
    }
    if (s.autoShare.plans) {
      for (const r of sync.plans()) {
        const sent = this.outbox.lastSentAt('plan', r.id)
        if (!this.hasPending('plan', r.id) && (sent === null || r.updatedAt > sent)) queue('plan', r.id)
      }
    }
    // A coach's verdicts and comments on rehearsals pulled from the team go back to the team by themselves.
    if (this.deps.profile()?.role === 'coach') {
      for (const callId of this.unpushedReviewCalls()) if (!this.hasPending('review', callId)) queue('review', callId)
    }
    return queued
  }

  private hasPending(kind: OutboxKind, refId: string): boolean {
    return this.outbox.due(Number.MAX_SAFE_INTEGER).some((i) => i.kind === kind && i.refId === refId)
  }

  private unpushedReviewCalls(): string[] {
    return this.deps.store.sync.unpushedReviewCalls()
  }

  private reviewPayload(callId: string): ReviewPush {
    const { store } = this.deps
    const pushed = (id: string) => store.sync.isPushed(id)
    return {
      reviews: store.reviews
        .listForCall(callId)
        .filter((r) => !pushed(r.id))
        .map((r) => ({ id: r.id, reviewer: r.reviewer, verdict: r.verdict, summary: r.summary, createdAt: r.createdAt })),
      comments: store.coachComments
        .listForCall(callId)
        .filter((c) => c.role === 'coach' && !pushed(c.id))
        .map((c) => ({ id: c.id, author: c.author, atMs: c.atMs, body: c.body, createdAt: c.createdAt })),
    }
  }

  private markPushed(kind: 'review' | 'comment', ids: string[]): void {
    this.deps.store.sync.markPushed(kind, ids, this.now())
  }

  /** Sends one item. Throws TeamOffline / TeamRefused / a BundleError from building it. */
  private async send(client: TeamClient, item: OutboxItem): Promise<'sent' | 'gone'> {
    const { store } = this.deps
    switch (item.kind) {
      case 'rehearsal': {
        if (!store.calls.get(item.refId)) return 'gone'
        const bytes = exportRehearsalBundle(store, this.deps.recordingsDir, item.refId, { now: () => store.calls.get(item.refId)!.endedAt ?? 0 })
        await client.putRehearsal(item.refId, bytes, item.idempotencyKey)
        return 'sent'
      }
      case 'review': {
        const body = this.reviewPayload(item.refId)
        if (body.reviews.length === 0 && body.comments.length === 0) return 'sent'
        await client.pushReviews(item.refId, body, item.idempotencyKey)
        store.transaction(() => {
          this.markPushed('review', body.reviews.map((r) => r.id))
          this.markPushed('comment', body.comments.map((c) => c.id))
        })
        return 'sent'
      }
      case 'debrief': {
        const call = store.calls.get(item.refId)
        if (!call) return 'gone'
        const segments = store.segments.listForCall(item.refId)
        const flags = store.flags.listForCall(item.refId)
        const figures = computeFigures(segments, flags)
        const notes = store.debriefs.get(item.refId)
        await client.putDebrief(
          item.refId,
          {
            kind: call.kind,
            startedAt: call.startedAt,
            durationMs: call.durationMs,
            flagCount: figures.flagCount,
            flagsByKind: figures.flagsByKind,
            firstGiveMs: figures.firstGiveMs,
            notes: notes ? { wentWell: notes.wentWell, toChange: notes.toChange, noBuyReason: notes.noBuyReason, nextStep: notes.nextStep } : null,
            updatedAt: Math.max(notes?.updatedAt ?? 0, call.endedAt ?? call.startedAt),
          },
          item.idempotencyKey,
        )
        return 'sent'
      }
      case 'plan': {
        const sc = store.scheduledCalls.getSummary(item.refId)
        if (!sc) return 'gone'
        await client.putPlan(
          item.refId,
          { prospectName: sc.prospectName, scheduledAt: sc.scheduledAt, status: sc.status, planNotes: sc.planNotes, rehearsalNotes: sc.rehearsalNotes, updatedAt: sc.updatedAt },
          item.idempotencyKey,
        )
        return 'sent'
      }
    }
  }

  /**
   * Sends what is due, oldest first. The first "cannot reach the server"
   * stops the round: the rest waits for the next one, nothing is lost.
   */
  async push(opts: { force?: boolean } = {}): Promise<PushReport> {
    return this.exclusive(async () => {
      const report: PushReport = { sent: 0, refused: 0, waiting: 0, offline: false, errors: [] }
      const client = this.client()
      const due = this.outbox.due(this.now(), opts.force)
      for (const item of due) {
        if (report.offline) {
          report.waiting++
          continue
        }
        try {
          const r = await this.send(client, item)
          if (r === 'gone') this.outbox.refused(item.id, 'deleted on this computer before it was sent', this.now())
          else this.outbox.sent(item.id, this.now())
          r === 'gone' ? report.refused++ : report.sent++
        } catch (error) {
          const message = (error as Error).message
          if (error instanceof TeamOffline) {
            report.offline = true
            report.waiting++
            this.outbox.retryLater(item.id, message, this.now())
          } else if (error instanceof TeamRefused && !error.retryable) {
            report.refused++
            report.errors.push(message)
            this.outbox.refused(item.id, `${error.code}: ${message}`, this.now())
          } else if (error instanceof BundleError && error.code === 'not-ready') {
            report.waiting++
            this.outbox.retryLater(item.id, message, this.now())
          } else {
            report.waiting++
            report.errors.push(message)
            this.outbox.retryLater(item.id, message, this.now())
          }
        }
      }
      return report
    })
  }

  /** Reviews and comments from the team since the last pull; for a coach also the team's queue, imported here to review. */
  async pull(): Promise<PullReport> {
    return this.exclusive(async () => {
      const report: PullReport = { offline: false, addedReviews: 0, addedComments: 0, conflicts: 0, imported: 0, errors: [] }
      const client = this.client()
      try {
        if (this.deps.profile()?.role === 'coach') await this.importQueue(client, report)
        for (;;) {
          const after = Number(this.deps.store.settings.get(CURSOR_KEY) ?? 0)
          const page = await client.feedback(after)
          this.applyFeedback(page, report)
          if (page.cursor === after) break
        }
      } catch (error) {
        if (error instanceof TeamOffline) report.offline = true
        else report.errors.push((error as Error).message)
      }
      return report
    })
  }

  private async importQueue(client: TeamClient, report: PullReport): Promise<void> {
    const { store } = this.deps
    const { rehearsals } = await client.queue()
    for (const r of rehearsals) {
      if (store.calls.get(r.id)) continue
      const { bytes } = await client.bundle(r.id)
      if (sha256Hex(bytes) !== r.bundleSha256) {
        report.errors.push(`The rehearsal ${r.id} arrived damaged (checksum); it will be fetched again.`)
        continue
      }
      try {
        importRehearsalBundle(store, this.deps.recordingsDir, bytes)
        report.imported++
      } catch (error) {
        if (!(error instanceof BundleError && error.code === 'already-imported')) {
          report.errors.push(`${r.repName}'s rehearsal could not be added here: ${(error as Error).message}`)
          continue
        }
      }
      store.sync.recordPulled({ callId: r.id, repName: r.repName, bundleSha256: r.bundleSha256, pulledAt: this.now() })
      // What the bundle brought is on the server already: never push it back as this coach's.
      this.markPushed('review', store.reviews.listForCall(r.id).map((x) => x.id))
      this.markPushed('comment', store.coachComments.listForCall(r.id).map((x) => x.id))
    }
  }

  /** One transaction per page, cursor included: a crash mid-merge repeats the page, and identical records are skipped. */
  private applyFeedback(page: FeedbackPage, report: PullReport): void {
    const { store } = this.deps
    store.transaction(() => {
      for (const r of page.reviews) {
        if (!store.calls.get(r.callId)) continue
        const mine = store.reviews.get(r.id)
        const incoming = { id: r.id, callId: r.callId, reviewer: r.reviewer, verdict: r.verdict, summary: r.summary, createdAt: r.createdAt }
        if (!mine) {
          store.reviews.importRecord(incoming)
          report.addedReviews++
        } else if (JSON.stringify(mine) !== JSON.stringify(incoming)) report.conflicts++
        this.markPushed('review', [r.id])
      }
      for (const c of page.comments) {
        if (!store.calls.get(c.callId)) continue
        const mine = store.coachComments.get(c.id)
        const incoming = { id: c.id, callId: c.callId, atMs: c.atMs, author: c.author, role: c.role, body: c.body, createdAt: c.createdAt }
        if (!mine) {
          store.coachComments.importRecord(incoming)
          report.addedComments++
        } else if (JSON.stringify(mine) !== JSON.stringify(incoming)) report.conflicts++
        this.markPushed('comment', [c.id])
      }
      store.settings.set(CURSOR_KEY, page.cursor)
    })
  }

  /** Queue what is automatic, push, pull. Never throws for being offline. */
  async syncNow(opts: { force?: boolean } = {}): Promise<{ push: PushReport; pull: PullReport } | null> {
    if (!this.settings().enabled) return null
    this.enqueueAutomatic()
    // Who the token is decides what a round does: a manager has nothing to send and no feedback to pull.
    let role: 'rep' | 'coach' | 'manager' | null = null
    try {
      const me = await this.client().me()
      role = me.role
      this.deps.store.settings.set(IDENTITY_KEY, { name: me.name, role: me.role, team: me.team })
      this.deps.store.settings.delete(ROUND_ERROR_KEY)
    } catch (error) {
      if (!(error instanceof TeamOffline || error instanceof TeamRefused)) throw error
      // Kept until a round gets through, so the settings screen says why nothing moves.
      this.deps.store.settings.set(ROUND_ERROR_KEY, (error as Error).message)
      if (error instanceof TeamRefused) throw error
    }
    const skipped = (): PushReport => ({ sent: 0, refused: 0, waiting: this.outbox.counts().pending, offline: role === null, errors: [] })
    if (role === null) {
      return { push: skipped(), pull: { offline: true, addedReviews: 0, addedComments: 0, conflicts: 0, imported: 0, errors: [] } }
    }
    const push = role === 'manager' ? skipped() : await this.push(opts)
    const pull = role === 'manager' ? { offline: false, addedReviews: 0, addedComments: 0, conflicts: 0, imported: 0, errors: [] } : await this.pull()
    if (!push.offline && !pull.offline) this.deps.store.settings.set(LAST_SYNC_KEY, this.now())
    // A pull may bring team rehearsals whose reviews this coach then writes: those queue at the next round.
    return { push, pull }
  }

  /** When the last round reached the server, and who it said the token is. */
  lastRound(): { at: number | null; identity: { name: string; role: 'rep' | 'coach' | 'manager'; team: string } | null } {
    const at = this.deps.store.settings.get(LAST_SYNC_KEY)
    const identity = this.deps.store.settings.get(IDENTITY_KEY) as { name: string; role: 'rep' | 'coach' | 'manager'; team: string } | undefined
    return { at: typeof at === 'number' ? at : null, identity: identity ?? null }
  }

  status(): SyncStatus {
    const items = this.outbox.all()
    const counts = this.outbox.counts()
    const roundError = this.deps.store.settings.get(ROUND_ERROR_KEY)
    const lastError =
      (typeof roundError === 'string' ? roundError : null) ?? [...items].reverse().find((i) => i.state !== 'sent' && i.lastError)?.lastError ?? null
    return { enabled: this.settings().enabled, ...counts, lastError, items }
  }

  /** The team's queue as the server has it (a coach), with rep names. */
  async teamQueue(): Promise<TeamRehearsal[]> {
    return (await this.client().queue()).rehearsals
  }

  async teamFigures(weeks = 8): Promise<TeamFigures> {
    return this.client().figures(weeks, this.now())
  }

  /** One push or pull at a time, so two rounds never send the same item at once. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.running.then(fn, fn)
    this.running = run.catch(() => undefined)
    return run
  }
}
