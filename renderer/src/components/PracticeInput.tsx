import { useState } from 'react'
import { api, errorMessage } from '../api'

/** Type or paste what you say: each line goes through the same path as speech (segment → coach → prompt). */
export function PracticeInput({ callId }: { callId: string }) {
  const [text, setText] = useState('')
  const [error, setError] = useState<string | null>(null)
  const send = async () => {
    const lines = text
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
    setError(null)
    // Clear at once so the rep can type the next line while this one is sent; put back what failed.
    setText('')
    for (let i = 0; i < lines.length; i++) {
      try {
        await api().addPracticeLine({ callId, text: lines[i]! })
      } catch (e) {
        setError(errorMessage(e))
        setText((typed) => [...lines.slice(i), typed].filter(Boolean).join('\n'))
        return
      }
    }
  }
  return (
    <div className="practice">
      <textarea
        aria-label="Practice line"
        placeholder="Type or paste what you say — Enter adds it (Shift+Enter for a new line)"
        value={text}
        rows={2}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey) {
            e.preventDefault()
            void send()
          }
        }}
      />
      <button className="btn small" onClick={() => void send()} disabled={!text.trim()}>
        Add line
      </button>
      {error && <div className="failed">{error}</div>}
    </div>
  )
}
