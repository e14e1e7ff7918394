/** Input level on a dB scale: speech sits mid-bar, clipping fills it. */
export function LevelMeter({ level, active }: { level: number; active: boolean }) {
  const db = level > 0 ? 20 * Math.log10(level) : -100
  const fraction = Math.max(0, Math.min(1, (db + 60) / 60))
  return (
    <div className="level" role="meter" aria-label="Microphone level" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
      <div className={`level-fill ${active ? '' : 'idle'} ${fraction > 0.92 ? 'hot' : ''}`} style={{ width: `${fraction * 100}%` }} />
    </div>
  )
}
