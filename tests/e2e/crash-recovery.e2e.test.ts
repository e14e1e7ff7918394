/**
 * Crash safety: the process that records is SIGKILLed mid-call. After a restart
 * the call is recovered — audio up to the last flush, every stored segment
 * intact — and marked interrupted.
 */
import fs from 'node:fs'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { SpeechSegmenter } from '../../main/audio/speech-segmenter'
import { readCallAudio, readWav, WAV_HEADER_BYTES } from '../../main/audio/wav-file'
import { FLUSH_INTERVAL_MS } from '../../main/recording/recording-service'
import { utterancesOf } from '../../main/transcription/transcribe-file'
import { SPEECH_DIR } from '../helpers/shared-assets'
import { connectApi, startHost, tempDataDir, waitFor, type RunningHost } from '../helpers/test-host-process'

type Row = { uid: string; seq: number; start_ms: number; end_ms: number; status: string; text: string }

describe('crash mid-call', () => {
  const hosts: RunningHost[] = []
  afterAll(async () => {
    for (const h of hosts) await h.stop()
  })

  it('recovers the call, its audio up to the last flush and its segments', async () => {
    const dataDir = tempDataDir()
    const host = await startHost({ dataDir })
    hosts.push(host)
    const api = await connectApi(host)
    const source = await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))

    const { callId } = await api.startCall({ kind: 'live', deviceLabel: 'Test headset' })
    // 10.5 s of the call: two utterances finished, the third cut off by the crash. The recorder stores one
    // segment per utterance (spans the segmenter cut out of running speech are joined; a pause starts a new one).
    const pushedSamples = Math.round(10.5 * 16000)
    const closedBeforeCrash = utterancesOf(new SpeechSegmenter().push(source.slice(0, pushedSamples))).length
    expect(closedBeforeCrash).toBeGreaterThanOrEqual(2)
    for (let seq = 0, i = 0; i < pushedSamples; seq++, i += 1600) {
      const frame = source.slice(i, Math.min(i + 1600, pushedSamples))
      await api.pushAudio({ callId, seq, pcm: new Uint8Array(frame.buffer) })
    }
    const dbPath = path.join(dataDir, 'calldesk.sqlite')
    const readSegments = () => {
      const db = new Database(dbPath, { readonly: true })
      try {
        return db.prepare('SELECT uid, seq, start_ms, end_ms, status, text FROM transcript_segments ORDER BY seq').all() as Row[]
      } finally {
        db.close()
      }
    }
    const before = await waitFor(() => {
      const rows = readSegments()
      return rows.length === closedBeforeCrash ? rows : undefined
    }, 10_000, 'the stored segments')
    // Kill once a periodic flush has put everything pushed on disk: the audio and the header's sizes.
    const wavPath = path.join(dataDir, 'recordings', `${callId}.wav`)
    await waitFor(() => {
      const buf = fs.existsSync(wavPath) ? fs.readFileSync(wavPath) : Buffer.alloc(0)
      return buf.byteLength >= WAV_HEADER_BYTES + pushedSamples * 2 && buf.readUInt32LE(40) === pushedSamples * 2 ? true : undefined
    }, 30_000, 'a flush of all pushed audio')
    api.close()
    await host.kill()
    expect(host.child.signalCode).toBe('SIGKILL')

    const restarted = await startHost({ dataDir })
    hosts.push(restarted)
    const api2 = await connectApi(restarted)
    const detail = await api2.getCall({ callId })
    expect(detail.call.status).toBe('interrupted')
    expect(detail.call.deviceLabel).toBe('Test headset')
    expect(Math.abs((detail.call.durationMs ?? 0) - 10_500)).toBeLessThanOrEqual(FLUSH_INTERVAL_MS)
    expect(detail.call.endedAt).toBe(detail.call.startedAt + (detail.call.durationMs ?? 0))

    // The WAV is valid again and holds exactly the audio that was sent.
    const wav = await readWav(path.join(dataDir, 'recordings', `${callId}.wav`))
    expect(wav.dataBytes).toBe(wav.samples.length * 2)
    expect(wav.samples.length).toBe(pushedSamples)
    expect(Buffer.from(wav.samples.buffer).equals(Buffer.from(source.slice(0, pushedSamples).buffer))).toBe(true)

    // Every segment stored before the crash is still there, unchanged in identity and timing …
    const after = readSegments()
    expect(after.slice(0, closedBeforeCrash).map(({ uid, seq, start_ms, end_ms }) => ({ uid, seq, start_ms, end_ms }))).toEqual(
      before.map(({ uid, seq, start_ms, end_ms }) => ({ uid, seq, start_ms, end_ms })),
    )
    // … and the utterance the crash cut off (third, from 9.55 s) became a segment from the recovered audio.
    expect(after).toHaveLength(closedBeforeCrash + 1)
    const recovered = after[closedBeforeCrash]!
    expect(Math.abs(recovered.start_ms - 9550)).toBeLessThan(300)
    expect(recovered.end_ms).toBeLessThanOrEqual(10_500)
    for (const row of before.filter((r) => r.status === 'done')) {
      expect(after.find((a) => a.uid === row.uid)).toMatchObject({ status: 'done', text: row.text })
    }
    // Segments the crash left untranscribed are transcribed from the recovered WAV after the restart.
    await waitFor(() => (readSegments().every((r) => r.status === 'done') ? true : undefined), 120_000, 're-transcription')
    expect(detail.segments.map((s) => s.seq)).toEqual(after.map((_, i) => i))

    // The app works normally after recovery: a new call can start.
    const next = await api2.startCall({ kind: 'live' })
    expect(next.callId).not.toBe(callId)
    await api2.stopCall({ callId: next.callId })
    api2.close()
  }, 240_000)
})
