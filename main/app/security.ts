/**
 * Electron security checklist, in one place: no navigation away from the app,
 * no new windows or webviews, and only the microphone — audio only — for the
 * app's own pages.
 */
import { app, session, type WebContents } from 'electron'
import { isAppUrl } from './app-url'

export function hardenWebContents(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, app.isPackaged)) event.preventDefault()
    })
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, app.isPackaged)) event.preventDefault()
    })
    contents.setWindowOpenHandler(() => ({ action: 'deny' }))
    contents.on('will-attach-webview', (event) => event.preventDefault())
  })
}

export function restrictPermissions(): void {
  const ses = session.defaultSession
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : []
    const audioOnly = mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio')
    callback(permission === 'media' && audioOnly && isAppUrl(details.requestingUrl, app.isPackaged))
  })
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    if (permission !== 'media') return false
    const mediaType = 'mediaType' in details ? details.mediaType : undefined
    return mediaType !== 'video' && isAppUrl(requestingOrigin, app.isPackaged)
  })
  // No remote content: the app never talks to the network from its pages.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const url = details.url
    const local = url.startsWith('app://') || url.startsWith('devtools://') || url.startsWith('data:') || url.startsWith('blob:') || isAppUrl(url, app.isPackaged)
    callback({ cancel: !local })
  })
}
