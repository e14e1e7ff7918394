import { describe, expect, it } from 'vitest'
import { SettingsService } from '../../main/settings/settings-service'
import { createStore } from '../../main/store'
import { useStore } from '../store/helpers'

describe('SettingsService', () => {
  const s = useStore()

  it('returns {} when nothing was ever stored', () => {
    expect(new SettingsService(s.store()).get()).toEqual({})
    expect(s.store().settings.get('app')).toBeUndefined()
  })

  it('merges updates into what is stored and persists them', () => {
    const service = new SettingsService(s.store())
    expect(service.update({ microphoneId: 'headset-1' })).toEqual({ microphoneId: 'headset-1' })
    expect(service.update({ modelPath: '/models/ggml-base.en.bin' })).toEqual({
      microphoneId: 'headset-1',
      modelPath: '/models/ggml-base.en.bin',
    })
    expect(service.update({ microphoneId: 'speakerphone' })).toEqual({
      microphoneId: 'speakerphone',
      modelPath: '/models/ggml-base.en.bin',
    })
    // What a new service (or the next launch) reads back.
    expect(new SettingsService(s.store()).get()).toEqual({ microphoneId: 'speakerphone', modelPath: '/models/ggml-base.en.bin' })
    expect(s.store().settings.get('app')).toEqual({ microphoneId: 'speakerphone', modelPath: '/models/ggml-base.en.bin' })
  })

  it('survives closing and reopening the database', () => {
    new SettingsService(s.store()).update({ microphoneId: 'mic-7' })
    s.store().close()
    const reopened = createStore(s.file())
    try {
      expect(new SettingsService(reopened).get()).toEqual({ microphoneId: 'mic-7' })
    } finally {
      reopened.close()
    }
  })

  for (const [what, patch] of [
    ['an empty model path', { modelPath: '' }],
    ['a model path that is not a string', { modelPath: 42 }],
    ['an over-long microphone id', { microphoneId: 'x'.repeat(513) }],
  ] as const) {
    it(`rejects ${what} and stores nothing`, () => {
      const service = new SettingsService(s.store())
      service.update({ microphoneId: 'headset-1' })
      const before = s.store().settings.get('app')
      expect(() => service.update(patch as never)).toThrow()
      expect(s.store().settings.get('app')).toEqual(before)
      expect(service.get()).toEqual({ microphoneId: 'headset-1' })
    })
  }

  it('rejects a bad value on an empty store without creating the document', () => {
    const service = new SettingsService(s.store())
    expect(() => service.update({ modelPath: '' })).toThrow()
    expect(s.store().settings.get('app')).toBeUndefined()
  })

  it('keeps the valid fields of a stored document with one invalid field', () => {
    s.store().settings.set('app', { modelPath: '', microphoneId: 'headset-1' })
    expect(new SettingsService(s.store()).get()).toEqual({ microphoneId: 'headset-1' })
    s.store().settings.set('app', { modelPath: '/m/ggml-tiny.en.bin', microphoneId: 12 })
    expect(new SettingsService(s.store()).get()).toEqual({ modelPath: '/m/ggml-tiny.en.bin' })
  })

  it('drops the invalid field from storage on the next update, keeping the rest', () => {
    s.store().settings.set('app', { modelPath: 7, microphoneId: 'headset-1' })
    const service = new SettingsService(s.store())
    expect(service.update({ modelPath: '/m/ggml-tiny.en.bin' })).toEqual({ modelPath: '/m/ggml-tiny.en.bin', microphoneId: 'headset-1' })
    expect(s.store().settings.get('app')).toEqual({ modelPath: '/m/ggml-tiny.en.bin', microphoneId: 'headset-1' })
  })

  it('ignores fields it does not know', () => {
    s.store().settings.set('app', { microphoneId: 'headset-1', theme: 'dark' })
    expect(new SettingsService(s.store()).get()).toEqual({ microphoneId: 'headset-1' })
  })

  for (const raw of [null, 'headset-1', 42, ['a'], true]) {
    it(`treats a stored ${JSON.stringify(raw)} (not an object) as no settings`, () => {
      s.store().settings.set('app', raw)
      const service = new SettingsService(s.store())
      expect(service.get()).toEqual({})
      expect(service.update({ microphoneId: 'm' })).toEqual({ microphoneId: 'm' })
    })
  }

  it('returns a document with no own keys set to undefined', () => {
    s.store().settings.set('app', { modelPath: '', microphoneId: 'headset-1' })
    const got = new SettingsService(s.store()).get()
    expect(Object.keys(got)).toEqual(['microphoneId'])
  })
})
