import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { utilityProcess } from 'electron'
import type { EngineReply } from '../transcription/engine-protocol'
import type { EngineLauncher } from '../transcription/speech-engine'

const here = path.dirname(fileURLToPath(import.meta.url))

/** In the packaged app the engine is an Electron utility process (sandboxable, killable, crash-isolated). */
export const electronEngineLauncher: EngineLauncher = () => {
  const child = utilityProcess.fork(path.join(here, 'engine-process.js'), [], { serviceName: 'Call Desk speech engine' })
  return {
    send: (msg) => child.postMessage(msg),
    onMessage: (cb) => child.on('message', (m: EngineReply) => cb(m)),
    onExit: (cb) => child.on('exit', (code) => cb(code)),
    kill: () => void child.kill(),
    // utilityProcess has its pid only once spawned
    get pid() {
      return child.pid
    },
  }
}
