/**
 * Where Call Desk keeps its data when run outside Electron (the CLI): the same
 * folder Electron's app.getPath('userData') gives the desktop app, so both see
 * the same calls and models. CALLDESK_DATA_DIR overrides it for both.
 */
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
