/**
 * A stand-in for the `electron` module, for unit tests of main/app/* under
 * plain Node (the Electron binary cannot be downloaded on every build machine;
 * tests/electron runs the real one where it can). It records what the app
 * registers (handlers, listeners, menus, window settings) so tests can fire
 * events at it and check the answers. Only what main/app uses is here.
 */
import { EventEmitter } from 'node:events'

type Handler = (...args: any[]) => any

export class FakeWebContents extends EventEmitter {
  static nextId = 1
  readonly id = FakeWebContents.nextId++
  windowOpenHandler: Handler | undefined
  reloads = 0
  destroyed = false
  sent: Array<[string, unknown]> = []
  setWindowOpenHandler(h: Handler) {
    this.windowOpenHandler = h
  }
  reload() {
    this.reloads++
  }
  isDestroyed() {
    return this.destroyed
  }
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload])
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static all: FakeBrowserWindow[] = []
  static getAllWindows() {
    return FakeBrowserWindow.all
  }
  readonly webContents = new FakeWebContents()
  contentProtection: boolean | undefined
  calls: Array<[string, unknown[]]> = []
  bounds: { x: number; y: number; width: number; height: number }
  constructor(readonly options: Record<string, any>) {
    super()
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 800, height: options.height ?? 600 }
    FakeBrowserWindow.all.push(this)
  }
  setContentProtection(on: boolean) {
    this.contentProtection = on
  }
  private record(name: string, args: unknown[]) {
    this.calls.push([name, args])
  }
  setAlwaysOnTop(...a: unknown[]) { this.record('setAlwaysOnTop', a) }
  setVisibleOnAllWorkspaces(...a: unknown[]) { this.record('setVisibleOnAllWorkspaces', a) }
  setIgnoreMouseEvents(...a: unknown[]) { this.record('setIgnoreMouseEvents', a) }
  loadURL(url: string) { this.record('loadURL', [url]); return Promise.resolve() }
  isDestroyed() { return false }
  isVisible() { return false }
  showInactive() { this.record('showInactive', []) }
  hide() { this.record('hide', []) }
  getBounds() { return this.bounds }
  setBounds(b: typeof this.bounds) { this.bounds = b }
  getSize() { return [this.bounds.width, this.bounds.height] }
  setSize(w: number, h: number) { this.bounds = { ...this.bounds, width: w, height: h } }
}

export function createElectronStub() {
  const appEvents = new EventEmitter()
  const state = {
    permissionRequest: undefined as Handler | undefined,
    permissionCheck: undefined as Handler | undefined,
    beforeRequest: undefined as Handler | undefined,
    protocolHandlers: new Map<string, Handler>(),
    ipcHandlers: new Map<string, Handler>(),
    applicationMenu: undefined as unknown,
    shortcuts: new Map<string, Handler>(),
    shortcutAnswer: (_accelerator: string): boolean | Error => true,
  }
  const area = { x: 0, y: 0, width: 1920, height: 1080 }
  const electron = {
    app: {
      isPackaged: true,
      on: (event: string, h: Handler) => appEvents.on(event, h),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: Handler) => (state.permissionRequest = h),
        setPermissionCheckHandler: (h: Handler) => (state.permissionCheck = h),
        webRequest: { onBeforeRequest: (h: Handler) => (state.beforeRequest = h) },
      },
    },
    protocol: {
      registerSchemesAsPrivileged: () => undefined,
      handle: (scheme: string, h: Handler) => state.protocolHandlers.set(scheme, h),
    },
    ipcMain: { handle: (channel: string, h: Handler) => state.ipcHandlers.set(channel, h) },
    BrowserWindow: FakeBrowserWindow,
    Menu: {
      buildFromTemplate: (template: unknown) => ({ template }),
      setApplicationMenu: (menu: unknown) => (state.applicationMenu = menu),
    },
    screen: {
      getPrimaryDisplay: () => ({ workArea: area }),
      getAllDisplays: () => [{ workArea: area }],
      getDisplayMatching: () => ({ workArea: area }),
    },
    globalShortcut: {
      register: (accelerator: string, h: Handler) => {
        const answer = state.shortcutAnswer(accelerator)
        if (answer instanceof Error) throw answer
        if (answer) state.shortcuts.set(accelerator, h)
        return answer
      },
      unregister: (accelerator: string) => state.shortcuts.delete(accelerator),
      unregisterAll: () => state.shortcuts.clear(),
    },
  }
  return { electron, state, appEvents }
}

/** The one stub the mocked `electron` module and the tests share. */
export const stub = createElectronStub()
