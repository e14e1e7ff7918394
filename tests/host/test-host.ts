/**
 * Test host: the real Call Desk core (store, recorder, segmenter, whisper.cpp
 * engine) served on 127.0.0.1 with the built renderer, so Playwright drives the
 * real UI in Chromium where the Electron binary is not available. It plays the
 * role of Electron main: same dispatcher, same events, same CSP.
 *
 *   node --import tsx tests/host/test-host.ts --data-dir DIR [--port 0] [--renderer-dir out/renderer] [--bundle-dir DIR]
 *
 * Prints one JSON line {"url": …, "token": …, "pid": …} on stdout when ready.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import { WebSocketServer, type WebSocket } from 'ws'
import { z } from 'zod'
import { eventContract } from '../../contract/ipc-contract'
import { oracleEngineLauncher } from '../../bench/oracle/oracle-launcher'
import { createCallDeskCore } from '../../main/core/call-desk-core'
import { CONTENT_SECURITY_POLICY } from '../../contract/csp'
import { folderBundleChooser } from './folder-bundle-chooser'
import { decode, encode, type WireRequest } from './wire'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.resolve(here, '../..')

const Args = z.object({
  dataDir: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  rendererDir: z
    .string()
    .default(path.join(root, 'out/renderer'))
    .transform((dir) => path.resolve(dir)),
  /** Where remote-coach bundles are "saved" and "opened" (the dialogs' stand-in). */
  bundleDir: z.string().min(1).optional(),
  /** What the file picker "chooses" when the page asks for a model file (the dialog's stand-in). */
  modelFile: z.string().min(1).optional(),
})

function parseArgs(argv: string[]) {
  const raw: Record<string, string> = {}
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i]
    if (!key?.startsWith('--') || argv[i + 1] === undefined) throw new Error(`Bad argument near "${key ?? ''}"`)
    raw[key.slice(2).replace(/-(\w)/g, (_, c: string) => c.toUpperCase())] = argv[i + 1]!
  }
  return Args.parse(raw)
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.wav': 'audio/wav',
  '.json': 'application/json',
}

