/**
 * Serves the app over app://calldesk instead of file:// (file:// pages share an
 * origin with every local file). Renderer files come from out/renderer; call
 * audio from the recordings folder, by call id only, with Range support so the
 * <audio> element can seek.
 */
import fs from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { protocol } from 'electron'
import { APP_HOST, APP_SCHEME } from './app-url'
import { CONTENT_SECURITY_POLICY } from '../../contract/csp'

export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ])
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.wav': 'audio/wav',
}

export function handleAppProtocol(rendererDir: string, audioPathFor: (callId: string) => string | undefined): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    if (url.host !== APP_HOST) return new Response('Not found', { status: 404 })
    const media = /^\/media\/([0-9a-f-]{36})\.wav$/.exec(url.pathname)
    if (media) {
      const file = audioPathFor(media[1]!)
      if (!file || !fs.existsSync(file)) return new Response('Not found', { status: 404 })
      return serveFile(file, request.headers.get('range'))
    }
    const rel = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)
    const file = path.resolve(rendererDir, `.${rel}`)
    // No path traversal out of the renderer folder.
    if (!file.startsWith(rendererDir + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      return new Response('Not found', { status: 404 })
    }
    return serveFile(file, null)
  })
}

function serveFile(file: string, range: string | null): Response {
  const size = fs.statSync(file).size
  const headers: Record<string, string> = {
    'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Accept-Ranges': 'bytes',
  }
  const match = range ? /^bytes=(\d*)-(\d*)$/.exec(range) : null
  if (match && (match[1] || match[2])) {
    const start = match[1] ? Number(match[1]) : Math.max(0, size - Number(match[2]))
    const end = match[1] && match[2] ? Math.min(Number(match[2]), size - 1) : size - 1
    if (start > end || start >= size) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${size}` } })
    const body = Readable.toWeb(fs.createReadStream(file, { start, end })) as ReadableStream
    return new Response(body, {
      status: 206,
      headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': String(end - start + 1) },
    })
  }
  const body = Readable.toWeb(fs.createReadStream(file)) as ReadableStream
  return new Response(body, { status: 200, headers: { ...headers, 'Content-Length': String(size) } })
}
