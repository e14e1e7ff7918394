/**
 * Decides which speech model the engine loads, and installs official models
 * (download or import) into the app's models folder. Pure Node: the Electron
 * side passes in the folder, a settings getter and, for import, a path the rep
 * picked.
 *
 * Only files verified against the catalog's sha256 are ever written into the
 * models folder, always via a temp file + rename, so a good installed model is
 * never replaced by a bad or partial one.
 */
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm, stat } from 'node:fs/promises'
import { createHash, randomBytes } from 'node:crypto'
import { basename, join, resolve as resolvePath } from 'node:path'
import {
  DEFAULT_MODEL,
  MODEL_CATALOG,
  findCatalogEntry,
  parseCatalog,
  type ModelCatalogEntry,
} from './model-catalog'
import { ModelFileError, fileErrorFromNode, inspectModelFile, type ModelInfo } from './model-file'
import { ModelDownloadError, downloadModel, partPathFor, type DownloadProgress } from './model-download'

export const MODEL_ENV_VAR = 'CALLDESK_MODEL'

export type ModelSource = 'settings' | 'env' | 'app-data'

export interface ResolvedModel {
  path: string
  source: ModelSource
  info: ModelInfo
  /** The catalog entry when the file carries an official name (size checked, not hashed). */
  official: ModelCatalogEntry | null
}

export interface InstalledModel {
  fileName: string
  path: string
  bytes: number
  sha256: string
}

/** Serialisable for IPC; a superset of contract/ipc-contract.ts ModelStatus. */
export interface ModelStatus {
  state: 'ready' | 'missing' | 'invalid' | 'downloading'
  /** A sentence the rep can act on when state is not 'ready'. */
  message: string | null
  errorCode: ModelFileError['code'] | null
  path: string | null
  source: ModelSource | null
  model: {
    fileName: string
    typeLabel: ModelInfo['typeLabel']
    ftypeLabel: string
    multilingual: boolean
    bytes: number
    tensorCount: number
    officialLabel: string | null
  } | null
  modelsDir: string
  defaultModel: string
  downloading: { fileName: string; receivedBytes: number; totalBytes: number; bytesPerSecond: number } | null
  catalog: Array<{
    fileName: string
    label: string
    bytes: number
    url: string
    isDefault: boolean
    /** Present in the models folder with the official size (not re-hashed: it was verified when installed). */
    installed: boolean
    /** Bytes of an interrupted download waiting to be resumed (0 if none). */
    partialBytes: number
  }>
}

export interface ModelManagerOptions {
  /** The app's models folder (app-data); created on first install. */
  modelsDir: string
  /** The model path chosen in Settings, if any. */
  getSetting: () => string | undefined
  env?: Record<string, string | undefined>
  catalog?: readonly ModelCatalogEntry[]
  /** Defaults to DEFAULT_MODEL when it is in the catalog, else the catalog's first entry. */
  defaultModel?: string
  fetchImpl?: typeof fetch
  /** Passed to downloadModel (tests use small delays). */
  downloadRetry?: { retries?: number; retryDelayMs?: number; maxRetryDelayMs?: number }
}

export interface ModelManager {
  readonly modelsDir: string
  readonly defaultModel: string
  readonly catalog: readonly ModelCatalogEntry[]
  /** Where an official model lives once installed. */
  pathFor(fileName: string): string
  /** The model to load: Settings path, else $CALLDESK_MODEL, else the models folder. Throws ModelFileError. */
  resolve(): Promise<ResolvedModel>
  status(): Promise<ModelStatus>
  /** Download an official model into the models folder (resumable, verified). Throws ModelDownloadError. */
  download(fileName: string, opts?: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal }): Promise<InstalledModel>
  /** Cancel an in-flight download (all of them when no name is given); its .part is kept for resuming. */
  cancelDownload(fileName?: string): boolean
  /**
   * The download running now (not cancelled), or null: the one record of download state, which
   * status() reports too. A cancelled one still holds its file until it has wound down.
   */
  activeDownload(): string | null
  /** Copy a rep-supplied file in, only if it is byte-identical to an official model. Throws ModelFileError. */
  importFile(srcPath: string, opts?: { onProgress?: (p: DownloadProgress) => void }): Promise<InstalledModel>
}

