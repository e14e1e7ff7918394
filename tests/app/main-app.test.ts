/**
 * main/app/* (the Electron glue) against a stand-in `electron` module, so the
 * security checklist has tests that run under plain Node: navigation and
 * redirects blocked, window.open denied, webviews refused, only the
 * microphone for the app's own page, remote requests cancelled, the CSP on
 * every response, IPC only from our windows' top frames and the overlay only
 * on its own channels, content protection on the overlay, no reload or
 * DevTools in a packaged build's menu, a call stopped when its renderer dies,
 * and a failed global shortcut reported.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { invokeNames, OVERLAY_INVOKE_NAMES } from '../../contract/ipc-contract'
import { CONTENT_SECURITY_POLICY } from '../../contract/csp'
import { FakeBrowserWindow, FakeWebContents, stub } from './electron-stub'

vi.mock('electron', async () => (await import('./electron-stub')).stub.electron)

const { hardenWebContents, restrictPermissions } = await import('../../main/app/security')
const { handleAppProtocol } = await import('../../main/app/app-protocol')
const { registerIpc } = await import('../../main/app/ipc-electron')
const { createOverlayWindow } = await import('../../main/app/overlay-window')
const { installAppMenu } = await import('../../main/app/app-menu')
const { watchRenderer } = await import('../../main/app/renderer-watch')
const { electronShortcuts } = await import('../../main/app/shortcut-electron')

const APP_PAGE = 'app://calldesk/index.html'
const event = () => ({ preventDefault: vi.fn() })

beforeEach(() => {
  FakeBrowserWindow.all = []
  stub.state.ipcHandlers.clear()
  stub.electron.app.isPackaged = true
})

describe('web contents are hardened', () => {
  hardenWebContents()
  const contents = new FakeWebContents()
  stub.appEvents.emit('web-contents-created', {}, contents)

  it.each(['https://example.com/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)'])('navigation to %s is blocked', (url) => {
    for (const name of ['will-navigate', 'will-redirect']) {
      const e = event()
      contents.emit(name, e, url)
      expect(e.preventDefault, name).toHaveBeenCalled()
    }
  })

  it('navigation inside the app is allowed', () => {
    const e = event()
    contents.emit('will-navigate', e, 'app://calldesk/overlay.html')
    expect(e.preventDefault).not.toHaveBeenCalled()
  })

  it('window.open is denied and webviews are refused', () => {
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' })
    expect(contents.windowOpenHandler?.({ url: APP_PAGE })).toEqual({ action: 'deny' })
    const e = event()
    contents.emit('will-attach-webview', e, {}, {})
    expect(e.preventDefault).toHaveBeenCalled()
  })
})

describe('permissions', () => {
  restrictPermissions()
  const ask = (permission: string, details: Record<string, unknown>) => {
    let granted: boolean | undefined
    stub.state.permissionRequest!({}, permission, (ok: boolean) => (granted = ok), details)
    return granted
  }

  it('grants the microphone (audio only) to the app’s own page and nothing else', () => {
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: APP_PAGE })).toBe(true)
    expect(ask('media', { mediaTypes: ['audio', 'video'], requestingUrl: APP_PAGE })).toBe(false)
    expect(ask('media', { mediaTypes: ['video'], requestingUrl: APP_PAGE })).toBe(false)
    expect(ask('media', { mediaTypes: [], requestingUrl: APP_PAGE })).toBe(false)
    expect(ask('media', { mediaTypes: ['audio'], requestingUrl: 'https://evil.example/' })).toBe(false)
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'display-capture', 'openExternal']) {
      expect(ask(p, { requestingUrl: APP_PAGE }), p).toBe(false)
    }
  })

  it('permission checks follow the same rule', () => {
    const check = stub.state.permissionCheck!
    expect(check({}, 'media', 'app://calldesk', { mediaType: 'audio' })).toBe(true)
    expect(check({}, 'media', 'app://calldesk', { mediaType: 'video' })).toBe(false)
    expect(check({}, 'media', 'https://evil.example', { mediaType: 'audio' })).toBe(false)
    expect(check({}, 'geolocation', 'app://calldesk', {})).toBe(false)
  })

  it('requests to the network are cancelled, the app’s own are not', () => {
    const cancel = (url: string) => {
      let answer: { cancel: boolean } | undefined
      stub.state.beforeRequest!({ url }, (a: { cancel: boolean }) => (answer = a))
      return answer!.cancel
    }
    expect(cancel('https://example.com/tracker.js')).toBe(true)
    expect(cancel('http://127.0.0.1:8080/')).toBe(true)
    expect(cancel(APP_PAGE)).toBe(false)
    expect(cancel('blob:app://calldesk/1234')).toBe(false)
  })
})

describe('the app:// protocol', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-renderer-'))
  const rendererDir = path.join(dir, 'renderer')
  fs.mkdirSync(rendererDir)
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Call Desk</title>')
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'not for the page')
  const wav = path.join(dir, 'call.wav')
  fs.writeFileSync(wav, Buffer.alloc(1000, 1))
  const callId = '00000000-0000-4000-8000-000000000001'
  handleAppProtocol(rendererDir, (id) => (id === callId ? wav : undefined))
  const get = (url: string, headers: Record<string, string> = {}) => stub.state.protocolHandlers.get('app')!(new Request(url, { headers })) as Promise<Response>

  it('serves the page with the Content-Security-Policy and nosniff', async () => {
    const r = await get(APP_PAGE)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await r.text()).toContain('Call Desk')
  })

  it('serves call audio by id only, with ranges and the CSP', async () => {
    const r = await get(`app://calldesk/media/${callId}.wav`, { range: 'bytes=10-19' })
    expect(r.status).toBe(206)
    expect(r.headers.get('content-range')).toBe('bytes 10-19/1000')
    expect(r.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect((await get('app://calldesk/media/00000000-0000-4000-8000-000000000002.wav')).status).toBe(404)
  })

  it.each(['app://calldesk/../secret.txt', 'app://calldesk/%2e%2e/secret.txt', 'app://calldesk/%2e%2e%2fsecret.txt', 'app://elsewhere/index.html', 'app://calldesk/missing.js'])(
    '%s is not found',
    async (url) => {
      expect((await get(url)).status).toBe(404)
    },
  )
})

describe('IPC sender checks', () => {
  function setup() {
    const main = new FakeBrowserWindow({})
    const overlay = new FakeBrowserWindow({})
    const dispatched: string[] = []
    registerIpc(
      async (channel) => {
        dispatched.push(channel)
        return { ok: true, value: null }
      },
      { overlayId: () => overlay.webContents.id },
    )
    const invoke = (channel: string, sender: FakeWebContents | { id: number }, url = APP_PAGE, parent: unknown = null) =>
      stub.state.ipcHandlers.get(channel)!({ sender, senderFrame: { url, parent } }, undefined) as Promise<{ ok: boolean; error?: { code: string } }>
    return { main, overlay, dispatched, invoke }
  }

  it('every contract channel is registered', () => {
    setup()
    expect(stub.state.ipcHandlers.size).toBe(invokeNames.length)
  })

  it('the main window reaches every channel', async () => {
    const { main, dispatched, invoke } = setup()
    expect(await invoke('calls:start', main.webContents)).toEqual({ ok: true, value: null })
    expect(dispatched).toEqual(['calls:start'])
  })

  it('the overlay gets only its own channels', async () => {
    const { overlay, dispatched, invoke } = setup()
    expect((await invoke('calls:start', overlay.webContents, 'app://calldesk/overlay.html')).error?.code).toBe('forbidden')
    expect((await invoke('settings:update', overlay.webContents, 'app://calldesk/overlay.html')).error?.code).toBe('forbidden')
    expect((await invoke('bundle:import-rehearsal', overlay.webContents, 'app://calldesk/overlay.html')).error?.code).toBe('forbidden')
    expect(dispatched).toEqual([])
    expect(await invoke('overlay:get-state', overlay.webContents, 'app://calldesk/overlay.html')).toEqual({ ok: true, value: null })
    expect(await invoke('flags:dismiss', overlay.webContents, 'app://calldesk/overlay.html')).toEqual({ ok: true, value: null })
    expect(dispatched).toEqual(['overlay:get-state', 'flags:dismiss'])
    expect(OVERLAY_INVOKE_NAMES.length).toBeLessThan(invokeNames.length / 4)
  })

  it('a frame inside a page, a foreign page or a window that is not ours gets nothing', async () => {
    const { main, dispatched, invoke } = setup()
    expect((await invoke('app:get-info', main.webContents, APP_PAGE, { url: APP_PAGE })).error?.code).toBe('forbidden')
    expect((await invoke('app:get-info', main.webContents, 'https://evil.example/')).error?.code).toBe('forbidden')
    expect((await invoke('app:get-info', { id: 9999 })).error?.code).toBe('forbidden')
    expect(dispatched).toEqual([])
  })
})

describe('the overlay window', () => {
  const settings = { get: () => ({}), update: vi.fn() } as never

  it('is left out of screen shares (content protection) and never takes focus', () => {
    createOverlayWindow({ preload: '/p.cjs', url: 'app://calldesk/overlay.html', settings, packaged: true })
    const win = FakeBrowserWindow.all.at(-1)!
    expect(win.contentProtection).toBe(true)
    expect(win.options.focusable).toBe(false)
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, devTools: false })
  })
})

describe('the application menu', () => {
  const roles = (items: any[]): string[] => items.flatMap((i) => [i.role, ...(i.submenu ? roles(i.submenu) : [])]).filter(Boolean)

  it.each(['linux', 'win32', 'darwin'])('a packaged build on %s has no reload and no DevTools', (platform) => {
    stub.state.applicationMenu = undefined
    installAppMenu(true, platform as NodeJS.Platform)
    const menu = stub.state.applicationMenu as { template: any[] }
    expect(menu).toBeDefined()
    const all = roles(menu.template).map((r) => r.toLowerCase())
    for (const banned of ['reload', 'forcereload', 'toggledevtools', 'viewmenu']) expect(all).not.toContain(banned)
    expect(all).toContain('copy')
    expect(all).toContain('paste')
  })

  it('development keeps Electron’s default menu', () => {
    stub.state.applicationMenu = undefined
    installAppMenu(false, 'linux')
    expect(stub.state.applicationMenu).toBeUndefined()
  })
})

describe('a renderer that dies mid-call', () => {
  it('stops the active call, then reloads the page', async () => {
    const contents = new FakeWebContents()
    const order: string[] = []
    let stopped: () => void = () => undefined
    const done = new Promise<void>((r) => (stopped = r))
    watchRenderer(contents as never, {
      activeCallId: () => 'call-1',
      stopCall: async (id) => {
        order.push(`stop ${id}`)
      },
    })
    contents.reload = () => {
      order.push('reload')
      stopped()
    }
    contents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 })
    await done
    expect(order).toEqual(['stop call-1', 'reload'])
  })

  it('without a call, only reloads', () => {
    const contents = new FakeWebContents()
    const stop = vi.fn()
    watchRenderer(contents as never, { activeCallId: () => undefined, stopCall: stop })
    contents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 })
    expect(stop).not.toHaveBeenCalled()
    expect(contents.reloads).toBe(1)
  })
})

describe('the global shortcut', () => {
  it('reports a combination another app holds, and one the system rejects, and frees the old one on change', () => {
    const shortcuts = electronShortcuts(() => undefined)
    stub.state.shortcutAnswer = (a) => a !== 'CommandOrControl+Shift+K'
    expect(shortcuts.register('CommandOrControl+Shift+K')).toMatchObject({ registered: false, message: expect.stringMatching(/another app/) })
    stub.state.shortcutAnswer = () => new Error('bad accelerator')
    expect(shortcuts.register('Super+F24')).toMatchObject({ registered: false, message: expect.stringMatching(/not a shortcut/) })
    stub.state.shortcutAnswer = () => true
    expect(shortcuts.register('CommandOrControl+Alt+K')).toEqual({ accelerator: 'CommandOrControl+Alt+K', registered: true, message: null })
    expect(shortcuts.register('CommandOrControl+Alt+J').registered).toBe(true)
    expect([...stub.state.shortcuts.keys()]).toEqual(['CommandOrControl+Alt+J'])
  })
})
