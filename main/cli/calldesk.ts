/**
 * calldesk: the app's data and speech model from a terminal.
 *
 *   npm run calldesk -- model status
 *   npm run calldesk -- model download [ggml-…bin]
 *   npm run calldesk -- model import <file>
 *   npm run calldesk -- calls list [--json]
 *   npm run calldesk -- transcribe <file.wav> [--model PATH] [--json]
 *
 * Uses the desktop app's data folder (CALLDESK_DATA_DIR overrides it).
 * Bad arguments exit with code 2 and a message on stderr.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { tokenize, UsageError } from './argv'
import { MAX_WAV_BYTES } from './read-limited'
import { dataPaths, defaultDataDir } from '../fs/data-dir'
import { createStore } from '../store'
import { createModelManager } from '../transcription/model-manager'
import { transcribeWavFile } from '../transcription/transcribe-file'

const USAGE = `usage:
  calldesk model status
  calldesk model download [ggml-….bin]
  calldesk model import <file>
  calldesk calls list [--json]
  calldesk transcribe <file.wav> [--model PATH] [--json]`

const Command = z.discriminatedUnion('cmd', [
  z.object({ cmd: z.literal('model status') }),
  z.object({
    cmd: z.literal('model download'),
    fileName: z.string().regex(/^ggml-[\w.-]+\.bin$/, 'model names look like ggml-base.en-q5_1.bin').optional(),
  }),
  z.object({ cmd: z.literal('model import'), file: z.string().min(1) }),
  z.object({ cmd: z.literal('calls list'), json: z.boolean() }),
  z.object({
    cmd: z.literal('transcribe'),
    file: z.string().regex(/\.wav$/i, 'transcribe takes a .wav file'),
    model: z.string().min(1).optional(),
    json: z.boolean(),
  }),
])
type Command = z.infer<typeof Command>

/** Splits argv (node:util parseArgs) and validates the command with zod. */
export function parse(argv: readonly string[]): Command {
  const { values, positionals } = tokenize(argv, { json: { type: 'boolean' }, model: { type: 'string' } })
  const json = values.json ?? false
  const model = values.model
  if (model === '') throw new UsageError('--model needs a file path')
  const [a, b, c, ...rest] = positionals
  if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`)
  const raw =
    a === 'transcribe'
      ? { cmd: 'transcribe', file: b, model, json }
      : a === 'model' && b === 'import'
        ? { cmd: 'model import', file: c }
        : a === 'model' && b === 'download'
          ? { cmd: 'model download', fileName: c }
          : { cmd: [a, b].filter(Boolean).join(' '), json }
  const parsed = Command.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const field = String(issue?.path[0] ?? '')
    throw new UsageError(field === 'cmd' || !field ? `unknown command "${positionals.join(' ')}"` : `${field}: ${issue?.message}`)
  }
  // An option the command does not take is refused rather than ignored.
  if (model !== undefined && parsed.data.cmd !== 'transcribe') throw new UsageError('--model only applies to transcribe')
  if (values.json !== undefined && !('json' in parsed.data)) throw new UsageError(`--json does not apply to ${parsed.data.cmd}`)
  return parsed.data
}

async function main(): Promise<void> {
  // Models, the database and anything else this creates are the user's alone (0700 folders, 0600 files).
  if (process.platform !== 'win32') process.umask(0o077)
  const cmd = parse(process.argv.slice(2))
  const paths = dataPaths(defaultDataDir())
  const models = () => createModelManager({ modelsDir: paths.models, getSetting: () => undefined })
  switch (cmd.cmd) {
    case 'model status': {
      const status = await models().status()
      console.log(status.state === 'ready' ? `ready: ${status.path} (from ${status.source})` : `${status.state}: ${status.message}`)
      return
    }
    case 'model download': {
      const m = models()
      const fileName = cmd.fileName ?? m.defaultModel
      const done = await m.download(fileName, {
        onProgress: (p) =>
          process.stderr.write(`\r${fileName}: ${((p.receivedBytes / p.totalBytes) * 100).toFixed(1)}% (${(p.bytesPerSecond / 1e6).toFixed(1)} MB/s)   `),
      })
      process.stderr.write('\n')
      console.log(`installed ${done.path} (sha256 ${done.sha256})`)
      return
    }
    case 'model import': {
      const done = await models().importFile(path.resolve(cmd.file))
      console.log(`imported ${done.fileName} → ${done.path}`)
      return
    }
    case 'calls list': {
      const store = createStore(paths.database, { readonly: true })
      try {
        const calls = store.calls.list({ limit: 500 })
        if (cmd.json) console.log(JSON.stringify(calls))
        for (const c of cmd.json ? [] : calls) {
          const seconds = String(Math.round((c.durationMs ?? 0) / 1000)).padStart(5)
          console.log(`${new Date(c.startedAt).toISOString()}  ${c.status.padEnd(11)} ${seconds} s  ${c.segmentCount} segments  ${c.id}`)
        }
      } finally {
        store.close()
      }
      return
    }
    case 'transcribe': {
      // Refused from its size: the whole file is read into memory to be transcribed.
      const size = fs.statSync(cmd.file, { throwIfNoEntry: false })?.size
      if (size === undefined) throw new UsageError(`file not found: ${cmd.file}`)
      if (size > MAX_WAV_BYTES) throw new UsageError(`${cmd.file} is too large (${size} bytes; at most ${MAX_WAV_BYTES})`)
      const segments = await transcribeWavFile(cmd.file, { modelPath: cmd.model })
      if (cmd.json) console.log(JSON.stringify({ segments }))
      for (const s of cmd.json ? [] : segments) {
        console.log(`[${(s.startMs / 1000).toFixed(2)}–${(s.endMs / 1000).toFixed(2)}] ${s.text || '(no words recognised)'}`)
      }
      return
    }
  }
}

// Run only as the entry point, so tests can import parse() without starting a command.
const isEntry = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (isEntry) {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`calldesk: ${err.message}\n${USAGE}\n`)
      process.exit(2)
    }
    process.stderr.write(`calldesk: ${err instanceof Error ? err.message : String(err)}\n`)
    process.exit(1)
  })
}
