/**
 * The packaged shape of the app in real Electron: window, security settings,
 * the preload bridge and one IPC round trip. Electron's binary cannot be
 * downloaded on every build machine; where it is absent this test says so and
 * skips, and it runs wherever `npx electron` works.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { _electron as electron } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { invokeNames } from '../../contract/ipc-contract'
import { REPO_ROOT, TEST_MODEL } from '../helpers/shared-assets'
import { tempDataDir } from '../helpers/test-host-process'


/** Electron's package downloads its binary on first use; try once, quietly, and report why not. */
function findElectron(): { path?: string; reason?: string } {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 180_000 })
  const bin = probe.stdout?.trim()
  if (probe.status === 0 && bin && fs.existsSync(bin)) return { path: bin }
  const why = (probe.stderr || '').split('\n').find((l) => /Error|failed/i.test(l)) ?? `exit ${probe.status}`
  return { reason: `Electron binary not available on this machine (${why.trim()})` }
}

const found = findElectron()
if (!found.path) console.log(`[electron-smoke] skipped: ${found.reason}`)

describe.skipIf(!found.path)('Electron app', () => {
  it('opens a hardened window whose bridge talks to main', async () => {
    // Native modules for Electron's ABI (what `npm start` does first).
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts/ensure-electron-native.mjs')], { stdio: 'inherit' })
    const dataDir = tempDataDir()
    const app = await electron.launch({
      executablePath: found.path,
      args: [path.join(REPO_ROOT, 'out/main/index.js'), '--data-dir', dataDir, ...(process.env.CI ? ['--no-sandbox'] : [])],
      env: { ...process.env, CALLDESK_MODEL: TEST_MODEL } as Record<string, string>,
    })
    try {
      const win = await app.firstWindow()
      await win.waitForLoadState('domcontentloaded')
      expect(await win.title()).toBe('Call Desk')
      expect(win.url()).toBe('app://calldesk/index.html')

      // The page sees exactly the contract, and no Node.
      const surface = await win.evaluate(() => ({
        keys: Object.keys((window as unknown as { callDesk: object }).callDesk).sort(),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
        // contextBridge hands the page a frozen copy: the page cannot reach into the preload's world.
        frozen: Object.isFrozen((window as unknown as { callDesk: object }).callDesk),
      }))
      expect(surface.keys).toEqual([...invokeNames, 'on'].sort())
      expect(surface.require).toBe('undefined')
      expect(surface.process).toBe('undefined')
      expect(surface.frozen).toBe(true)

      const info = await win.evaluate(() => (window as unknown as { callDesk: { getAppInfo(): Promise<{ dataDir: string }> } }).callDesk.getAppInfo())
      expect(info.dataDir).toBe(dataDir)
      const bad = await win.evaluate(() =>
        (window as unknown as { callDesk: { getCall(i: unknown): Promise<unknown> } }).callDesk.getCall({ callId: 'nope' }).catch((e: { code: string }) => e.code),
      )
      expect(bad).toBe('validation')

      // Navigation away from the app and new windows are refused.
      await win.evaluate(() => {
        window.location.href = 'https://example.com/'
      })
      await win.waitForTimeout(500)
      expect(win.url()).toBe('app://calldesk/index.html')
      // Two windows are ours: the main one and the prompt overlay (created hidden at start).
      const ours = () => app.windows().map((w) => w.url()).sort()
      await expect.poll(ours).toEqual(['app://calldesk/index.html', 'app://calldesk/overlay.html'])
      await win.evaluate(() => window.open('https://example.com/'))
      await win.waitForTimeout(500)
      expect(ours()).toEqual(['app://calldesk/index.html', 'app://calldesk/overlay.html'])
      expect(fs.existsSync(path.join(dataDir, 'calldesk.sqlite'))).toBe(true)
    } finally {
      await app.close()
    }
  }, 300_000)
})