export function createModelManager(opts: ModelManagerOptions): ModelManager {
  const modelsDir = resolvePath(opts.modelsDir)
  const env = opts.env ?? process.env
  const catalog = opts.catalog ? parseCatalog(opts.catalog) : MODEL_CATALOG
  const defaultModel =
    opts.defaultModel ?? (findCatalogEntry(catalog, DEFAULT_MODEL) ? DEFAULT_MODEL : catalog[0]!.fileName)
  const defaultEntry = findCatalogEntry(catalog, defaultModel)
  if (!defaultEntry) throw new Error(`defaultModel ${defaultModel} is not in the catalog`)

  const inFlight = new Map<string, { controller: AbortController; progress: DownloadProgress | null; cancelled: boolean }>()
  const pathFor = (fileName: string) => join(modelsDir, fileName)

  /** Inspect plus the official-size check; errors are rewritten to say where the path came from. */
  async function check(path: string, source: ModelSource): Promise<ResolvedModel> {
    try {
      const info = await inspectModelFile(path)
      const official = findCatalogEntry(catalog, basename(path)) ?? null
      if (official && info.bytes !== official.bytes) {
        throw new ModelFileError(
          'truncated',
          path,
          `"${path}" is ${info.bytes} bytes but the official ${official.fileName} is ${official.bytes} bytes: the file is incomplete or damaged — download it again.`,
        )
      }
      return { path, source, info, official }
    } catch (err) {
      const e = fileErrorFromNode(err, path)
      const where =
        source === 'settings'
          ? ' (This file is set in Settings → Speech model: choose another file there, or clear it to use the downloaded model.)'
          : source === 'env'
            ? ` (This path comes from the ${MODEL_ENV_VAR} environment variable: fix or unset it.)`
            : ''
      throw where ? new ModelFileError(e.code, e.path, e.message + where, { cause: e }) : e
    }
  }

  async function resolve(): Promise<ResolvedModel> {
    // An explicit choice that is broken is reported, not silently replaced by
    // another model: the rep should know their setting isn't being used.
    const configured = opts.getSetting()?.trim()
    if (configured) return check(resolvePath(configured), 'settings')
    const fromEnv = env[MODEL_ENV_VAR]?.trim()
    if (fromEnv) return check(resolvePath(fromEnv), 'env')

    // The models folder: the default first, then any other installed official
    // model. Only exact official names are considered, so a `.part` or temp file
    // can never be picked up.
    const names = [defaultModel, ...catalog.map((e) => e.fileName).filter((n) => n !== defaultModel)]
    let firstError: ModelFileError | undefined
    for (const name of names) {
      const p = pathFor(name)
      if (!(await exists(p))) continue
      try {
        return await check(p, 'app-data')
      } catch (err) {
        firstError ??= fileErrorFromNode(err, p)
      }
    }
    if (firstError) throw firstError
    throw new ModelFileError(
      'missing',
      pathFor(defaultModel),
      `No speech model is installed. Download the default model (${defaultEntry!.label}) in Call Desk, import a whisper.cpp ggml-*.bin file you already have, or set ${MODEL_ENV_VAR} to the path of one.`,
    )
  }

  async function status(): Promise<ModelStatus> {
    const catalogStatus = await Promise.all(
      catalog.map(async (e) => {
        const p = pathFor(e.fileName)
        return {
          fileName: e.fileName,
          label: e.label,
          bytes: e.bytes,
          url: e.url,
          isDefault: e.fileName === defaultModel,
          installed: (await sizeOf(p)) === e.bytes,
          partialBytes: (await sizeOf(partPathFor(p))) ?? 0,
        }
      }),
    )
    const first = [...inFlight.entries()].find(([, slot]) => !slot.cancelled)
    const downloading = first
      ? {
          fileName: first[0],
          receivedBytes: first[1].progress?.receivedBytes ?? 0,
          totalBytes: first[1].progress?.totalBytes ?? findCatalogEntry(catalog, first[0])?.bytes ?? 0,
          bytesPerSecond: first[1].progress?.bytesPerSecond ?? 0,
        }
      : null
    const base = { modelsDir, defaultModel, downloading, catalog: catalogStatus }
    try {
      const r = await resolve()
      return {
        ...base,
        state: 'ready',
        message: null,
        errorCode: null,
        path: r.path,
        source: r.source,
        model: {
          fileName: basename(r.path),
          typeLabel: r.info.typeLabel,
          ftypeLabel: r.info.ftypeLabel,
          multilingual: r.info.multilingual,
          bytes: r.info.bytes,
          tensorCount: r.info.tensorCount,
          officialLabel: r.official?.label ?? null,
        },
      }
    } catch (err) {
      if (!(err instanceof ModelFileError)) throw err
      const state = downloading ? 'downloading' : err.code === 'missing' && !isExplicit() ? 'missing' : 'invalid'
      return {
        ...base,
        state,
        message: err.message,
        errorCode: err.code,
        path: err.path,
        source: sourceOfError(),
        model: null,
      }
    }
  }

  const isExplicit = () => Boolean(opts.getSetting()?.trim() || env[MODEL_ENV_VAR]?.trim())
  const sourceOfError = (): ModelSource | null =>
    opts.getSetting()?.trim() ? 'settings' : env[MODEL_ENV_VAR]?.trim() ? 'env' : null

  async function download(
    fileName: string,
    dl: { onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal } = {},
  ): Promise<InstalledModel> {
    const entry = findCatalogEntry(catalog, fileName)
    if (!entry) {
      throw new ModelDownloadError('unknown-model', `${fileName} is not one of the official whisper.cpp models Call Desk can download.`)
    }
    // Two writers on one .part would interleave bytes; one download per file.
    if (inFlight.has(fileName)) throw new ModelDownloadError('busy', `${entry.label} is already downloading.`)
    const controller = new AbortController()
    const onOuterAbort = () => {
      slot.cancelled = true
      controller.abort(dl.signal?.reason)
    }
    dl.signal?.addEventListener('abort', onOuterAbort, { once: true })
    const slot = { controller, progress: null as DownloadProgress | null, cancelled: false }
    inFlight.set(fileName, slot)
    if (dl.signal?.aborted) onOuterAbort()
    try {
      const result = await downloadModel({
        url: entry.url,
        dest: pathFor(fileName),
        expectedBytes: entry.bytes,
        expectedSha256: entry.sha256,
        signal: controller.signal,
        onProgress: (p) => {
          slot.progress = p
          dl.onProgress?.(p)
        },
        ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}),
        ...opts.downloadRetry,
      })
      return { fileName, path: result.path, bytes: result.bytes, sha256: result.sha256 }
    } finally {
      dl.signal?.removeEventListener('abort', onOuterAbort)
      inFlight.delete(fileName)
    }
  }

  function cancelDownload(fileName?: string): boolean {
    let cancelled = false
    for (const [name, slot] of inFlight) {
      if (fileName === undefined || name === fileName) {
        slot.cancelled = true
        slot.controller.abort()
        cancelled = true
      }
    }
    return cancelled
  }

  async function importFile(
    srcPath: string,
    im: { onProgress?: (p: DownloadProgress) => void } = {},
  ): Promise<InstalledModel> {
    const src = resolvePath(srcPath)
    // Structure first: a WAV or a half-downloaded file gets a precise message
    // without hashing hundreds of MB.
    const info = await inspectModelFile(src)
    const candidates = catalog.filter((e) => e.bytes === info.bytes)
    if (candidates.length === 0) throw notOfficial(src, `its size, ${info.bytes} bytes, is not that of any official model`)

    const dest0 = pathFor(candidates[0]!.fileName)
    await mkdir(modelsDir, { recursive: true }).catch((err: unknown) => {
      throw fileErrorFromNode(err, modelsDir)
    })
    // Hash exactly the bytes we write, in one pass: what lands in the folder is what was verified.
    const tmp = join(modelsDir, `.import-${randomBytes(6).toString('hex')}.tmp`)
    const hash = createHash('sha256')
    const started = performance.now()
    let done = 0
    let lastEmit = -Infinity
    try {
      const out = await open(tmp, 'w')
      try {
        for await (const chunk of createReadStream(src, { highWaterMark: 1 << 20 })) {
          const buf = chunk as Buffer
          hash.update(buf)
          let off = 0
          while (off < buf.length) off += (await out.write(buf, off, buf.length - off)).bytesWritten
          done += buf.length
          const now = performance.now()
          if (im.onProgress && (now - lastEmit >= 100 || done === info.bytes)) {
            lastEmit = now
            const secs = (now - started) / 1000
            im.onProgress({ receivedBytes: done, totalBytes: info.bytes, bytesPerSecond: secs > 0.05 ? done / secs : 0 })
          }
        }
        await out.sync()
      } finally {
        await out.close()
      }
      const digest = hash.digest('hex')
      const entry = candidates.find((e) => e.sha256 === digest)
      if (!entry || done !== entry.bytes) {
        throw notOfficial(src, `its sha256 is ${digest}`)
      }
      const dest = pathFor(entry.fileName)
      await rename(tmp, dest)
      return { fileName: entry.fileName, path: dest, bytes: done, sha256: digest }
    } catch (err) {
      await rm(tmp, { force: true }).catch(() => undefined)
      if (err instanceof ModelFileError) throw err
      // Read errors are about the source file; write errors about the models folder.
      const path = (err as NodeJS.ErrnoException).path === src ? src : dest0
      throw fileErrorFromNode(err, path)
    }
  }

  function notOfficial(src: string, why: string): ModelFileError {
    const names = catalog.map((e) => e.fileName).join(', ')
    return new ModelFileError(
      'not-official',
      src,
      `"${src}" doesn't match any official whisper.cpp model (${why}). Call Desk only imports the official, unmodified files (${names}) so it can verify them — download the model in Call Desk instead, or point Settings at this file to use it as is.`,
    )
  }

  return {
    modelsDir,
    defaultModel,
    catalog,
    pathFor,
    resolve,
    status,
    download,
    cancelDownload,
    activeDownload: () => [...inFlight.entries()].find(([, slot]) => !slot.cancelled)?.[0] ?? null,
    importFile,
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p)
    return true
  } catch {
    return false
  }
}

async function sizeOf(p: string): Promise<number | undefined> {
  try {
    const st = await stat(p)
    return st.isFile() ? st.size : undefined
  } catch {
    return undefined
  }
}
