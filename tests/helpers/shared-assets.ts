import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/** ../shared beside the checkout: speech samples and the weightless test model. */
export const SHARED_DIR = process.env.CALLDESK_SHARED_DIR ?? path.resolve(REPO_ROOT, '../shared')
export const SPEECH_DIR = path.join(SHARED_DIR, 'speech')
export const TEST_MODEL = path.join(SHARED_DIR, 'models', 'for-tests-ggml-tiny.en.bin')
