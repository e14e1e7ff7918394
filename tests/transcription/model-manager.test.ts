import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { ModelStatus as ContractModelStatus } from '../../contract/ipc-contract'
import { parseCatalog, type ModelCatalogEntry } from '../../main/transcription/model-catalog'
import { ModelFileError, sha256File } from '../../main/transcription/model-file'
import { createModelManager, type ModelManagerOptions } from '../../main/transcription/model-manager'
import { SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'

const TEST_MODEL_BYTES = 586_836
const TEST_MODEL_SHA256 = 'dd6b7796204a1cdf7164666423034e6e1a7a3e9f5c22327b4b7974c4584bd82d'

let server: Server
let base: string
let modelBytes: Buffer
let cutFirstRequest = false
let requestCount = 0

beforeAll(async () => {
  modelBytes = await readFile(TEST_MODEL)
  // Serves the weightless test model as if it were an official download (no Range support needed here).
  server = createServer((req, res) => {
    requestCount++
    if (req.url !== '/ggml-tiny.en.bin') return void res.writeHead(404).end()
    res.writeHead(200, { 'content-length': modelBytes.length })
    if (cutFirstRequest && requestCount === 1) {
      res.write(modelBytes.subarray(0, 100_000), () => res.socket?.destroy())
      return
    }
    res.end(modelBytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

/** A catalog in which the weightless test model is "official". */
function testCatalog(): readonly ModelCatalogEntry[] {
  return parseCatalog([
    {
      fileName: 'ggml-tiny.en.bin',
      label: 'Test tiny (English) · 1 MB',
      bytes: TEST_MODEL_BYTES,
      sha256: TEST_MODEL_SHA256,
      url: `${base}/ggml-tiny.en.bin`,
      family: 'tiny',
      englishOnly: true,
      quantization: 'f16',
    },
    {
      fileName: 'ggml-base.en.bin',
      label: 'Base (English) · 148 MB',
      bytes: 147_964_211,
      sha256: 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002',
      url: `${base}/ggml-base.en.bin`,
      family: 'base',
      englishOnly: true,
      quantization: 'f16',
    },
  ])
}

let dir: string
let modelsDir: string
let setting: string | undefined
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'calldesk-manager-'))
  modelsDir = path.join(dir, 'models')
  setting = undefined
  requestCount = 0
  cutFirstRequest = false
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function manager(extra: Partial<ModelManagerOptions> = {}) {
  return createModelManager({
    modelsDir,
    getSetting: () => setting,
    env: {},
    catalog: testCatalog(),
    defaultModel: 'ggml-tiny.en.bin',
    downloadRetry: { retryDelayMs: 10, maxRetryDelayMs: 20 },
    ...extra,
  })
}

async function errorOf(p: Promise<unknown>): Promise<ModelFileError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  )
  expect(e).toBeInstanceOf(ModelFileError)
  return e as ModelFileError
}

/** The test model plus one small F32 tensor: still a valid model, but not the official size. */
function withExtraTensor(model: Buffer): Buffer {
  const name = Buffer.from('decoder.ln.bias')
  const head = Buffer.alloc(16)
  head.writeInt32LE(1, 0) // n_dims
  head.writeInt32LE(name.length, 4)
  head.writeInt32LE(0, 8) // F32
  head.writeInt32LE(4, 12) // ne[0]
  return Buffer.concat([model, head, name, Buffer.alloc(16)])
}

describe('model manager: resolve()', () => {
  it('prefers the Settings path, then CALLDESK_MODEL, then the models folder', async () => {
    const settingsPath = path.join(dir, 'from-settings.bin')
    const envPath = path.join(dir, 'from-env.bin')
    await mkdir(modelsDir, { recursive: true })
    for (const p of [settingsPath, envPath, path.join(modelsDir, 'ggml-tiny.en.bin')]) await copyFile(TEST_MODEL, p)
    const env: Record<string, string | undefined> = { CALLDESK_MODEL: envPath }
    const m = manager({ env })

    setting = settingsPath
    expect(await m.resolve()).toMatchObject({ path: settingsPath, source: 'settings', info: { tensorCount: 0, typeLabel: 'tiny' } })
    setting = '   '
    expect(await m.resolve()).toMatchObject({ path: envPath, source: 'env' })
    delete env.CALLDESK_MODEL
    const r = await m.resolve()
    expect(r).toMatchObject({ path: path.join(modelsDir, 'ggml-tiny.en.bin'), source: 'app-data' })
    expect(r.official?.fileName).toBe('ggml-tiny.en.bin')
  })

  it('reports a broken Settings path instead of silently using another model', async () => {
    await mkdir(modelsDir, { recursive: true })
    await copyFile(TEST_MODEL, path.join(modelsDir, 'ggml-tiny.en.bin'))
    setting = path.join(dir, 'gone.bin')
    const e = await errorOf(manager().resolve())
    expect(e.code).toBe('missing')
    expect(e.message).toContain(setting)
    expect(e.message).toMatch(/Settings/)

    setting = path.join(SPEECH_DIR, 'jfk.wav')
    expect((await errorOf(manager().resolve())).code).toBe('not-a-model')

    setting = undefined
    const fromEnv = await errorOf(manager({ env: { CALLDESK_MODEL: path.join(dir, 'nope.bin') } }).resolve())
    expect(fromEnv.message).toMatch(/CALLDESK_MODEL/)
  })

  it('says how to get a model when none is installed', async () => {
    const e = await errorOf(manager().resolve())
    expect(e.code).toBe('missing')
    expect(e.path).toBe(path.join(modelsDir, 'ggml-tiny.en.bin'))
    expect(e.message).toMatch(/No speech model is installed/)
    expect(e.message).toMatch(/Download the default model/)
    expect(e.message).toMatch(/import/)
    expect(e.message).toMatch(/CALLDESK_MODEL/)
  })

  it('never returns a .part as a model', async () => {
    await mkdir(modelsDir, { recursive: true })
    // Even a complete, valid file is not used while it still has the .part name.
    await copyFile(TEST_MODEL, path.join(modelsDir, 'ggml-tiny.en.bin.part'))
    expect((await errorOf(manager().resolve())).code).toBe('missing')
    const st = await manager().status()
    expect(st.state).toBe('missing')
    expect(st.catalog[0]).toMatchObject({ installed: false, partialBytes: TEST_MODEL_BYTES })
  })

  it('flags an official file name whose size is not the official size as truncated', async () => {
    await mkdir(modelsDir, { recursive: true })
    await writeFile(path.join(modelsDir, 'ggml-tiny.en.bin'), withExtraTensor(modelBytes))
    const e = await errorOf(manager().resolve())
    expect(e.code).toBe('truncated')
    expect(e.message).toMatch(/the official ggml-tiny\.en\.bin is 586836 bytes/)
    expect((await manager().status()).state).toBe('invalid')
  })
})

describe('model manager: download()', () => {
  it('downloads into the models folder (resuming after a cut), then resolves and reports ready', async () => {
    cutFirstRequest = true
    const m = manager()
    const before = await m.status()
    expect(before.state).toBe('missing')
    expect(ContractModelStatus.parse(before).catalog).toHaveLength(2)

    const progress: number[] = []
    const installed = await m.download('ggml-tiny.en.bin', { onProgress: (p) => progress.push(p.receivedBytes) })
    expect(installed).toMatchObject({ fileName: 'ggml-tiny.en.bin', bytes: TEST_MODEL_BYTES, sha256: TEST_MODEL_SHA256 })
    expect(requestCount).toBe(2)
    expect(progress.at(-1)).toBe(TEST_MODEL_BYTES)
    expect(await readdir(modelsDir)).toEqual(['ggml-tiny.en.bin'])

    const st = await m.status()
    expect(st).toMatchObject({ state: 'ready', source: 'app-data', message: null, model: { typeLabel: 'tiny', tensorCount: 0 } })
    expect(st.catalog.find((c) => c.fileName === 'ggml-tiny.en.bin')).toMatchObject({ installed: true, isDefault: true })
    expect(() => ContractModelStatus.parse(st)).not.toThrow()
    expect(JSON.parse(JSON.stringify(st))).toEqual(st)
  })

  it('refuses unknown models and a second concurrent download of the same file; cancel stops it', async () => {
    const m = manager()
    await expect(m.download('ggml-nope.bin')).rejects.toMatchObject({ code: 'unknown-model' })
    // A fetch that never answers keeps the first download in flight.
    const slow = manager({ fetchImpl: (async () => new Promise<Response>(() => undefined)) as typeof fetch })
    const first = slow.download('ggml-tiny.en.bin')
    await expect(slow.download('ggml-tiny.en.bin')).rejects.toMatchObject({ code: 'busy' })
    expect((await slow.status()).state).toBe('downloading')
    expect(slow.cancelDownload()).toBe(true)
    // The fetchImpl above ignores its signal; cancelling must still end the download (vitest's timeout would catch a hang).
    await expect(first).rejects.toMatchObject({ code: 'aborted' })
    expect((await slow.status()).state).toBe('missing')
    // And the slot is free again.
    const again = slow.download('ggml-tiny.en.bin')
    slow.cancelDownload('ggml-tiny.en.bin')
    await expect(again).rejects.toMatchObject({ code: 'aborted' })
  })
})

describe('model manager: importFile()', () => {
  it('imports a file byte-identical to an official model under its official name', async () => {
    const src = path.join(dir, 'Downloads', 'my whisper model.bin')
    await mkdir(path.dirname(src), { recursive: true })
    await copyFile(TEST_MODEL, src)
    const m = manager()
    const seen: number[] = []
    const installed = await m.importFile(src, { onProgress: (p) => seen.push(p.receivedBytes) })
    expect(installed).toMatchObject({ fileName: 'ggml-tiny.en.bin', path: path.join(modelsDir, 'ggml-tiny.en.bin'), sha256: TEST_MODEL_SHA256 })
    expect(seen.at(-1)).toBe(TEST_MODEL_BYTES)
    expect(await readdir(modelsDir)).toEqual(['ggml-tiny.en.bin'])
    expect(await m.resolve()).toMatchObject({ source: 'app-data' })
  })

  it('rejects a one-byte-modified copy and leaves an installed good model untouched', async () => {
    await mkdir(modelsDir, { recursive: true })
    const installedPath = path.join(modelsDir, 'ggml-tiny.en.bin')
    await copyFile(TEST_MODEL, installedPath)
    const tampered = Buffer.from(modelBytes)
    tampered[tampered.length - 10] = tampered[tampered.length - 10]! ^ 0x01
    const src = path.join(dir, 'tampered.bin')
    await writeFile(src, tampered)

    const e = await errorOf(manager().importFile(src))
    expect(e.code).toBe('not-official')
    expect(e.message).toContain(src)
    expect(e.message).toMatch(/doesn't match any official whisper\.cpp model/)
    expect(await readdir(modelsDir)).toEqual(['ggml-tiny.en.bin'])
    expect(await sha256File(installedPath)).toBe(TEST_MODEL_SHA256)
  })

  it('rejects non-models and wrongly sized models without touching the models folder', async () => {
    const m = manager()
    expect((await errorOf(m.importFile(path.join(SPEECH_DIR, 'jfk.wav')))).code).toBe('not-a-model')
    const bigger = path.join(dir, 'bigger.bin')
    await writeFile(bigger, withExtraTensor(modelBytes))
    const e = await errorOf(m.importFile(bigger))
    expect(e.code).toBe('not-official')
    expect(await readdir(modelsDir).catch(() => [])).toEqual([])
  })
})
