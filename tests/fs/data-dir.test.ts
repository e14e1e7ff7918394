import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { defaultDataDir, PRODUCT_NAME } from '../../main/fs/data-dir'
import { REPO_ROOT } from '../helpers/shared-assets'

const home = os.homedir()

describe('defaultDataDir', () => {
  it('uses CALLDESK_DATA_DIR on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      expect(defaultDataDir({ CALLDESK_DATA_DIR: '/custom/calls', APPDATA: '/x', XDG_CONFIG_HOME: '/y' }, platform)).toBe('/custom/calls')
    }
  })

  it('ignores an empty CALLDESK_DATA_DIR', () => {
    expect(defaultDataDir({ CALLDESK_DATA_DIR: '' }, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Call Desk'))
  })

  it('uses Application Support on macOS', () => {
    expect(defaultDataDir({}, 'darwin')).toBe(path.join(home, 'Library', 'Application Support', 'Call Desk'))
  })

  it('uses APPDATA on Windows, or AppData/Roaming under home without it', () => {
    expect(defaultDataDir({ APPDATA: '/appdata' }, 'win32')).toBe(path.join('/appdata', 'Call Desk'))
    expect(defaultDataDir({}, 'win32')).toBe(path.join(home, 'AppData', 'Roaming', 'Call Desk'))
  })

  it('uses XDG_CONFIG_HOME on Linux, or ~/.config without it', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux')).toBe(path.join('/xdg', 'Call Desk'))
    expect(defaultDataDir({}, 'linux')).toBe(path.join(home, '.config', 'Call Desk'))
    expect(defaultDataDir({}, 'freebsd')).toBe(path.join(home, '.config', 'Call Desk'))
  })

  it('reads process.env and process.platform by default', () => {
    const saved = process.env.CALLDESK_DATA_DIR
    process.env.CALLDESK_DATA_DIR = '/from/process/env'
    try {
      expect(defaultDataDir()).toBe('/from/process/env')
    } finally {
      if (saved === undefined) delete process.env.CALLDESK_DATA_DIR
      else process.env.CALLDESK_DATA_DIR = saved
    }
  })

  it('always gives an absolute path', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) expect(path.isAbsolute(defaultDataDir({}, platform))).toBe(true)
  })

  it('falls back to ~/.config when XDG_CONFIG_HOME is empty', () => {
    expect(defaultDataDir({ XDG_CONFIG_HOME: '' }, 'linux')).toBe(path.join(home, '.config', 'Call Desk'))
  })

  // The header promises the same folder as Electron's app.getPath('userData'): <appData>/<app name>,
  // and Electron takes the app name from package.json "productName", else "name".
  it('matches the folder name Electron derives from package.json', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; productName?: string }
    expect(PRODUCT_NAME).toBe(pkg.productName ?? pkg.name)
  })
})
