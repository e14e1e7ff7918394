import { useCallback, useRef, useState } from 'react'
import { useDismiss } from '../components/dismiss'
import { api } from '../api'
import { ErrorBanner } from '../components/ErrorBanner'
import { saveFile } from './save-file'

type What = 'call' | 'debrief'
type Format = 'markdown' | 'json'

/** Export the transcript with flags, or the debrief, as Markdown or JSON: saved as a file or copied. */
export function ExportMenu({ callId }: { callId: string }) {
  const [message, setMessage] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDetailsElement>(null)
  const close = useCallback(() => {
    // The element itself too: its toggle event (open) may not have reached React yet.
    if (ref.current) ref.current.open = false
    setOpen(false)
  }, [])
  const summary = useCallback(() => ref.current?.querySelector('summary'), [])
  useDismiss(ref, open, close, summary)
  const run = async (what: What, format: Format, copy = false) => {
    setMessage(null)
    setError(null)
    try {
      const file = await api().exportCall({ callId, what, format })
      if (copy) {
        await navigator.clipboard.writeText(file.content)
        setMessage('Copied')
      } else saveFile(file)
    } catch (e) {
      setError(e)
    }
  }
  return (
    <details className="export-menu" ref={ref} open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary className="btn small">Export</summary>
      <div className="export-items" role="menu">
        <button className="btn small" role="menuitem" onClick={() => void run('call', 'markdown')}>Transcript + flags (.md)</button>
        <button className="btn small" role="menuitem" onClick={() => void run('call', 'json')}>Transcript + flags (.json)</button>
        <button className="btn small" role="menuitem" onClick={() => void run('debrief', 'markdown')}>Debrief (.md)</button>
        <button className="btn small" role="menuitem" onClick={() => void run('debrief', 'json')}>Debrief (.json)</button>
        <button className="btn small" role="menuitem" onClick={() => void run('debrief', 'markdown', true)}>Copy debrief</button>
        {message && <span className="muted">{message}</span>}
        <ErrorBanner error={error} />
      </div>
    </details>
  )
}
