/**
 * Where Call Desk keeps its data when run outside Electron (the CLI): the same
 * folder Electron's app.getPath('userData') gives the desktop app, so both see
 * the same calls and models. CALLDESK_DATA_DIR overrides it for both.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

export const PRODUCT_NAME = 'Call Desk'

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CALLDESK_DATA_DIR) return env.CALLDESK_DATA_DIR
  const home = os.homedir()
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME)
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME)
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), PRODUCT_NAME)
}

/**
 * Creates a data folder (and any missing parents) readable by this user only:
 * it holds call recordings and transcripts. A folder that already exists is
 * left as the user set it up.
 */
export function ensurePrivateDir(dir: string): void {
  if (fs.existsSync(dir)) return
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 })
  // mkdir's mode passes through the umask; say it exactly.
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700)
}

/** The files and folders inside a data folder: the database, the recordings, the speech models. */
export function dataPaths(dataDir: string) {
  return {
    database: path.join(dataDir, 'calldesk.sqlite'),
    recordings: path.join(dataDir, 'recordings'),
    models: path.join(dataDir, 'models'),
  }
}