async function main() {
  const args = parseArgs(process.argv.slice(2))
  const indexPath = path.join(args.rendererDir, 'index.html')
  if (!fs.existsSync(indexPath)) throw new Error(`No built renderer at ${args.rendererDir}: run "npm run build" first`)
  const token = randomBytes(16).toString('hex')
  const clients = new Set<WebSocket>()

  const bridge = await build({
    entryPoints: [path.join(here, 'browser-bridge.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'chrome120',
  })
  const bridgeJs = bridge.outputFiles[0]!.text

  const core = await createCallDeskCore({
    dataDir: args.dataDir,
    appVersion: 'test-host',
    env: process.env,
    audioUrlFor: (callId) => `/media/${callId}.wav`,
    bundleFiles: folderBundleChooser(args.bundleDir ?? path.join(args.dataDir, 'bundles')),
    ...(args.modelFile ? { chooseModelFile: async () => args.modelFile } : {}),
    // Benchmarks read the engine's own time per segment from stderr.
    onTranscribed: process.env.CALLDESK_TIMING
      ? (segmentId, engineMs, queuedToStoredMs, waitMs) =>
          process.stderr.write(`${JSON.stringify({ timing: 'engine', segmentId, engineMs, queuedToStoredMs, waitMs })}\n`)
      : undefined,
    // bench:live's oracle harness: the real engine for timing, the script's words for text.
    engineLauncher: process.env.CALLDESK_ORACLE_SCRIPT
      ? oracleEngineLauncher(process.env.CALLDESK_ORACLE_SCRIPT, undefined, process.env.CALLDESK_ORACLE_TOKENS === 'script' ? 'script' : 'cap')
      : undefined,
    onLiveText: process.env.CALLDESK_TIMING
      ? (segmentId, info) => process.stderr.write(`${JSON.stringify({ timing: 'live', segmentId, ...info })}\n`)
      : undefined,
    emit: (event, payload) => {
      const text = encode({ event: eventContract[event].channel, payload })
      for (const ws of clients) ws.send(text)
    },
  })

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const headers = { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }
    if (url.pathname === '/__calldesk-bridge.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(bridgeJs)
      return
    }
    const page = url.pathname === '/' ? '/index.html' : url.pathname
    if (/^\/[\w-]+\.html$/.test(page) && fs.existsSync(path.join(args.rendererDir, page))) {
      const html = fs
        .readFileSync(path.join(args.rendererDir, page), 'utf8')
        .replace('<head>', `<head>\n    <script src="/__calldesk-bridge.js" data-token="${token}"></script>`)
      res.writeHead(200, { ...headers, 'Content-Type': MIME['.html']! }).end(html)
      return
    }
    const media = /^\/media\/([0-9a-f-]{36})\.wav$/.exec(url.pathname)
    const file = media ? core.audioPathFor(media[1]!) : path.resolve(args.rendererDir, `.${decodeURIComponent(url.pathname)}`)
    if (!file || (!media && !file.startsWith(args.rendererDir + path.sep)) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, headers).end('Not found')
      return
    }
    const size = fs.statSync(file).size
    const type = MIME[path.extname(file)] ?? 'application/octet-stream'
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '')
    if (range) {
      const start = Number(range[1])
      const end = range[2] ? Math.min(Number(range[2]), size - 1) : size - 1
      if (start > end) {
        res.writeHead(416, { 'Content-Range': `bytes */${size}` }).end()
        return
      }
      res.writeHead(206, { ...headers, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Range': `bytes ${start}-${end}/${size}`, 'Content-Length': end - start + 1 })
      fs.createReadStream(file, { start, end }).pipe(res)
      return
    }
    res.writeHead(200, { ...headers, 'Content-Type': type, 'Accept-Ranges': 'bytes', 'Content-Length': size })
    fs.createReadStream(file).pipe(res)
  })

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 })
  const delays = new Map<string, number>()
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const origin = req.headers.origin
    const address = server.address()
    const ownOrigin = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : ''
    // The sender check: only our own page (same origin, with the page's token) may call the handlers.
    const nodeClient = origin === undefined // Node test clients send no Origin; they still need the token.
    if (url.pathname !== '/ipc' || url.searchParams.get('token') !== token || (!nodeClient && origin !== ownOrigin)) {
      socket.write('HTTP/1.1 403 Forbidden\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      clients.add(ws)
      ws.on('close', () => clients.delete(ws))
      ws.on('message', async (data) => {
        let msg: WireRequest
        try {
          msg = decode(data.toString()) as WireRequest
        } catch {
          return
        }
        // Tests (Node clients only) can slow one channel's answer for one input, to stage a stale-response race.
        const control = msg as WireRequest & { delayMs?: number }
        if (nodeClient && control.delayMs !== undefined) {
          delays.set(`${msg.channel} ${JSON.stringify(msg.input)}`, control.delayMs)
          ws.send(encode({ id: msg.id, reply: { ok: true } }))
          return
        }
        const delay = delays.get(`${msg.channel} ${JSON.stringify(msg.input)}`)
        if (delay) await new Promise((r) => setTimeout(r, delay))
        const reply = await core.dispatch(String(msg.channel), msg.input)
        ws.send(encode({ id: msg.id, reply }))
      })
    })
  })

  await new Promise<void>((resolve) => server.listen(args.port, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  // As the app does once its window has loaded: the voice detector is ready before the first call.
  core.warmUp()
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}/`, token, pid: process.pid })}\n`)

  const shutdown = async () => {
    for (const ws of clients) ws.close()
    server.close()
    await core.shutdown()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown())
  process.on('SIGINT', () => void shutdown())
}

main().catch((err) => {
  process.stderr.write(`test host failed: ${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
