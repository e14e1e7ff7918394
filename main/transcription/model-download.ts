/**
 * Resumable, verified model download.
 *
 * Bytes go to `<dest>.part`; only a file whose size and sha256 match the
 * official values is fsynced and renamed onto `dest`, so `dest` is either
 * absent, the previous file, or a complete verified model — never partial.
 * A cut connection resumes with `Range: bytes=N-` (models are 30–150 MB and
 * reps are often on hotel or office Wi-Fi); a cancelled download keeps its
 * .part so the next attempt picks up where it stopped.
 */
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { dirname } from 'node:path'
import { sha256File } from './model-file'

export interface DownloadProgress {
  receivedBytes: number
  totalBytes: number
  /** Recent throughput (a few seconds' window); 0 until there is enough to measure. */
  bytesPerSecond: number
}

export type ModelDownloadErrorCode =
  | 'aborted'
  | 'http' // the server answered with an error status
  | 'network' // the connection failed, and kept failing after the retries
  | 'size-mismatch' // the server is sending a different file than the catalog describes
  | 'checksum-mismatch'
  | 'io' // local disk problem (full, permissions)
  | 'busy' // this model is already downloading
  | 'unknown-model'

export class ModelDownloadError extends Error {
  override readonly name = 'ModelDownloadError'
  constructor(
    readonly code: ModelDownloadErrorCode,
    message: string,
    readonly details: { url?: string; dest?: string; status?: number; retryable?: boolean; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause })
  }
}

export interface DownloadModelOptions {
  url: string
  /** Final path; the download is staged at `dest + '.part'`. */
  dest: string
  expectedBytes: number
  expectedSha256: string
  onProgress?: (p: DownloadProgress) => void
  signal?: AbortSignal
  fetchImpl?: typeof fetch
  /** Automatic resumes after a failed attempt that made no progress in a row (default 5). */
  retries?: number
  /** First backoff delay, doubled per consecutive failure (default 1000 ms). */
  retryDelayMs?: number
  maxRetryDelayMs?: number
  /** An attempt that receives nothing for this long is dropped and resumed (default 30 s). */
  stallTimeoutMs?: number
  /** Minimum gap between progress events (default 100 ms, i.e. at most ~10/s). */
  progressIntervalMs?: number
}

export interface DownloadResult {
  path: string
  bytes: number
  sha256: string
  /** Bytes already in a .part from an earlier run that this download continued from. */
  resumedFromBytes: number
  /** HTTP requests made. */
  requests: number
}

export function partPathFor(dest: string): string {
  return dest + '.part'
}

/** Internal signal that the loop should start over from byte 0 immediately. */
class RestartFromZero extends Error {
  constructor() {
    super('the server sent a byte range that does not continue the partial file')
  }
}

