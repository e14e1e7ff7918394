/** The origins the app's own pages come from; everything else is foreign. */
export const APP_SCHEME = 'app'
export const APP_HOST = 'calldesk'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`

/** In development electron-vite serves the renderer from a local dev server. */
export function devServerUrl(isPackaged: boolean): string | undefined {
  return !isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined
}

export function isAppUrl(url: string, isPackaged: boolean): boolean {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (`${parsed.protocol}//${parsed.host}` === APP_ORIGIN) return true
  const dev = devServerUrl(isPackaged)
  return dev !== undefined && parsed.origin === new URL(dev).origin
}
