import { describe, expect, it } from 'vitest'
import { createStore } from '../../main/store'
import { useStore } from './helpers'

const { store, file } = useStore()

describe('settings repository', () => {
  it('get of a key never set is undefined; set → get round-trips JSON values', () => {
    const { settings } = store()
    expect(settings.get('model')).toBeUndefined()
    const values: unknown[] = ['ggml-base.en.bin', 42, true, null, [1, 'two'], { mic: 'abc', gain: 0.5, nested: { a: [] } }]
    for (const v of values) {
      settings.set('k', v)
      expect(settings.get('k')).toEqual(v)
    }
  })

  it('stored null is distinct from missing', () => {
    const { settings } = store()
    settings.set('maybe', null)
    expect(settings.get('maybe')).toBeNull()
  })

  it('refuses values JSON cannot represent', () => {
    const { settings } = store()
    expect(() => settings.set('k', undefined)).toThrow(/JSON-serialisable/)
    expect(() => settings.set('k', () => 1)).toThrow(/JSON-serialisable/)
    expect(() => settings.set('k', 10n)).toThrow(TypeError)
    expect(settings.all()).toEqual({})
  })

  it('all() returns every key as own properties, even "__proto__"', () => {
    const { settings } = store()
    settings.set('b', 2)
    settings.set('a', { x: 1 })
    settings.set('__proto__', { polluted: true })
    const all = settings.all()
    expect(Object.keys(all).sort()).toEqual(['__proto__', 'a', 'b'])
    expect(all.a).toEqual({ x: 1 })
    expect((all as { polluted?: boolean }).polluted).toBeUndefined()
  })

  it('delete, and values persist across re-open', () => {
    const { settings } = store()
    settings.set('keep', { v: 1 })
    settings.set('drop', 1)
    expect(settings.delete('drop')).toBe(true)
    expect(settings.delete('drop')).toBe(false)
    store().close()
    const again = createStore(file())
    try {
      expect(again.settings.all()).toEqual({ keep: { v: 1 } })
    } finally {
      again.close()
    }
  })
})
