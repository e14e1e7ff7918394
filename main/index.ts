/**
 * Electron entry: kept thin on purpose. Everything the app does lives in plain
 * Node modules (core/), which tests run without Electron; this file only
 * creates windows, applies the security policy and connects IPC.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { app, BrowserWindow, dialog, globalShortcut } from 'electron'
import { eventContract, OVERLAY_EVENT_NAMES, type EventName } from '../contract/ipc-contract'
import { installAppMenu } from './app/app-menu'
import { watchRenderer } from './app/renderer-watch'
import { electronShortcuts } from './app/shortcut-electron'
import { CLICK_THROUGH_SHORTCUT, DISMISS_PROMPT_SHORTCUT } from '../contract/shortcuts'
import { APP_ORIGIN, devServerUrl } from './app/app-url'
import { handleAppProtocol, registerAppScheme } from './app/app-protocol'
import { electronEngineLauncher } from './app/engine-launcher-electron'
import { electronBundleDialogs } from './app/bundle-dialogs'
import { registerIpc } from './app/ipc-electron'
import { createOverlayWindow, type PromptOverlayWindow } from './app/overlay-window'
import { hardenWebContents, restrictPermissions } from './app/security'
import { parseLaunchOptions } from './core/launch-options'
import { createCallDeskCore, type CallDeskCore } from './core/call-desk-core'

const here = path.dirname(fileURLToPath(import.meta.url))
// Recordings, transcripts and models are this user's alone (0700 folders, 0600 files).
if (process.platform !== 'win32') process.umask(0o077)
const launch = parseLaunchOptions(process.argv.slice(1), process.env)
if (launch.dataDir) app.setPath('userData', launch.dataDir)

registerAppScheme()
hardenWebContents()

let core: CallDeskCore | undefined

/** Built by scripts/ensure-electron-native.mjs for this Electron's ABI (tests keep the Node build). */
function electronSqliteBinding(): string | undefined {
  const file = path.join(here, '../native', `better_sqlite3-electron-${process.versions.modules}.node`)
  return fs.existsSync(file) ? file : undefined
}
let mainWindow: BrowserWindow | undefined
const overlayEvents = new Set<EventName>(OVERLAY_EVENT_NAMES)
let overlayWindow: PromptOverlayWindow | undefined

function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Call Desk',
    backgroundColor: '#0f172a',
    webPreferences: {
      preload: path.join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  })
  win.once('ready-to-show', () => win.show())
  const dev = devServerUrl(app.isPackaged)
  void win.loadURL(dev ?? `${APP_ORIGIN}/index.html`)
  return win
}

async function main(): Promise<void> {
  // One instance: two would fight over the database and the microphone.
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  restrictPermissions()
  installAppMenu(app.isPackaged)
  core = await createCallDeskCore({
    dataDir: app.getPath('userData'),
    appVersion: app.getVersion(),
    env: process.env,
    engineLauncher: electronEngineLauncher,
    sqliteBinding: electronSqliteBinding(),
    audioUrlFor: (callId) => `${APP_ORIGIN}/media/${callId}.wav`,
    chooseModelFile: async () => {
      const result = await dialog.showOpenDialog({
        title: 'Import a Whisper model',
        filters: [{ name: 'Whisper ggml model', extensions: ['bin'] }],
        properties: ['openFile'],
      })
      return result.canceled ? undefined : result.filePaths[0]
    },
    bundleFiles: electronBundleDialogs,
    // Start/stop a call from anywhere, even while the dialer has focus.
    shortcuts: electronShortcuts(() => mainWindow?.webContents.send(eventContract.shortcut.channel, { action: 'toggle-call' })),
    emit: (event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        // The overlay gets only its own events.
        if (win.webContents.id === overlayWindow?.webContentsId && !overlayEvents.has(event)) continue
        win.webContents.send(eventContract[event].channel, payload)
      }
      if (event === 'overlayPlan') overlayWindow?.fitPlan(payload !== null)
    },
  })
  handleAppProtocol(path.join(here, '../renderer'), (callId) => core?.audioPathFor(callId))
  registerIpc(core.dispatch, { overlayId: () => overlayWindow?.webContentsId })
  mainWindow = createMainWindow()
  const running = core
  // After the first paint, before the first call: the voice detector's model load does not hold the window back.
  mainWindow.webContents.once('did-finish-load', () => running.warmUp())
  watchRenderer(mainWindow.webContents, {
    activeCallId: () => running.recording.activeCallId,
    stopCall: (callId) => running.dispatch(`calls:stop`, { callId }),
    log: (m) => console.error(m),
  })
  const dev = devServerUrl(app.isPackaged)
  overlayWindow = createOverlayWindow({
    preload: path.join(here, '../preload/index.cjs'),
    url: dev ? new URL('overlay.html', dev).toString() : `${APP_ORIGIN}/overlay.html`,
    settings: core.settings,
    packaged: app.isPackaged,
  })
  core.overlay.attach(overlayWindow)
  // A failed registration (another app holds the keys) is shown to the rep, who can pick another.
  core.applyShortcut()
  // The overlay never has focus: its two buttons also work from any app. Click-through off is the way
  // out when the overlay ignores clicks. A combination another app holds just stays unregistered here.
  const extra: Array<[string, () => void]> = [
    [DISMISS_PROMPT_SHORTCUT, () => core?.dismissCurrentPrompt()],
    [CLICK_THROUGH_SHORTCUT, () => core?.overlay.set({ clickThrough: !core.overlay.state().clickThrough })],
  ]
  for (const [accelerator, onPress] of extra) {
    try {
      globalShortcut.register(accelerator, onPress)
    } catch {
      // This platform refuses the combination: the buttons still work.
    }
  }
  app.on('second-instance', () => mainWindow?.focus())
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createMainWindow()
  })
}

app.on('will-quit', () => globalShortcut.unregisterAll())

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})

let quitting = false
app.on('before-quit', (event) => {
  if (quitting || !core) return
  // Finish the WAV and close the database before exiting.
  event.preventDefault()
  quitting = true
  void core.shutdown().finally(() => app.quit())
})

main().catch((err) => {
  dialog.showErrorBox('Call Desk could not start', err instanceof Error ? err.message : String(err))
  app.exit(1)
})
