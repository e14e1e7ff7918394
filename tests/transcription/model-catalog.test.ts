import { describe, expect, it } from 'vitest'
import {
  DEFAULT_MODEL,
  HUGGING_FACE_BASE,
  MODEL_CATALOG,
  findCatalogEntry,
  findCatalogEntryBySha256,
  parseCatalog,
} from '../../main/transcription/model-catalog'

describe('model catalog', () => {
  it('lists the official models with Hugging Face URLs and readable labels', () => {
    expect(MODEL_CATALOG.map((e) => e.fileName)).toEqual([
      'ggml-tiny.en.bin',
      'ggml-tiny.en-q5_1.bin',
      'ggml-tiny.en-q8_0.bin',
      'ggml-tiny.bin',
      'ggml-base.en.bin',
      'ggml-base.en-q5_1.bin',
    ])
    for (const e of MODEL_CATALOG) expect(e.url).toBe(HUGGING_FACE_BASE + e.fileName)
    expect(findCatalogEntry(MODEL_CATALOG, 'ggml-tiny.en.bin')?.label).toBe('Tiny (English) · 78 MB')
    expect(findCatalogEntry(MODEL_CATALOG, 'ggml-tiny.en-q5_1.bin')?.label).toBe('Tiny (English, 5-bit) · 32 MB')
    expect(findCatalogEntry(MODEL_CATALOG, 'ggml-tiny.bin')?.label).toBe('Tiny (multilingual) · 78 MB')
    expect(findCatalogEntry(MODEL_CATALOG, 'ggml-base.en.bin')).toMatchObject({ bytes: 147_964_211 })
  })

  it('has a default that is in the catalog', () => {
    expect(findCatalogEntry(MODEL_CATALOG, DEFAULT_MODEL)).toBeDefined()
  })

  it('looks entries up by digest, case-insensitively', () => {
    const e = findCatalogEntryBySha256(MODEL_CATALOG, 'C77C5766F1CEF09B6B7D47F21B546CBDDD4157886B3B5D6D4F709E91E66C7C2B')
    expect(e?.fileName).toBe('ggml-tiny.en-q5_1.bin')
  })

  it('rejects malformed or ambiguous tables', () => {
    const good = { ...MODEL_CATALOG[0]! }
    expect(() => parseCatalog([{ ...good, sha256: 'abc' }])).toThrow(/sha256/)
    expect(() => parseCatalog([{ ...good, fileName: 'model.bin' }])).toThrow(/ggml-/)
    expect(() => parseCatalog([{ ...good, url: 'ftp://example.com/x' }])).toThrow(/url/)
    expect(() => parseCatalog([good, { ...good }])).toThrow(/duplicate/)
    expect(() => parseCatalog([])).toThrow()
  })
})
