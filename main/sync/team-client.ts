/**
 * The desktop's HTTP client for the team server. Every reply is parsed with
 * the server's own wire schemas; a reply that does not parse is an error, not
 * data. Network failures and 5xx are TeamOffline (try again later); other
 * refusals are TeamRefused with the server's code and message.
 */
import type { z, ZodType } from 'zod'
import {
  API,
  FeedbackPage,
  Me,
  PutResult,
  ReviewPushResult,
  TeamFigures,
  TeamRehearsals,
  type DebriefPush,
  type PlanPush,
  type ReviewPush,
} from '../../contract/team-wire'

export class TeamOffline extends Error {
  override name = 'TeamOffline'
}
export class TeamRefused extends Error {
  override name = 'TeamRefused'
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message)
  }
  /** Worth trying again later (throttled, timed out, token to be fixed), rather than giving up on the item. */
  get retryable(): boolean {
    return this.status === 401 || this.status === 408 || this.status === 429
  }
}

export type Fetch = typeof fetch

export class TeamClient {
  constructor(
    private readonly serverUrl: string,
    private readonly token: string,
    private readonly fetchImpl: Fetch = fetch,
  ) {}

  private async request(method: string, path: string, init: { body?: BodyInit; type?: string; key?: string } = {}): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` }
    if (init.type) headers['content-type'] = init.type
    if (init.key) headers['idempotency-key'] = init.key
    let res: Response
    try {
      res = await this.fetchImpl(new URL(API + path, this.serverUrl), { method, headers, body: init.body ?? null })
    } catch (error) {
      throw new TeamOffline(`The team server cannot be reached: ${(error as Error).message}`)
    }
    if (res.status >= 500) {
      await res.body?.cancel().catch(() => undefined)
      throw new TeamOffline(`The team server failed (${res.status}); will try again.`)
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
      throw new TeamRefused(res.status, body?.error?.code ?? String(res.status), body?.error?.message ?? `refused (${res.status})`)
    }
    return res
  }

  private async json<T extends ZodType>(schema: T, method: string, path: string, init?: Parameters<TeamClient['request']>[2]): Promise<z.output<T>> {
    const res = await this.request(method, path, init)
    let body: unknown
    try {
      body = await res.json()
    } catch (error) {
      throw new TeamOffline(`The team server's reply was cut off: ${(error as Error).message}`)
    }
    const parsed = schema.safeParse(body)
    if (!parsed.success) throw new TeamRefused(502, 'bad-reply', `The team server replied in an unexpected shape: ${parsed.error.issues[0]?.message}`)
    return parsed.data
  }

  me() {
    return this.json(Me, 'GET', '/me')
  }
  putRehearsal(callId: string, bundle: Uint8Array, key: string) {
    return this.json(PutResult, 'PUT', `/rehearsals/${callId}`, { body: bundle as unknown as BodyInit, type: 'application/zip', key })
  }
  pushReviews(callId: string, body: ReviewPush, key: string) {
    return this.json(ReviewPushResult, 'POST', `/rehearsals/${callId}/reviews`, { body: JSON.stringify(body), type: 'application/json', key })
  }
  putDebrief(callId: string, body: DebriefPush, key: string) {
    return this.json(PutResult, 'PUT', `/debriefs/${callId}`, { body: JSON.stringify(body), type: 'application/json', key })
  }
  putPlan(scheduledCallId: string, body: PlanPush, key: string) {
    return this.json(PutResult, 'PUT', `/plans/${scheduledCallId}`, { body: JSON.stringify(body), type: 'application/json', key })
  }
  rehearsals() {
    return this.json(TeamRehearsals, 'GET', '/rehearsals')
  }
  queue() {
    return this.json(TeamRehearsals, 'GET', '/queue')
  }
  feedback(after: number) {
    return this.json(FeedbackPage, 'GET', `/feedback?after=${after}`)
  }
  figures(weeks = 8, now?: number) {
    return this.json(TeamFigures, 'GET', `/figures?weeks=${weeks}${now !== undefined ? `&now=${now}` : ''}`)
  }
  async bundle(callId: string): Promise<{ bytes: Uint8Array; sha256: string | null }> {
    const res = await this.request('GET', `/rehearsals/${callId}/bundle`)
    try {
      return { bytes: new Uint8Array(await res.arrayBuffer()), sha256: res.headers.get('x-content-sha256') }
    } catch (error) {
      throw new TeamOffline(`The download was cut off: ${(error as Error).message}`)
    }
  }
}
