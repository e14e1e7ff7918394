import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import {
  ModelDownloadError,
  downloadModel,
  partPathFor,
  type DownloadModelOptions,
  type DownloadProgress,
} from '../../main/transcription/model-download'

/** 3 MB of deterministic bytes standing in for a model. */
function payloadBytes(n: number): Buffer {
  const b = Buffer.alloc(n)
  let x = 0x9e3779b9
  for (let i = 0; i < n; i++) {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    b[i] = x & 0xff
  }
  return b
}
const PAYLOAD = payloadBytes(3 * 1024 * 1024)
const SHA = createHash('sha256').update(PAYLOAD).digest('hex')
const CHUNK = 64 * 1024

type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void
let server: Server
let base: string
let handler: Handler
let requests: Array<{ url: string; range: string | undefined }>

/** Streams `body[start..]` in 64 KiB chunks with a small pause, honouring Range unless told not to. */
function serve(
  req: IncomingMessage,
  res: ServerResponse,
  opts: { body?: Buffer; ignoreRange?: boolean; cutAfter?: number; delayMs?: number } = {},
  // Cutting while bytes are still in flight would make K racy (a fetch body that errors drops
  // chunks it had not handed over yet), so the cut waits until the client has saved them.
  cutWhen: () => Promise<void> = waitForPart(opts.cutAfter ?? 0),
): void {
  const body = opts.body ?? PAYLOAD
  const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
  let start = 0
  if (m && !opts.ignoreRange) {
    start = Number(m[1])
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end()
      return
    }
    res.writeHead(206, {
      'content-length': body.length - start,
      'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      'accept-ranges': 'bytes',
    })
  } else {
    res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' })
  }
  let pos = start
  let sent = 0
  const pump = () => {
    if (res.destroyed) return
    if (pos >= body.length) return void res.end()
    let end = Math.min(pos + CHUNK, body.length)
    if (opts.cutAfter !== undefined) end = Math.min(end, start + opts.cutAfter)
    const chunk = body.subarray(pos, end)
    pos = end
    sent += chunk.length
    res.write(chunk, () => {
      // Cut the connection mid-body once exactly `cutAfter` bytes are out.
      if (opts.cutAfter !== undefined && sent >= opts.cutAfter) {
        void cutWhen().then(() => res.socket?.destroy())
        return
      }
      setTimeout(pump, opts.delayMs ?? 2)
    })
  }
  pump()
}

