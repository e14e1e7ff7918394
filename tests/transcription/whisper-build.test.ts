import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'

const require = createRequire(import.meta.url)
const pkgDir = path.dirname(require.resolve('smart-whisper/package.json'))

describe('the whisper.cpp addon as scripts/build-whisper.mjs builds it', () => {
  it('starts the model context from whisper.cpp defaults (smart-whisper left flash attention and DTW uninitialised)', () => {
    const source = fs.readFileSync(path.join(pkgDir, 'src', 'binding', 'model.cc'), 'utf8')
    expect(source).toContain('whisper_context_params params = whisper_context_default_params();')
    expect(source).not.toMatch(/^\s*whisper_context_params params;$/m)
    // The addon in use was built from the patched source: the stamp names the patch.
    expect(fs.readFileSync(path.join(pkgDir, 'build', 'calldesk-flags.txt'), 'utf8')).toContain('ctx-params-defaults-1')
  })
})
