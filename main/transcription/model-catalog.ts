/**
 * The official whisper.cpp models Call Desk knows how to download and verify.
 *
 * Sizes and digests come from the whisper.cpp model table (see
 * shared/models/README.md). A file is only ever trusted (downloaded or
 * imported) when its sha256 matches one of these rows, so this table is the
 * app's whole notion of "a real model".
 */
import { z } from 'zod'

export const HUGGING_FACE_BASE = 'https://huggingface.co/ggerganov/whisper.cpp/resolve/main/'

const FAMILIES = ['tiny', 'base', 'small', 'medium', 'large'] as const

export const ModelCatalogEntrySchema = z.object({
  /** The official file name, also the name it is stored under in the models folder. */
  fileName: z.string().regex(/^ggml-[A-Za-z0-9._-]+\.bin$/, 'must look like ggml-<name>.bin'),
  /** What the UI shows, e.g. "Tiny (English) · 78 MB". */
  label: z.string().min(1),
  bytes: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits'),
  // http is allowed so tests can point an entry at a loopback server; the official rows are https.
  url: z.url({ protocol: /^https?$/ }),
  family: z.enum(FAMILIES),
  englishOnly: z.boolean(),
  /** Weight format: f16 (full size) or a whisper.cpp quantisation such as q5_1. */
  quantization: z.string().min(1),
})
export type ModelCatalogEntry = z.infer<typeof ModelCatalogEntrySchema>

export const ModelCatalogSchema = z
  .array(ModelCatalogEntrySchema)
  .min(1)
  .superRefine((entries, ctx) => {
    // Duplicate names or digests would make "which official model is this file?" ambiguous.
    const names = new Set<string>()
    const digests = new Set<string>()
    entries.forEach((e, i) => {
      if (names.has(e.fileName)) ctx.addIssue({ code: 'custom', path: [i, 'fileName'], message: `duplicate file name ${e.fileName}` })
      if (digests.has(e.sha256)) ctx.addIssue({ code: 'custom', path: [i, 'sha256'], message: `duplicate sha256 ${e.sha256}` })
      names.add(e.fileName)
      digests.add(e.sha256)
    })
  })

/** Parse and freeze a catalog; throws with every problem listed. Used for the built-in table and injected (test) ones. */
export function parseCatalog(raw: unknown): readonly ModelCatalogEntry[] {
  const result = ModelCatalogSchema.safeParse(raw)
  if (!result.success) throw new Error(`Invalid speech-model catalog:\n${z.prettifyError(result.error)}`)
  return Object.freeze(result.data.map((e) => Object.freeze(e)))
}

/** "78 MB": decimal megabytes, as download sizes are usually shown. */
export function formatMegabytes(bytes: number): string {
  return `${Math.round(bytes / 1_000_000)} MB`
}

function official(
  fileName: string,
  bytes: number,
  sha256: string,
  family: (typeof FAMILIES)[number],
  englishOnly: boolean,
  quantization: string,
): ModelCatalogEntry {
  const name = family[0]!.toUpperCase() + family.slice(1)
  const variant = [englishOnly ? 'English' : 'multilingual']
  if (quantization === 'q5_1') variant.push('5-bit')
  else if (quantization === 'q8_0') variant.push('8-bit')
  return {
    fileName,
    label: `${name} (${variant.join(', ')}) · ${formatMegabytes(bytes)}`,
    bytes,
    sha256,
    url: HUGGING_FACE_BASE + fileName,
    family,
    englishOnly,
    quantization,
  }
}

export const MODEL_CATALOG: readonly ModelCatalogEntry[] = parseCatalog([
  official('ggml-tiny.en.bin', 77_704_715, '921e4cf8686fdd993dcd081a5da5b6c365bfde1162e72b08d75ac75289920b1f', 'tiny', true, 'f16'),
  official('ggml-tiny.en-q5_1.bin', 32_166_155, 'c77c5766f1cef09b6b7d47f21b546cbddd4157886b3b5d6d4f709e91e66c7c2b', 'tiny', true, 'q5_1'),
  official('ggml-tiny.en-q8_0.bin', 43_550_795, '5bc2b3860aa151a4c6e7bb095e1fcce7cf12c7b020ca08dcec0c6d018bb7dd94', 'tiny', true, 'q8_0'),
  official('ggml-tiny.bin', 77_691_713, 'be07e048e1e599ad46341c8d2a135645097a538221678b7acdd1b1919c6e1b21', 'tiny', false, 'f16'),
  official('ggml-base.en.bin', 147_964_211, 'a03779c86df3323075f5e796cb2ce5029f00ec8869eee3fdfb897afe36c6d002', 'base', true, 'f16'),
  official('ggml-base.en-q5_1.bin', 59_721_011, '4baf70dd0d7c4247ba2b81fafd9c01005ac77c2f9ef064e00dcf195d0e2fdd2f', 'base', true, 'q5_1'),
])

/**
 * The model downloaded on first run: base.en, 5-bit quantised (60 MB).
 *
 * Why base and not tiny: the coach acts on the words (questions asked, pitch
 * phrases, filler), so word accuracy matters more than the last few ms;
 * tiny.en drops and invents noticeably more words on conversational,
 * headset-quality speech. Base is ~2x tiny's compute, which a laptop CPU still
 * runs many times faster than real time on the short utterances we feed it.
 * Why q5_1 and not f16: ~40% of the download and memory for a negligible
 * accuracy loss, and less memory traffic per decode (often faster on CPUs).
 * Why .en: reps speak English; the English-only models are more accurate at
 * the same size. A slow machine can switch to ggml-tiny.en-q5_1.bin (32 MB).
 */
export const DEFAULT_MODEL = 'ggml-base.en-q5_1.bin'

if (!MODEL_CATALOG.some((e) => e.fileName === DEFAULT_MODEL)) {
  throw new Error(`DEFAULT_MODEL ${DEFAULT_MODEL} is not in the catalog`)
}

export function findCatalogEntry(catalog: readonly ModelCatalogEntry[], fileName: string): ModelCatalogEntry | undefined {
  return catalog.find((e) => e.fileName === fileName)
}

export function findCatalogEntryBySha256(catalog: readonly ModelCatalogEntry[], sha256: string): ModelCatalogEntry | undefined {
  const digest = sha256.toLowerCase()
  return catalog.find((e) => e.sha256 === digest)
}