export async function downloadModel(opts: DownloadModelOptions): Promise<DownloadResult> {
  const { url, dest, expectedBytes, signal } = opts
  const expectedSha256 = opts.expectedSha256.toLowerCase()
  if (!Number.isSafeInteger(expectedBytes) || expectedBytes <= 0) throw new TypeError('expectedBytes must be a positive integer')
  if (!/^[0-9a-f]{64}$/.test(expectedSha256)) throw new TypeError('expectedSha256 must be 64 hex digits')
  const fetchImpl = opts.fetchImpl ?? globalThis.fetch
  const retries = opts.retries ?? 5
  const baseDelay = opts.retryDelayMs ?? 1000
  const maxDelay = opts.maxRetryDelayMs ?? 30_000
  const stallMs = opts.stallTimeoutMs ?? 30_000
  const part = partPathFor(dest)
  const name = dest.split(/[\\/]/).pop() ?? dest
  const meter = new ProgressMeter(expectedBytes, opts.onProgress, opts.progressIntervalMs ?? 100)

  throwIfAborted(signal, name)
  await ioStep(() => mkdir(dirname(dest), { recursive: true }), dest)

  let resumedFromBytes = await fileSize(part)
  if (resumedFromBytes > expectedBytes) {
    await rm(part, { force: true })
    resumedFromBytes = 0
  }
  // A stale .part from an earlier run may hold bytes of a different file version;
  // if the digest then fails we start over once rather than failing the rep.
  let mayRestartAfterBadDigest = resumedFromBytes > 0
  let requests = 0

  for (;;) {
    meter.start(await fileSize(part))
    let consecutiveFailures = 0
    // ---- fetch until the .part holds expectedBytes ----
    for (;;) {
      throwIfAborted(signal, name)
      const offset = await fileSize(part)
      if (offset >= expectedBytes) break
      let receivedThisAttempt = 0
      try {
        requests++
        await attempt(offset, (n) => {
          receivedThisAttempt += n
        })
      } catch (err) {
        if (signal?.aborted) throw abortedError(name, url, dest, err)
        // From offset 0 a restart would loop forever; there it counts as a failed attempt.
        if (err instanceof RestartFromZero && offset > 0) {
          await rm(part, { force: true })
          meter.start(0)
          continue
        }
        if (err instanceof ModelDownloadError && !err.details.retryable) {
          if (err.code === 'size-mismatch') await rm(part, { force: true })
          throw err
        }
        // Progress resets the budget: a flaky link that keeps moving forward should finish.
        consecutiveFailures = receivedThisAttempt > 0 ? 1 : consecutiveFailures + 1
        if (consecutiveFailures > retries) {
          if (err instanceof ModelDownloadError) throw err // e.g. a server that keeps answering 503
          const why = describeNetworkError(err)
          throw new ModelDownloadError(
            'network',
            `Downloading ${name} failed ${retries + 1} times in a row (${why}). Check the internet connection and try again — the download will resume where it stopped.`,
            { url, dest, cause: err },
          )
        }
        const delay = Math.min(maxDelay, baseDelay * 2 ** (consecutiveFailures - 1))
        await sleep(delay, signal).catch((e: unknown) => {
          throw abortedError(name, url, dest, e)
        })
      }
    }
    meter.finish(expectedBytes)

    // ---- verify, then publish atomically ----
    const size = await fileSize(part)
    if (size !== expectedBytes) {
      await rm(part, { force: true })
      throw new ModelDownloadError('size-mismatch', `Downloaded ${name} is ${size} bytes, expected ${expectedBytes}. Try the download again.`, { url, dest })
    }
    const digest = await sha256File(part)
    if (digest !== expectedSha256) {
      await rm(part, { force: true })
      if (mayRestartAfterBadDigest) {
        mayRestartAfterBadDigest = false
        continue
      }
      throw new ModelDownloadError(
        'checksum-mismatch',
        `The downloaded file does not match the official sha256 for ${name} (got ${digest}, expected ${expectedSha256}). It was deleted; try the download again, and if it keeps failing the file on the server may have changed.`,
        { url, dest },
      )
    }
    await ioStep(async () => {
      // fsync before rename: otherwise a power cut can leave `dest` renamed but with unwritten (zero) blocks.
      const fh = await open(part, 'r+')
      try {
        await fh.sync()
      } finally {
        await fh.close()
      }
      await rename(part, dest)
    }, dest)
    await fsyncDir(dirname(dest))
    return { path: dest, bytes: expectedBytes, sha256: digest, resumedFromBytes, requests }
  }

  /** One HTTP request, appending to the .part from `offset`. Throws on anything short of the full file. */
  async function attempt(offset: number, onBytes: (n: number) => void): Promise<void> {
    // Per-attempt signal: the caller's abort, or our stall timer. A connection
    // that goes silent (Wi-Fi hand-over, sleeping laptop) is otherwise only
    // noticed after minutes; aborting it lets the retry loop resume it.
    const attemptCtl = new AbortController()
    const attemptSignal = signal ? AbortSignal.any([signal, attemptCtl.signal]) : attemptCtl.signal
    let stallTimer: ReturnType<typeof setTimeout> | undefined
    const arm = () => {
      clearTimeout(stallTimer)
      stallTimer = setTimeout(
        () => attemptCtl.abort(new Error(`no data for ${Math.round(stallMs / 1000)} s`)),
        stallMs,
      )
    }
    arm()
    try {
      // identity: byte counts and Range offsets must be those of the file, not of a compressed stream.
      const headers: Record<string, string> = { 'accept-encoding': 'identity' }
      if (offset > 0) headers.range = `bytes=${offset}-`
      const res = await untilAborted(fetchImpl(url, { headers, signal: attemptSignal, redirect: 'follow' }), attemptSignal)

      let startAt: number
      if (res.status === 206) {
        const range = parseContentRange(res.headers.get('content-range'))
        if (range?.total !== undefined && range.total !== expectedBytes) {
          await discard(res)
          throw sizeMismatch(range.total)
        }
        if (!range || range.start !== offset) {
          // A range we did not ask for: don't guess how to splice it; start over.
          await discard(res)
          throw new RestartFromZero()
        }
        startAt = offset
      } else if (res.status === 200) {
        const len = contentLength(res)
        if (len !== undefined && len !== expectedBytes) {
          await discard(res)
          throw sizeMismatch(len)
        }
        // The whole file: either a fresh start or a server that ignores Range.
        startAt = 0
        if (offset > 0) meter.start(0)
      } else if (res.status === 416) {
        // Our .part is at or past the end of what the server has: it is not a prefix of this file.
        await discard(res)
        throw new RestartFromZero()
      } else {
        await discard(res)
        const retryable = res.status >= 500 || res.status === 408 || res.status === 429
        const what = res.status === 404 ? 'the file was not found on the server' : 'the server answered with an error'
        throw new ModelDownloadError('http', `Downloading ${name} failed: ${what} (HTTP ${res.status}). Try again later.`, {
          url,
          dest,
          status: res.status,
          retryable,
        })
      }
      if (!res.body) throw new Error('empty response body')

      const reader = res.body.getReader()
      const fh = await ioStep(() => open(part, startAt === 0 ? 'w' : 'a'), dest)
      let received = startAt
      try {
        for (;;) {
          const { done, value } = await untilAborted(reader.read(), attemptSignal)
          if (done) break
          arm()
          if (received + value.byteLength > expectedBytes) throw sizeMismatch(`more than ${expectedBytes}`)
          await ioStep(() => writeAll(fh, value), dest)
          received += value.byteLength
          onBytes(value.byteLength)
          meter.update(received)
        }
      } finally {
        await fh.close().catch(() => undefined)
        reader.cancel().catch(() => undefined)
      }
      if (received < expectedBytes) throw new Error(`connection closed after ${received} of ${expectedBytes} bytes`)
    } finally {
      clearTimeout(stallTimer)
    }
  }

  function sizeMismatch(got: number | string): ModelDownloadError {
    return new ModelDownloadError(
      'size-mismatch',
      `The server is sending ${got} bytes for ${name}, but the official file is ${expectedBytes} bytes. The download was stopped; try again later.`,
      { url, dest },
    )
  }
}

