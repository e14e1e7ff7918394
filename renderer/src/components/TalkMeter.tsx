/** Share of the call so far that the rep spent talking (their side is all we record). */
export function TalkMeter({ talkMs, elapsedMs }: { talkMs: number; elapsedMs: number }) {
  const share = elapsedMs > 0 ? Math.min(1, talkMs / elapsedMs) : 0
  const pct = Math.round(share * 100)
  return (
    <div className="talk" title="How much of the call you have been talking. Leave the buyer room.">
      <span className="talk-label">You talked {pct}%</span>
      <div className="talk-bar" role="meter" aria-label="Talk time" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div className={`talk-fill ${share > 0.65 ? 'high' : ''}`} style={{ width: `${pct}%` }} />
      </div>
    </div>
  )
}