/** Resolves once the client's .part holds at least `n` bytes (or after 5 s, letting the test fail on its assertions). */
function waitForPart(n: number): () => Promise<void> {
  return async () => {
    const deadline = Date.now() + 5000
    while (Date.now() < deadline) {
      const size = await stat(partPathFor(dest)).then((st) => st.size, () => 0)
      if (size >= n) return
      await new Promise((r) => setTimeout(r, 5))
    }
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push({ url: req.url ?? '', range: req.headers.range })
    handler(req, res, requests.length)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

let dir: string
let dest: string
beforeEach(async () => {
  requests = []
  dir = await mkdtemp(path.join(tmpdir(), 'calldesk-download-'))
  dest = path.join(dir, 'models', 'ggml-test.bin')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function opts(extra: Partial<DownloadModelOptions> = {}): DownloadModelOptions {
  return {
    url: `${base}/file`,
    dest,
    expectedBytes: PAYLOAD.length,
    expectedSha256: SHA,
    retryDelayMs: 10,
    maxRetryDelayMs: 50,
    ...extra,
  }
}

function expectMonotonic(events: DownloadProgress[]): void {
  for (let i = 1; i < events.length; i++) expect(events[i]!.receivedBytes).toBeGreaterThanOrEqual(events[i - 1]!.receivedBytes)
  for (const e of events) {
    expect(e.totalBytes).toBe(PAYLOAD.length)
    expect(e.bytesPerSecond).toBeGreaterThanOrEqual(0)
  }
  expect(events.at(-1)!.receivedBytes).toBe(PAYLOAD.length)
}

async function leftovers(): Promise<string[]> {
  return readdir(path.dirname(dest)).catch(() => [])
}

describe('downloadModel', () => {
  it('follows a redirect, reports throttled monotonic progress, verifies and renames into place', async () => {
    handler = (req, res) => {
      if (req.url === '/redirect') return void res.writeHead(302, { location: '/file' }).end()
      serve(req, res)
    }
    const events: DownloadProgress[] = []
    const t0 = performance.now()
    const result = await downloadModel(opts({ url: `${base}/redirect`, onProgress: (p) => events.push(p) }))
    const elapsedMs = performance.now() - t0

    expect(result).toMatchObject({ path: dest, bytes: PAYLOAD.length, sha256: SHA, resumedFromBytes: 0, requests: 1 })
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
    expect(await leftovers()).toEqual(['ggml-test.bin'])
    expectMonotonic(events)
    expect(events.length).toBeGreaterThanOrEqual(2)
    // At most ~10 a second, plus the forced first and last events.
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 3)
    expect(events.some((e) => e.bytesPerSecond > 0)).toBe(true)
  })

  it('resumes with Range: bytes=K- after the server cuts the connection mid-body', async () => {
    const K = 1_000_000
    handler = (req, res, n) => serve(req, res, n === 1 ? { cutAfter: K } : {})
    const events: DownloadProgress[] = []
    const result = await downloadModel(opts({ onProgress: (p) => events.push(p) }))

    expect(requests).toHaveLength(2)
    expect(requests[0]!.range).toBeUndefined()
    expect(requests[1]!.range).toBe(`bytes=${K}-`)
    expect(result.requests).toBe(2)
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
    expect(await leftovers()).toEqual(['ggml-test.bin'])
    expectMonotonic(events)
  })

  it('drops a connection that goes silent and resumes it', async () => {
    const K = 500_000
    // First response: K bytes, then nothing (socket left open).
    handler = (req, res, n) => serve(req, res, n === 1 ? { cutAfter: K } : {}, n === 1 ? () => new Promise(() => undefined) : undefined)
    const result = await downloadModel(opts({ stallTimeoutMs: 300 }))
    expect(requests[1]!.range).toBe(`bytes=${K}-`)
    expect(result.requests).toBe(2)
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
  })

  it('continues a .part left by an earlier run', async () => {
    handler = (req, res) => serve(req, res)
    await mkdir(path.dirname(dest), { recursive: true })
    await writeFile(partPathFor(dest), PAYLOAD.subarray(0, 123_456))

    const result = await downloadModel(opts())
    expect(requests.map((r) => r.range)).toEqual(['bytes=123456-'])
    expect(result.resumedFromBytes).toBe(123_456)
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
  })

  it('starts over when the server ignores Range and answers 200', async () => {
    const K = 700_000
    handler = (req, res, n) => serve(req, res, n === 1 ? { cutAfter: K, ignoreRange: true } : { ignoreRange: true })
    const events: DownloadProgress[] = []
    await downloadModel(opts({ onProgress: (p) => events.push(p) }))
    expect(requests[1]!.range).toBe(`bytes=${K}-`)
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
    expect(events.at(-1)!.receivedBytes).toBe(PAYLOAD.length)
  })

  it('starts over on 416 when a stale .part is not a prefix the server can continue', async () => {
    // The server's file is shorter than our .part offset would imply: it answers 416.
    handler = (req, res) => {
      if (req.headers.range) return void res.writeHead(416, { 'content-range': `bytes */${PAYLOAD.length}` }).end()
      serve(req, res)
    }
    await mkdir(path.dirname(dest), { recursive: true })
    await writeFile(partPathFor(dest), Buffer.alloc(500_000, 7))
    await downloadModel(opts())
    expect(requests.map((r) => r.range)).toEqual(['bytes=500000-', undefined])
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
  })

  it('rejects a file whose sha256 differs, and leaves neither dest nor a .part behind', async () => {
    const bad = Buffer.from(PAYLOAD)
    bad[1_234_567] = bad[1_234_567]! ^ 0xff
    handler = (req, res) => serve(req, res, { body: bad })
    const err = await downloadModel(opts()).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ModelDownloadError)
    expect(err).toMatchObject({ code: 'checksum-mismatch' })
    expect((err as Error).message).toMatch(/does not match the official sha256/)
    expect(await leftovers()).toEqual([])
  })

  it('stops early when the server sends a file of the wrong size', async () => {
    handler = (req, res) => serve(req, res, { body: PAYLOAD.subarray(0, 1000) })
    await expect(downloadModel(opts())).rejects.toMatchObject({ code: 'size-mismatch' })
    expect(await leftovers()).toEqual([])
  })

  it('stops on abort, keeps the .part (never dest), and a later call resumes from it', async () => {
    handler = (req, res) => serve(req, res, { delayMs: 20 })
    const controller = new AbortController()
    const err = await downloadModel(
      opts({
        signal: controller.signal,
        onProgress: (p) => {
          if (p.receivedBytes >= 300_000) controller.abort()
        },
      }),
    ).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'aborted' })
    expect(await leftovers()).toEqual(['ggml-test.bin.part'])
    const partSize = (await stat(partPathFor(dest))).size
    expect(partSize).toBeGreaterThan(0)
    expect(partSize).toBeLessThan(PAYLOAD.length)

    handler = (req, res) => serve(req, res)
    requests = []
    const result = await downloadModel(opts())
    expect(requests[0]!.range).toBe(`bytes=${partSize}-`)
    expect(result.resumedFromBytes).toBe(partSize)
    expect((await readFile(dest)).equals(PAYLOAD)).toBe(true)
  })

  it('an already-aborted signal makes no request', async () => {
    handler = (req, res) => serve(req, res)
    await expect(downloadModel(opts({ signal: AbortSignal.abort() }))).rejects.toMatchObject({ code: 'aborted' })
    expect(requests).toHaveLength(0)
  })

  it('does not retry a 404, and gives up on a server that keeps failing', async () => {
    handler = (_req, res) => void res.writeHead(404).end()
    await expect(downloadModel(opts())).rejects.toMatchObject({ code: 'http', details: { status: 404 } })
    expect(requests).toHaveLength(1)

    requests = []
    handler = (_req, res) => void res.writeHead(503).end()
    await expect(downloadModel(opts({ retries: 2 }))).rejects.toMatchObject({ code: 'http', details: { status: 503 } })
    expect(requests).toHaveLength(3)
    expect(await leftovers()).toEqual([])
  })

  it('gives up with a network error when nothing is listening', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const err = await downloadModel(opts({ url: `http://127.0.0.1:${port}/file`, retries: 1 })).catch((e: unknown) => e)
    expect(err).toMatchObject({ code: 'network' })
    expect((err as Error).message).toMatch(/failed 2 times in a row/)
  })
})
