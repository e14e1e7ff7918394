/**
 * The layer rule (eslint.config.js) is only worth having if it fails on the imports it forbids.
 * Each case lints a small probe file through ESLint's own API, as `npm run lint` would see it
 * (`npm run lint`, part of `npm test`, is what holds the code as it is to the rule).
 */
import fs from 'node:fs'
import path from 'node:path'
import { spawnSync } from 'node:child_process'
import { ESLint } from 'eslint'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = path.resolve(import.meta.dirname, '../..')
const eslint = new ESLint({ cwd: ROOT })

async function lintAs(relPath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, relPath) })
  return result!.messages.map((m) => `${m.ruleId ?? 'parse'}: ${m.message}`)
}

describe('the layer rule', () => {
  it('fails a domain service that imports the composition root', async () => {
    const messages = await lintAs('main/live/probe.ts', "import { createCallDeskCore } from '../core/call-desk-core'\nexport const x = createCallDeskCore\n")
    expect(messages.join('\n')).toMatch(/boundaries\/dependencies: .*"core".*"feature"/)
  })

  it('fails a domain service that imports the IPC layer or Electron adapters', async () => {
    expect((await lintAs('main/debrief/probe.ts', "import { createDispatcher } from '../ipc/dispatch'\nexport const x = createDispatcher\n")).join('\n')).toMatch(/"ipc".*"feature"/)
    expect((await lintAs('main/store/probe.ts', "import { hardenWebContents } from '../app/security'\nexport const x = hardenWebContents\n")).join('\n')).toMatch(/"app".*"base"/)
  })

  it('fails the base layer importing a feature (store → recording)', async () => {
    const messages = await lintAs('main/store/probe.ts', "import { RecordingService } from '../recording/recording-service'\nexport const x = RecordingService\n")
    expect(messages.join('\n')).toMatch(/"feature".*"base"/)
  })

  it('fails the contract importing main, and the renderer importing main or Node', async () => {
    expect((await lintAs('contract/probe.ts', "import { createStore } from '../main/store'\nexport const x = createStore\n")).join('\n')).toMatch(/"base".*"contract"/)
    const renderer = (await lintAs('renderer/src/probe.ts', "import fs from 'node:fs'\nimport { toFlagDto } from '../../main/store'\nexport const x = [fs, toFlagDto]\n")).join('\n')
    expect(renderer).toMatch(/"base".*"renderer"/)
    expect(renderer).toMatch(/no-restricted-imports/)
  })

  it('lets Electron adapters import a feature port as a type, not its code', async () => {
    expect(await lintAs('main/app/probe.ts', "import type { EngineLauncher } from '../transcription/speech-engine'\nexport type X = EngineLauncher\n")).toEqual([])
    expect((await lintAs('main/app/probe.ts', "import { SpeechEngine } from '../transcription/speech-engine'\nexport const x = SpeechEngine\n")).join('\n')).toMatch(/"feature".*"app"/)
  })

  describe('import circles (dependency-cruiser, type-only imports included)', () => {
    const dir = path.join(ROOT, 'main', 'fs', `cycle-probe-${process.pid}`)
    beforeAll(() => {
      fs.mkdirSync(dir, { recursive: true })
      // Only a type goes one way: ESLint would not see this circle, the cruiser must.
      fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b'\nexport const a = (x: B) => x\n")
      fs.writeFileSync(path.join(dir, 'b.ts'), "import { a } from './a'\nexport type B = number\nexport const b = () => a\n")
    })
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

    it('fails two modules that import each other, and passes the code as it is', () => {
      const cruise = (target: string) =>
        spawnSync(process.execPath, [path.join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), target, '--config', '.dependency-cruiser.cjs'], { cwd: ROOT, encoding: 'utf8' })
      const probe = cruise(path.relative(ROOT, dir))
      expect(probe.status).not.toBe(0)
      expect(probe.stdout).toMatch(/no-circular: .*a\.ts/)
      const code = cruise('contract')
      expect(code.stdout + code.stderr).toMatch(/no dependency violations/)
      expect(code.status).toBe(0)
    }, 60_000)
  })

  it('checks hook dependencies in the renderer', async () => {
    const code = "import { useEffect } from 'react'\nexport function useX(n: number) {\n  useEffect(() => { console.log(n) }, [])\n}\n"
    expect((await lintAs('renderer/src/probe.ts', code)).join('\n')).toMatch(/react-hooks\/exhaustive-deps/)
  })
})
