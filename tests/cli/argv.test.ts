/** The CLIs' argv parsing (node:util parseArgs + zod): good flags parse, bad ones say exactly what is wrong. */
import { describe, expect, it } from 'vitest'
import { parseArgs as parseAnalyze } from '../../main/cli/analyze'
import { UsageError } from '../../main/cli/argv'
import { parse as parseCalldesk } from '../../main/cli/calldesk'

describe('calldesk argv', () => {
  it('parses each command with its flags', () => {
    expect(parseCalldesk(['model', 'status'])).toEqual({ cmd: 'model status' })
    expect(parseCalldesk(['calls', 'list', '--json'])).toEqual({ cmd: 'calls list', json: true })
    expect(parseCalldesk(['transcribe', 'a.wav', '--model', 'm.bin'])).toEqual({ cmd: 'transcribe', file: 'a.wav', model: 'm.bin', json: false })
    expect(parseCalldesk(['transcribe', '--model=m.bin', 'a.wav', '--json'])).toEqual({ cmd: 'transcribe', file: 'a.wav', model: 'm.bin', json: true })
    expect(parseCalldesk(['model', 'download'])).toEqual({ cmd: 'model download' })
  })

  const bad = (argv: string[], message: RegExp) => {
    expect(() => parseCalldesk(argv)).toThrow(UsageError)
    expect(() => parseCalldesk(argv)).toThrow(message)
  }
  it('refuses an unknown flag', () => bad(['calls', 'list', '--verbose'], /^unknown option --verbose$/))
  it('refuses a flag missing its value', () => bad(['transcribe', 'a.wav', '--model'], /^--model needs a value$/))
  it('refuses a flag whose value looks like another flag', () => bad(['transcribe', 'a.wav', '--model', '--json'], /^--model needs a value$/))
  it('refuses a value on a boolean flag', () => bad(['calls', 'list', '--json=yes'], /^--json takes no value$/))
  it('refuses an empty --model', () => bad(['transcribe', 'a.wav', '--model='], /--model needs a file path/))
  it('refuses a flag the command does not take', () => {
    bad(['calls', 'list', '--model', 'm.bin'], /--model only applies to transcribe/)
    bad(['model', 'status', '--json'], /--json does not apply to model status/)
  })
  it('refuses an unknown command and extra words', () => {
    bad(['calls', 'delete'], /unknown command "calls delete"/)
    bad(['model', 'import', 'a.bin', 'b.bin'], /unexpected argument "b.bin"/)
    bad(['transcribe', 'a.mp3'], /file: transcribe takes a \.wav file/)
    bad(['model', 'download', 'whisper.bin'], /model names look like/)
  })
})

describe('analyze argv', () => {
  it('parses the file and its flags', () => {
    expect(parseAnalyze(['call.vtt', '--speaker', 'Dana', '--json'])).toEqual({ file: 'call.vtt', json: true, speaker: 'Dana', help: false })
    expect(parseAnalyze(['--model=m.bin', 'call.wav'])).toEqual({ file: 'call.wav', json: false, model: 'm.bin', help: false })
    expect(parseAnalyze(['-h']).help).toBe(true)
  })
  const bad = (argv: string[], message: RegExp) => expect(() => parseAnalyze(argv)).toThrow(message)
  it('refuses an unknown flag', () => bad(['call.txt', '--verbose'], /^unknown option --verbose$/))
  it('refuses a flag missing its value', () => {
    bad(['call.txt', '--speaker'], /^--speaker needs a value$/)
    bad(['call.wav', '--model', '--json'], /^--model needs a value$/)
  })
  it('refuses a blank speaker and two files', () => {
    bad(['call.txt', '--speaker', '  '], /--speaker needs a name/)
    bad(['a.txt', 'b.txt'], /expected one file, got 2/)
  })
})

describe('a bad flag exits the process with code 2', () => {
  it('calldesk --verbose: message and usage on stderr, nothing on stdout', async () => {
    const { spawnSync } = await import('node:child_process')
    const path = await import('node:path')
    const root = path.resolve(__dirname, '../..')
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'main/cli/calldesk.ts'), 'calls', 'list', '--verbose'], { cwd: root, encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/^calldesk: unknown option --verbose\nusage:/)
  })
})
