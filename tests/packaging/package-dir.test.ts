/**
 * A real electron-builder run here: `electron-builder --linux dir` packs the
 * app (app.asar, the unpacked addons, the fuses, the after-build check) into a
 * temporary folder. The Electron binary cannot be downloaded here, so a
 * stand-in with Electron's fuse wire takes its place (electronDist); no
 * installer is made (the dir target needs no downloaded tools). What this
 * cannot show — that the packaged app starts — only the release workflow can.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/shared-assets'

const require = createRequire(import.meta.url)
const { SENTINEL } = require('@electron/fuses/dist/constants')
const asar = require('@electron/asar')
const { fuseMismatches } = require('../../packaging/fuses.cjs')
const { layoutProblems } = require('../../packaging/verify-build.cjs')

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-pack-'))
const dist = path.join(work, 'dist')
const app = path.join(dist, 'linux-unpacked')
// Only scripts/ensure-electron-native.mjs (which needs the Electron binary) writes this; without it the check says so.
const hasElectronSqlite = fs.existsSync(path.join(REPO_ROOT, 'out/native')) && fs.readdirSync(path.join(REPO_ROOT, 'out/native')).some((f) => /^better_sqlite3-electron-\d+\.node$/.test(f))
const MISSING_NATIVE = 'not unpacked beside app.asar: ^out/native/better_sqlite3-electron-\\d+\\.node$'
let run: { code: number; output: string }

beforeAll(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'out/main/index.js'))) {
    await promisify(execFile)(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO_ROOT })
  }
  // The stand-in Electron: a file carrying the fuse sentinel and wire (version 1, 8 fuses, Electron's shipped defaults).
  const electronDist = path.join(work, 'electron')
  fs.mkdirSync(electronDist)
  fs.writeFileSync(path.join(electronDist, 'electron'), Buffer.concat([Buffer.alloc(256, 7), Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001'), Buffer.alloc(256, 7)]), { mode: 0o755 })
  fs.writeFileSync(path.join(electronDist, 'LICENSE'), '')
  const electronVersion = require('electron/package.json').version
  const cli = require.resolve('electron-builder/cli.js')
  const args = [cli, '--linux', 'dir', '--config', 'electron-builder.config.cjs', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.electronVersion=${electronVersion}`, `-c.directories.output=${dist}`]
  run = await new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, CI: '1' }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` })
    })
  })
}, 300_000)

afterAll(() => fs.rmSync(work, { recursive: true, force: true }))

describe('electron-builder --linux dir (stand-in Electron)', () => {
  it('packs the app; the after-build check passes, or names only the Electron sqlite build this machine cannot make', () => {
    expect(fs.existsSync(path.join(app, 'resources', 'app.asar')), run.output).toBe(true)
    if (hasElectronSqlite) {
      expect(run.code, run.output).toBe(0)
      expect(run.output).toMatch(/verify-build: fuses and layout checked in 1 app/)
    } else {
      expect(run.code, run.output).not.toBe(0)
      expect(run.output).toContain(MISSING_NATIVE)
      // …and nothing else: no other unpacked file, no missing or forbidden file, no fuse.
      expect(run.output.split('not unpacked beside app.asar: ').slice(1).every((rest) => rest.startsWith('^out/native/'))).toBe(true)
      expect(run.output).not.toMatch(/missing from app\.asar|must not be packaged|: fuse /)
    }
  })

  it('flipped every fuse in the packed binary as the checklist asks', async () => {
    expect(await fuseMismatches(path.join(app, 'call-desk'))).toEqual([])
  })

  it('app.asar holds every built file and no sources; native code unpacked, only for linux x64', () => {
    const resources = path.join(app, 'resources')
    expect(layoutProblems(resources)).toEqual(hasElectronSqlite ? [] : [MISSING_NATIVE])
    const packed = new Set<string>(asar.listPackage(path.join(resources, 'app.asar'), { isPack: false }).map((p: string) => p.replace(/^\//, '')))
    const walk = (dir: string, rel: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), `${rel}/${e.name}`) : [`${rel}/${e.name}`]))
    for (const file of walk(path.join(REPO_ROOT, 'out'), 'out')) {
      if (file.endsWith('.map') || file.startsWith('out/native/')) continue
      expect(packed.has(file), file).toBe(true)
    }
    expect([...packed].filter((f) => /^(main|preload|renderer|contract|tests|bench|server|scripts|packaging)\//.test(f))).toEqual([])
    const unpacked = walk(path.join(resources, 'app.asar.unpacked'), '').map((f) => f.slice(1))
    const onnx = unpacked.filter((f) => f.startsWith('node_modules/onnxruntime-node/bin/')).map((f) => f.split('/').slice(4, 6).join('/'))
    expect(new Set(onnx)).toEqual(new Set(['linux/x64']))
    expect(unpacked).toContain('node_modules/smart-whisper/build/Release/smart-whisper.node')
    expect(unpacked.filter((f) => /\.(c|cc|cpp|h)$/.test(f))).toEqual([])
  })
})
