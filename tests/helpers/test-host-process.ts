/** Starts the test host (tests/host/test-host.ts) as a real child process and talks to it like the renderer does. */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import WebSocket from 'ws'
import type { CallDeskApi } from '../../contract/ipc-contract'
import { createApi } from '../../contract/create-api'
import { createWsTransport } from '../host/ws-transport'
import { REPO_ROOT, TEST_MODEL } from './shared-assets'

export interface RunningHost {
  url: string
  token: string
  dataDir: string
  child: ChildProcess
  stderr: () => string
  /** SIGTERM and wait (clean shutdown). */
  stop(): Promise<void>
  /** SIGKILL: the crash case. */
  kill(): Promise<void>
}

export function tempDataDir(prefix = 'calldesk-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix))
}

export async function startHost(
  opts: { dataDir?: string; env?: Record<string, string>; bundleDir?: string; modelFile?: string } = {},
): Promise<RunningHost> {
  const dataDir = opts.dataDir ?? tempDataDir()
  const extra = [...(opts.bundleDir ? ['--bundle-dir', opts.bundleDir] : []), ...(opts.modelFile ? ['--model-file', opts.modelFile] : [])]
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/host/test-host.ts', '--data-dir', dataDir, ...extra], {
    cwd: REPO_ROOT,
    env: { ...process.env, CALLDESK_MODEL: TEST_MODEL, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stderr = ''
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
  const ready = await new Promise<{ url: string; token: string }>((resolve, reject) => {
    let out = ''
    const onData = (d: Buffer) => {
      out += d.toString()
      const line = out.split('\n').find((l) => l.startsWith('{'))
      if (line) {
        child.stdout!.off('data', onData)
        resolve(JSON.parse(line) as { url: string; token: string })
      }
    }
    child.stdout!.on('data', onData)
    child.once('exit', (code) => reject(new Error(`test host exited (${code}) before it was ready:\n${stderr}`)))
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    ...ready,
    dataDir,
    child,
    stderr: () => stderr,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
    kill: async () => {
      if (child.exitCode === null) child.kill('SIGKILL')
      await exited
    },
  }
}

/** The renderer's API from Node, over the host's WebSocket: for tests that need no browser. */
export async function connectApi(host: RunningHost): Promise<CallDeskApi & { close(): void }> {
  const ws = new WebSocket(`${host.url.replace(/^http/, 'ws')}ipc?token=${host.token}`)
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('error', reject)
  })
  const api = createApi(createWsTransport(ws, Promise.resolve()))
  return Object.assign(api, { close: () => ws.close() })
}

export async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}
