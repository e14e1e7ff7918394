/**
 * The installer configuration, checked where no installer can be built (no
 * Electron binary, no network here; .github/workflows/release.yml builds them):
 * the config parses and says what it must, the Electron fuses are the
 * hardening checklist's, and what the app loads at run time (main, preload,
 * renderer, the engine process) is inside what the package includes.
 */
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { REPO_ROOT } from '../helpers/shared-assets'

const read = (file: string) => fs.readFileSync(path.join(REPO_ROOT, file), 'utf8')

const Config = z.object({
  appId: z.string().regex(/^[a-z0-9]+(\.[a-z0-9-]+)+$/),
  productName: z.literal('Call Desk'),
  files: z.array(z.string()).min(1),
  asar: z.literal(true),
  electronFuses: z.record(z.string(), z.boolean()),
  linux: z.object({ target: z.array(z.string()).min(1) }),
  mac: z.object({ target: z.array(z.string()).min(1), extendInfo: z.object({ NSMicrophoneUsageDescription: z.string().min(10) }) }),
  win: z.object({ target: z.array(z.string()).min(1) }),
})

const config = Config.parse(JSON.parse(read('electron-builder.json')))

/** electron-builder's rule: a path is in if some pattern matches it and no later "!" pattern excludes it. */
function included(file: string): boolean {
  let inside = false
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (path.matchesGlob(file, pattern.slice(1))) inside = false
    } else if (path.matchesGlob(file, pattern)) inside = true
  }
  return inside
}

describe('installers (electron-builder)', () => {
  it('builds for Linux, macOS and Windows', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']))
    expect(config.mac.target).toContain('dmg')
    expect(config.win.target).toContain('nsis')
  })

  it('sets the Electron fuses the security checklist asks for', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    })
  })

  it('has a dist script and a release workflow for the three systems', () => {
    const pkg = JSON.parse(read('package.json')) as { main: string; scripts: Record<string, string> }
    expect(pkg.scripts.dist).toMatch(/electron-vite build/)
    expect(pkg.scripts.dist).toMatch(/electron-builder(@[\d.]+)? --config electron-builder\.json/)
    const workflow = read('.github/workflows/release.yml')
    for (const os of ['ubuntu-latest', 'macos-latest', 'windows-latest']) expect(workflow).toContain(os)
    expect(workflow).toMatch(/run: npm ci/)
    expect(workflow).toMatch(/run: npm run dist/)
  })

  // After `npm run build` (npm test builds first): every file the app loads is packaged.
  const built = fs.existsSync(path.join(REPO_ROOT, 'out/main/index.js'))
  it.skipIf(!built)('packages the built main, engine process, preload and renderer (and no source maps)', () => {
    const pkg = JSON.parse(read('package.json')) as { main: string }
    const needed = [pkg.main.replace(/^\.\//, ''), 'out/main/engine-process.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/renderer/overlay.html', 'package.json']
    for (const file of needed) {
      expect(fs.existsSync(path.join(REPO_ROOT, file)), file).toBe(true)
      expect(included(file), file).toBe(true)
    }
    const assets = fs.readdirSync(path.join(REPO_ROOT, 'out/renderer/assets'))
    expect(assets.length).toBeGreaterThan(0)
    for (const a of assets) expect(included(`out/renderer/assets/${a}`), a).toBe(!a.endsWith('.map'))
    expect(included('main/index.ts')).toBe(false) // sources stay out
    expect(included('tests/e2e/layout.e2e.test.ts')).toBe(false)
  })
})