/**
 * Settles with `p`, or rejects as soon as `signal` aborts: a fetch
 * implementation or stream that ignores its signal must not hang the download.
 */
function untilAborted<T>(p: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    p.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    p.then(
      (v) => {
        signal.removeEventListener('abort', onAbort)
        resolve(v)
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(e)
      },
    )
  })
}

async function discard(res: Response): Promise<void> {
  await res.body?.cancel().catch(() => undefined)
}

async function writeAll(fh: import('node:fs/promises').FileHandle, chunk: Uint8Array): Promise<void> {
  let off = 0
  while (off < chunk.byteLength) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.byteLength - off)
    off += bytesWritten
  }
}

/** Runs a local file-system step; its failures are not worth retrying over the network. */
async function ioStep<T>(fn: () => Promise<T>, dest: string): Promise<T> {
  try {
    return await fn()
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const why =
      code === 'ENOSPC'
        ? 'the disk is full — free some space and try again'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : (err as Error).message
    throw new ModelDownloadError('io', `Could not save the model to "${dest}": ${why}.`, { dest, cause: err })
  }
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size
  } catch {
    return 0
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Not supported for directories on Windows; best effort.
  try {
    const fh = await open(dir, 'r')
    try {
      await fh.sync()
    } finally {
      await fh.close()
    }
  } catch {
    /* best effort */
  }
}

function parseContentRange(value: string | null): { start: number; end: number; total?: number } | undefined {
  const m = value?.match(/^bytes\s+(\d+)-(\d+)\/(\d+|\*)$/i)
  if (!m) return undefined
  return { start: Number(m[1]), end: Number(m[2]), ...(m[3] === '*' ? {} : { total: Number(m[3]) }) }
}

function contentLength(res: Response): number | undefined {
  const v = res.headers.get('content-length')
  if (v === null || !/^\d+$/.test(v)) return undefined
  return Number(v)
}

function throwIfAborted(signal: AbortSignal | undefined, name: string): void {
  if (signal?.aborted) throw abortedError(name, undefined, undefined, signal.reason)
}

function abortedError(name: string, url: string | undefined, dest: string | undefined, cause: unknown): ModelDownloadError {
  return new ModelDownloadError('aborted', `The download of ${name} was cancelled.`, {
    ...(url === undefined ? {} : { url }),
    ...(dest === undefined ? {} : { dest }),
    cause,
  })
}

function describeNetworkError(err: unknown): string {
  if (err instanceof ModelDownloadError) return err.message
  const e = err as { message?: string; cause?: { code?: string; message?: string } }
  const cause = e?.cause?.code ?? e?.cause?.message
  return [e?.message ?? String(err), cause].filter(Boolean).join(': ')
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Throttles progress callbacks and measures throughput over a sliding window. */
class ProgressMeter {
  private samples: Array<{ t: number; bytes: number }> = []
  private lastEmit = -Infinity

  constructor(
    private readonly total: number,
    private readonly cb: ((p: DownloadProgress) => void) | undefined,
    private readonly intervalMs: number,
  ) {}

  /** (Re)start counting from `received` bytes, e.g. at a resume or after a restart from zero. */
  start(received: number): void {
    this.samples = [{ t: performance.now(), bytes: received }]
    this.emit(received, true)
  }

  update(received: number): void {
    this.emit(received, false)
  }

  finish(received: number): void {
    this.emit(received, true)
  }

  private emit(received: number, force: boolean): void {
    if (!this.cb) return
    const t = performance.now()
    this.samples.push({ t, bytes: received })
    while (this.samples.length > 2 && t - this.samples[0]!.t > 3000) this.samples.shift()
    if (!force && t - this.lastEmit < this.intervalMs) return
    this.lastEmit = t
    const first = this.samples[0]!
    const dt = (t - first.t) / 1000
    const bytesPerSecond = dt > 0.05 ? Math.max(0, (received - first.bytes) / dt) : 0
    this.cb({ receivedBytes: received, totalBytes: this.total, bytesPerSecond })
  }
}
