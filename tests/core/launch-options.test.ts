import { describe, expect, it } from 'vitest'
import { LaunchOptionsError, parseLaunchOptions } from '../../main/core/launch-options'

describe('parseLaunchOptions', () => {
  it('has no data dir when none is given', () => {
    expect(parseLaunchOptions([], {})).toEqual({})
    expect(parseLaunchOptions(['.', '--inspect'], {})).toEqual({})
  })

  it('reads --data-dir PATH', () => {
    expect(parseLaunchOptions(['.', '--data-dir', '/tmp/call desk'], {})).toEqual({ dataDir: '/tmp/call desk' })
  })

  it('reads --data-dir=PATH', () => {
    expect(parseLaunchOptions(['--data-dir=/srv/calls'], {})).toEqual({ dataDir: '/srv/calls' })
    // Only the first = splits: the path may contain one.
    expect(parseLaunchOptions(['--data-dir=/srv/a=b'], {})).toEqual({ dataDir: '/srv/a=b' })
  })

  it('lets the last --data-dir win', () => {
    expect(parseLaunchOptions(['--data-dir', '/a', '--data-dir=/b'], {})).toEqual({ dataDir: '/b' })
  })

  it('falls back to CALLDESK_DATA_DIR, and the flag overrides it', () => {
    expect(parseLaunchOptions([], { CALLDESK_DATA_DIR: '/env/dir' })).toEqual({ dataDir: '/env/dir' })
    expect(parseLaunchOptions(['--data-dir', '/flag/dir'], { CALLDESK_DATA_DIR: '/env/dir' })).toEqual({ dataDir: '/flag/dir' })
  })

  it('treats an empty CALLDESK_DATA_DIR as unset', () => {
    expect(parseLaunchOptions([], { CALLDESK_DATA_DIR: '' })).toEqual({})
  })

  it('does not take a similar-looking flag for --data-dir', () => {
    expect(parseLaunchOptions(['--data-directory', 'rel'], {})).toEqual({})
  })

  for (const argv of [['--data-dir', 'relative/dir'], ['--data-dir=./here'], ['--data-dir', '--verbose']]) {
    it(`rejects a relative path: ${argv.join(' ')}`, () => {
      expect(() => parseLaunchOptions(argv, {})).toThrow(LaunchOptionsError)
      expect(() => parseLaunchOptions(argv, {})).toThrow('--data-dir must be an absolute path')
    })
  }

  it('rejects a relative CALLDESK_DATA_DIR', () => {
    expect(() => parseLaunchOptions([], { CALLDESK_DATA_DIR: 'data' })).toThrow(LaunchOptionsError)
  })

  it('rejects an empty --data-dir=', () => {
    expect(() => parseLaunchOptions(['--data-dir='], {})).toThrow(LaunchOptionsError)
  })

  it('rejects --data-dir given without a value', () => {
    expect(() => parseLaunchOptions(['--data-dir'], {})).toThrow(LaunchOptionsError)
  })
})
