/**
 * The call screen: before a call, who it is with and which microphone; during
 * it, the clock, the level, the live transcript with the coach's flags and the
 * overlay's controls. What happens lives in useLiveCall; this only renders it.
 */
import { shortcutLabel } from '../../../contract/shortcuts'
import { ErrorBanner } from '../components/ErrorBanner'
import { LevelMeter } from '../components/LevelMeter'
import { PracticeInput } from '../components/PracticeInput'
import { ProspectPicker } from '../components/ProspectPicker'
import { TalkMeter } from '../components/TalkMeter'
import { Transcript } from '../components/Transcript'
import { formatClock } from '../hooks'
import { MicPicker } from './MicCheck'
import { isMac, useLiveCall, type StartRequest } from './use-live-call'

export type { StartRequest } from './use-live-call'

export function RecorderPanel({
  modelReady,
  onCallStopped,
  startRequest = null,
  onLiveChange,
  onSetUpModel,
}: {
  modelReady: boolean
  onCallStopped(callId: string, scheduled: StartRequest | null): void
  startRequest?: StartRequest | null
  /** A call or script check started (true) or stopped (false): the app gives it the whole window. */
  onLiveChange?(live: boolean): void
  /** Without a model, the primary action is setting one up (a call now would not be transcribed). */
  onSetUpModel?(): void
}) {
  const {
    call: recording,
    busy,
    error,
    notice,
    level,
    elapsed,
    segments,
    flags,
    talkMs,
    engineLoading: modelLoading,
    overlay,
    setOverlayState,
    mics,
    prospectId,
    setProspectId,
    start,
    stop,
  } = useLiveCall({ onCallStopped, startRequest, onLiveChange })
  const shortcut = shortcutLabel(isMac ? 'darwin' : '')
  const what = recording ? (recording.mic ? (recording.scheduled?.mode === 'rehearsal' ? 'rehearsal' : 'call') : 'script check') : ''

  return (
    <div className={`card recorder ${recording ? 'in-call' : ''}`} data-testid="recorder">
      {!recording && (
        <div className="recorder-row setup">
          <ProspectPicker value={prospectId} onChange={setProspectId} disabled={busy} />
          <MicPicker label="Microphone" mics={mics} disabled={busy} onPick={mics.setDeviceId} />
        </div>
      )}
      <div className="recorder-row actions">
        {recording ? (
          <button className="btn danger big" onClick={() => void stop()} disabled={busy} title={shortcut}>
            ■ Stop {what}
          </button>
        ) : (
          <>
            {!modelReady && onSetUpModel && (
              <button className="btn primary big" onClick={onSetUpModel}>
                Set up speech recognition
              </button>
            )}
            <button className={`btn big ${modelReady ? 'primary' : ''}`} onClick={() => void start(true)} disabled={busy} title={shortcut}>
              ● Start call
            </button>
            <button className="btn" onClick={() => void start(false)} disabled={busy} title="Type your opener and lines; the coach checks them before you dial">
              Script check
            </button>
          </>
        )}
        {recording && (
          <span className="call-with">
            {recording.who ? `With ${recording.who}` : recording.mic ? 'Call in progress' : 'Script check'}
          </span>
        )}
        <span className="muted shortcut">{shortcut} starts and stops a call from anywhere</span>
      </div>
      <div className="recorder-status">
        <span className={`rec-dot ${recording ? 'on' : ''}`} aria-hidden />
        <span className="elapsed" aria-label="Elapsed time">
          {formatClock(elapsed)}
        </span>
        <LevelMeter level={level} active={!!recording?.mic} />
      </div>
      {recording && overlay && (
        // The way out of click-through lives here too: the overlay itself ignores clicks while it is on.
        <div className="overlay-controls" role="group" aria-label="Prompt overlay">
          <span className="muted">Prompt overlay</span>
          <button className="btn small" aria-pressed={overlay.visible} onClick={() => void setOverlayState({ visible: !overlay.visible })}>
            {overlay.visible ? 'Hide' : 'Show'}
          </button>
          <button className={`btn small ${overlay.clickThrough ? 'on' : ''}`} aria-pressed={overlay.clickThrough} onClick={() => void setOverlayState({ clickThrough: !overlay.clickThrough })}>
            Click-through {overlay.clickThrough ? 'on' : 'off'}
          </button>
        </div>
      )}
      {recording?.scheduled && (
        <p className="scheduled-banner" data-testid="scheduled-banner">
          {recording.scheduled.mode === 'rehearsal' || recording.scheduled.mode === 'script'
            ? `Rehearsing the call with ${recording.scheduled.label}: it is kept as an attempt your coach can review.`
            : `Scheduled call with ${recording.scheduled.label}: its plan is in the prompt overlay.`}
        </p>
      )}
      {recording?.mic && <TalkMeter talkMs={talkMs} elapsedMs={elapsed} />}
      {recording?.mic && modelLoading && <p className="hint">Loading the speech model… your audio is being saved meanwhile.</p>}
      {!modelReady && recording?.mic && (
        <p className="hint">Your audio is being saved. No speech model is set up yet, so it will be transcribed once you add one (Settings).</p>
      )}
      <ErrorBanner error={error} onSetUpModel={onSetUpModel} />
      {notice && <div className="banner warn">{notice}</div>}
      {recording && (
        <>
          <div className="live-transcript" aria-live="polite" data-testid="live-transcript">
            {segments.length === 0 ? (
              <p className="muted">
                {recording.mic ? 'Listening… your words appear here after each pause.' : 'Type your lines below; the coach reacts to each.'}
              </p>
            ) : (
              <Transcript segments={segments} flags={flags} testId="live-lines" />
            )}
          </div>
          <PracticeInput callId={recording.callId} />
        </>
      )}
    </div>
  )
}
