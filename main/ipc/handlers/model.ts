/**
 * IPC handlers for the speech model: its status, download and cancel, import
 * of a file the rep has, and choosing a file to use in place. The file
 * pickers run in main; the page never names a path.
 */
import { AppError } from '../../errors'
import type { EngineHost } from '../../transcription/engine-host'
import type { Handlers } from '../dispatch'

export type ModelHandlerName = 'getModelStatus' | 'downloadModel' | 'cancelModelDownload' | 'importModel' | 'chooseModelPath'

export interface ModelDeps {
  engines: EngineHost
  /** Native file picker (Electron); absent where there is none. */
  chooseModelFile?: () => Promise<string | undefined>
  /** Paths the user picked in main's file dialog this session: the only ones settings:update takes. */
  chosenModelPaths: Set<string>
}

export function modelHandlers(deps: ModelDeps): Pick<Handlers, ModelHandlerName> {
  const { engines } = deps
  return {
    getModelStatus: () => engines.status(),
    downloadModel: ({ fileName }) => engines.download(fileName),
    cancelModelDownload: () => engines.cancelDownload(),
    importModel: async () => {
      if (!deps.chooseModelFile) throw new AppError('conflict', 'Importing needs the desktop app’s file picker.')
      const file = await deps.chooseModelFile()
      if (!file) return engines.status()
      return engines.importFile(file)
    },
    chooseModelPath: async () => {
      if (!deps.chooseModelFile) throw new AppError('conflict', 'Choosing a model file needs the desktop app’s file picker.')
      const file = await deps.chooseModelFile()
      if (!file) return null
      deps.chosenModelPaths.add(file)
      return { path: file }
    },
  }
}
