/**
 * EngineHost: the model download as the rep sees it. The model manager holds
 * the download in flight (one record of it); the host reports it, refuses a
 * second one, says what happened to the last one and emits the events.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import os, { tmpdir } from 'node:os'
import path from 'node:path'
import type { Emit } from '../../contract/emit'
import type { EventName, EventPayload } from '../../contract/ipc-contract'
import { AppError } from '../../main/errors'
import { EngineHost } from '../../main/transcription/engine-host'
import { parseCatalog } from '../../main/transcription/model-catalog'
import { createModelManager } from '../../main/transcription/model-manager'
import { TEST_MODEL } from '../helpers/shared-assets'

const TEST_MODEL_BYTES = 586_836
const TEST_MODEL_SHA256 = 'dd6b7796204a1cdf7164666423034e6e1a7a3e9f5c22327b4b7974c4584bd82d'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'calldesk-engine-host-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

type Seen = { event: EventName; payload: unknown }

function host(fetchImpl: typeof fetch) {
  const seen: Seen[] = []
  const waiters: Array<(s: Seen) => void> = []
  const emit: Emit = (event, payload) => {
    const s = { event, payload }
    seen.push(s)
    for (const w of waiters.splice(0)) w(s)
  }
  const next = <K extends EventName>(event: K): Promise<EventPayload<K>> =>
    new Promise((resolve) => {
      const wait = (s: Seen) => (s.event === event ? resolve(s.payload as EventPayload<K>) : waiters.push(wait))
      waiters.push(wait)
    })
  const catalog = parseCatalog([
    {
      fileName: 'ggml-tiny.en.bin',
      label: 'Test tiny (English) · 1 MB',
      bytes: TEST_MODEL_BYTES,
      sha256: TEST_MODEL_SHA256,
      url: 'http://models.invalid/ggml-tiny.en.bin',
      family: 'tiny',
      englishOnly: true,
      quantization: 'f16',
    },
  ])
  const models = createModelManager({ modelsDir: path.join(dir, 'models'), getSetting: () => undefined, env: {}, catalog, fetchImpl, downloadRetry: { retries: 0 } })
  return { engines: new EngineHost({ models, modelSetting: () => undefined, env: {}, emit, queued: () => 0 }), models, seen, next }
}

describe('EngineHost: model download', () => {
  it('reports a running download, refuses a second, and after a cancel says it can resume', async () => {
    // A fetch that answers only when aborted keeps the download in flight until the cancel.
    const held = (async (_url: string, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)))) as typeof fetch
    const { engines, models, next } = host(held)
    expect((await engines.status()).state).toBe('missing')

    const started = await engines.download('ggml-tiny.en.bin')
    expect(started).toMatchObject({ state: 'downloading', message: null })
    expect(models.activeDownload()).toBe('ggml-tiny.en.bin')
    await expect(engines.download('ggml-tiny.en.bin')).rejects.toSatisfy((e) => e instanceof AppError && e.code === 'conflict')

    const settled = next('modelStatus')
    const cancelled = await engines.cancelDownload()
    // Cancelled at once for the rep, even while the aborted request winds down.
    expect(cancelled.state).toBe('missing')
    expect(models.activeDownload()).toBeNull()
    expect(await settled).toMatchObject({ state: 'missing', message: 'The download was cancelled; starting it again resumes where it stopped.' })
  })

  it('installs a downloaded model: progress events, then a ready status', async () => {
    const bytes = await readFile(TEST_MODEL)
    const served = (async () => new Response(bytes, { status: 200, headers: { 'content-length': String(bytes.length) } })) as typeof fetch
    const { engines, seen, next } = host(served)
    const settled = next('modelStatus')
    await engines.download('ggml-tiny.en.bin')
    const status = await settled
    expect(status).toMatchObject({ state: 'ready', message: null, source: 'app-data' })
    const progress = seen.filter((s) => s.event === 'modelProgress').map((s) => s.payload as EventPayload<'modelProgress'>)
    expect(progress.length).toBeGreaterThan(0)
    expect(progress.at(-1)).toMatchObject({ fileName: 'ggml-tiny.en.bin', receivedBytes: TEST_MODEL_BYTES })
  })

  it('a failed download says why until a model is there', async () => {
    const refused = (async () => new Response('nope', { status: 404 })) as typeof fetch
    const { engines, next } = host(refused)
    const settled = next('modelStatus')
    await engines.download('ggml-tiny.en.bin')
    const status = await settled
    expect(status.state).toBe('missing')
    expect(status.message).not.toBeNull()
    expect(status.message).not.toMatch(/cancelled/)
    expect((await engines.status()).message).toBe(status.message)
  })
})

describe('EngineHost: foreground and background engines', () => {
  function withModel(backgroundMaxBytes?: number) {
    const models = createModelManager({ modelsDir: path.join(dir, 'models'), getSetting: () => undefined, env: { CALLDESK_MODEL: TEST_MODEL }, fetchImpl: fetch })
    return new EngineHost({ models, modelSetting: () => undefined, env: { CALLDESK_MODEL: TEST_MODEL }, emit: () => undefined, queued: () => 0, threads: 1, backgroundMaxBytes })
  }

  it('gives a small model a second engine whose process runs at the lowest CPU priority', async () => {
    const engines = withModel()
    expect(engines.separateBackground()).toBe(false) // not known before a model is resolved
    try {
      const foreground = await engines.engineFor('foreground')
      const background = await engines.engineFor('background')
      expect(background).not.toBe(foreground)
      expect(engines.separateBackground()).toBe(true)
      expect(background.modelPath).toBe(foreground.modelPath)
      // The foreground process keeps the app's priority; the background one is lowered to the lowest (19 on Unix).
      expect(foreground.nice).toBe(os.getPriority())
      expect(background.nice).toBe(os.constants.priority.PRIORITY_LOW)
      expect(await engines.engineFor('background')).toBe(background)
    } finally {
      await engines.dispose()
    }
  }, 60_000)

  it('shares one engine between the roles when the model is too big for two copies', async () => {
    const engines = withModel(TEST_MODEL_BYTES - 1)
    try {
      const foreground = await engines.engineFor('foreground')
      expect(await engines.engineFor('background')).toBe(foreground)
      expect(engines.separateBackground()).toBe(false)
      expect(foreground.nice).toBe(os.getPriority())
    } finally {
      await engines.dispose()
    }
  }, 60_000)
})
