/**
 * The command-line tools and the data folder: input files are read with a
 * size limit (refused from their size, not read into memory), the subtitle
 * parser is linear on hostile input, and a data folder the app creates is
 * private to the user (0700 folders, 0600 files).
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSrt, parseVtt } from '../../main/cli/transcript-formats'
import type { CallDeskCore } from '../../main/core/call-desk-core'
import { dataPaths } from '../../main/fs/data-dir'
import { REPO_ROOT } from '../helpers/shared-assets'
import { stubEngineLauncher } from '../helpers/stub-engine'
import { createTestCore } from '../helpers/test-core'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'calldesk-cli-'))

describe('subtitle cues are parsed in linear time', () => {
  // 2,000,000 characters: a quadratic scan needs ~10^12 steps (hours: 200,000 took 40–80 s); a linear one, milliseconds.
  const N = 2_000_000
  it.each([
    ['unclosed tags', '<'.repeat(N)],
    ['voice tags without an end', '<v '.repeat(N / 3)],
    ['a voice tag with only spaces', `<v${' '.repeat(N)}`],
    ['unclosed style overrides', '{\\'.repeat(N / 2)],
  ])('%s', (_what, text) => {
    const vtt = parseVtt(`WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n${text} hello\n`)
    expect(vtt).toHaveLength(1)
    expect(vtt[0]!.text.endsWith('hello')).toBe(true)
    const srt = parseSrt(`1\n00:00:01,000 --> 00:00:02,000\n${text} hello\n`)
    expect(srt[0]!.text.endsWith('hello')).toBe(true)
  })

  it('still strips tags and reads voices', () => {
    const [cue] = parseVtt('WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v.loud Dana Reyes><b>Hi</b> &amp; welcome {\\an8}</v>\n')
    expect(cue).toMatchObject({ speaker: 'Dana Reyes', text: 'Hi & welcome' })
  })
})

describe('the analyze CLI reads files with a size limit', () => {
  it('refuses a transcript larger than the limit from its size', () => {
    const dir = tmp()
    const file = path.join(dir, 'huge.txt')
    // Sparse: 64 MiB on paper, nothing on disk.
    const fd = fs.openSync(file, 'w')
    fs.ftruncateSync(fd, 64 * 1024 * 1024)
    fs.closeSync(fd)
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/analyze.ts'), file], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/too large/)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('calldesk transcribe refuses a recording larger than the limit before reading it', () => {
    const dir = tmp()
    const file = path.join(dir, 'huge.wav')
    const fd = fs.openSync(file, 'w')
    fs.ftruncateSync(fd, 600 * 1024 * 1024)
    fs.closeSync(fd)
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'main/cli/calldesk.ts'), 'transcribe', file], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, CALLDESK_DATA_DIR: path.join(dir, 'data') },
    })
    expect(r.status).toBe(2)
    expect(r.stderr).toMatch(/too large/)
    fs.rmSync(dir, { recursive: true, force: true })
  })
})

describe('a data folder the app creates is private', () => {
  let core: CallDeskCore | undefined
  afterEach(async () => {
    await core?.shutdown()
    core = undefined
  })

  it.skipIf(process.platform === 'win32')('folders 0700, database, journal and recordings 0600', async () => {
    const dataDir = path.join(tmp(), 'new', 'Call Desk')
    core = await createTestCore({ dataDir, engineLauncher: stubEngineLauncher() })
    const { callId } = await core.handlers.startCall({ kind: 'live' })
    core.handlers.pushAudio({ callId, seq: 0, pcm: new Uint8Array(3200) })
    await core.handlers.stopCall({ callId })
    const paths = dataPaths(dataDir)
    const mode = (p: string) => fs.statSync(p).mode & 0o777
    expect(mode(dataDir)).toBe(0o700)
    expect(mode(paths.recordings)).toBe(0o700)
    expect(mode(paths.database)).toBe(0o600)
    for (const f of fs.readdirSync(dataDir).filter((f) => f.startsWith('calldesk.sqlite'))) expect(mode(path.join(dataDir, f)), f).toBe(0o600)
    expect(mode(path.join(paths.recordings, `${callId}.wav`))).toBe(0o600)
  })
})
