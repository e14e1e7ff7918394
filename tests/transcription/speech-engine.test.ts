/**
 * The real whisper.cpp engine (in its own process) with the weightless test
 * model: it loads, transcribes (empty text is that model's correct answer),
 * cancels for real, drops a decode without reloading, and fails clearly on bad
 * model files.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSyntheticTinyEn } from '../../bench/synthetic-model'
import { readCallAudio } from '../../main/audio/wav-file'
import { createStore } from '../../main/store'
import { ModelFileError } from '../../main/transcription/model-file'
import { nodeEngineLauncher, SpeechEngine, TranscriptionCancelled, type EngineLauncher } from '../../main/transcription/speech-engine'
import { TranscriptionQueue } from '../../main/transcription/transcription-queue'
import { SPEECH_DIR, TEST_MODEL } from '../helpers/shared-assets'
import { tempDataDir } from '../helpers/test-host-process'

const engines: SpeechEngine[] = []
const engine = (modelPath: string, launcher?: EngineLauncher) => {
  const e = new SpeechEngine({ modelPath, threads: 2, launcher })
  engines.push(e)
  return e
}
afterAll(async () => {
  await Promise.all(engines.map((e) => e.dispose()))
})

/**
 * A job that is certainly still running when the test cancels it, on any CPU:
 * the synthetic tiny.en model (real shapes, random weights) never ends a
 * sentence, so on 30 s of audio whisper.cpp runs its full encoder and then
 * decodes to the token cap (seconds of work even on a fast machine), and the
 * test cancels as soon as the engine process reports the job started. (The
 * weightless test model answers at once, so it cannot hold a job.)
 */
let slowModel: string
beforeAll(async () => {
  slowModel = path.join(tempDataDir(), 'synthetic-tiny.en.bin')
  await writeSyntheticTinyEn(slowModel, { seed: 11 })
}, 120_000)

async function thirtySeconds(): Promise<Int16Array> {
  const speech = await readCallAudio(path.join(SPEECH_DIR, 'jfk.wav'))
  const out = new Int16Array(30 * 16000)
  for (let i = 0; i < out.length; i += speech.length) out.set(speech.subarray(0, Math.min(speech.length, out.length - i)), i)
  return out
}

/** A promise and the callback that settles it (an engine job's onStart). */
function signal(): { fire: () => void; fired: Promise<void> } {
  let fire!: () => void
  const fired = new Promise<void>((r) => (fire = r))
  return { fire, fired }
}

/** Starts a job that holds the engine; resolves once whisper.cpp is running it. */
function startLongJob(e: SpeechEngine, pcm: Int16Array, threads?: number): { job: Promise<unknown>; started: Promise<void> } {
  const started = signal()
  const job = e.transcribe(pcm, { speechMs: 30_000, onStart: started.fire, threads })
  return { job, started: started.fired }
}

/** The real launcher, counting engine processes and their exits. */
function watchedLauncher() {
  const exits: Array<number | null> = []
  let started = 0
  let onExit: (() => void) | undefined
  const launcher: EngineLauncher = () => {
    const channel = nodeEngineLauncher()
    started++
    channel.onExit((code) => {
      exits.push(code)
      onExit?.()
    })
    return channel
  }
  const exited = (n: number) =>
    new Promise<void>((resolve) => {
      const check = () => exits.length >= n && resolve()
      onExit = check
      check()
    })
  return { launcher, exits, exited, processes: () => started }
}

async function utterance(): Promise<Int16Array> {
  const samples = await readCallAudio(path.join(SPEECH_DIR, 'cold-call-interrogation.wav'))
  return samples.slice(Math.round(0.6 * 16000), Math.round(3.5 * 16000))
}

describe('SpeechEngine', () => {
  it('loads the test model and transcribes a segment (empty text)', async () => {
    const e = engine(TEST_MODEL)
    await e.load()
    const result = await e.transcribe(await utterance())
    expect(result.text).toBe('')
    expect(result.engineMs).toBeGreaterThan(0)
    expect(e.pending).toBe(0)
  }, 120_000)

  it('cancels a running transcription at once and can work again afterwards', async () => {
    const watch = watchedLauncher()
    const e = engine(slowModel, watch.launcher)
    await e.load()
    const pcm = await thirtySeconds()
    const { job: running, started } = startLongJob(e, pcm)
    const queued = e.transcribe(await utterance())
    let settledEarly = false
    void running.then(() => (settledEarly = true), () => undefined)
    await started
    expect(settledEarly).toBe(false)
    expect(e.pending).toBe(2)
    e.cancelAll()
    await expect(running).rejects.toBeInstanceOf(TranscriptionCancelled)
    await expect(queued).rejects.toBeInstanceOf(TranscriptionCancelled)
    expect(e.pending).toBe(0)
    // Stopped for real: the engine process that was running whisper.cpp is gone
    // (killed, not left to finish its job in the background).
    await watch.exited(1)
    expect(watch.exits[0]).toBeNull() // ended by a signal, not a normal exit
    // A fresh process with the model loaded again, which answers new work.
    await e.load()
    expect(watch.processes()).toBe(2)
    const again = await e.transcribe(await utterance())
    expect(typeof again.text).toBe('string')
  }, 180_000)

  it('drops a running decode without ending the engine process, and answers the next one from it', async () => {
    const watch = watchedLauncher()
    const e = engine(slowModel, watch.launcher)
    await e.load()
    // A live-sized decode (small encoder window, token cap) that is running when it is dropped.
    const started = signal()
    const dropped = e.transcribe(await thirtySeconds(), { speechMs: 30_000, audioCtx: 512, maxTokens: 24, onStart: started.fire })
    let settledEarly = false
    void dropped.then(() => (settledEarly = true), () => undefined)
    const next = e.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8 })
    await started.fired
    expect(settledEarly).toBe(false)
    e.dropRunning()
    await expect(dropped).rejects.toBeInstanceOf(TranscriptionCancelled)
    // The queued job is served by the same process, after it finished the dropped one.
    const answer = await next
    expect(typeof answer.text).toBe('string')
    expect(answer.engineMs).toBeGreaterThan(0)
    // One process, never ended, never loaded again: the model stayed loaded.
    expect(watch.processes()).toBe(1)
    expect(watch.exits).toEqual([])
    const again = await e.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8 })
    expect(typeof again.text).toBe('string')
    expect(watch.processes()).toBe(1)
    expect(watch.exits).toEqual([])
    expect(e.pending).toBe(0)
  }, 180_000)

  it('names a missing model file and says what to do', async () => {
    const missing = path.join(tempDataDir(), 'ggml-base.en.bin')
    const err = await engine(missing).load().catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ModelFileError)
    expect((err as ModelFileError).code).toBe('missing')
    expect((err as Error).message).toContain(missing)
  })

  it('rejects a truncated model file', async () => {
    // A real-format file cut mid-tensor: header and vocab of the test model, plus one tensor header with no data.
    const file = path.join(tempDataDir(), 'ggml-truncated.bin')
    const header = Buffer.alloc(12 + 4 + 'encoder.conv1.bias'.length)
    header.writeInt32LE(1, 0) // n_dims
    header.writeInt32LE('encoder.conv1.bias'.length, 4)
    header.writeInt32LE(0, 8) // F32
    header.writeInt32LE(384, 12) // ne[0]
    header.write('encoder.conv1.bias', 16, 'ascii')
    fs.writeFileSync(file, Buffer.concat([fs.readFileSync(TEST_MODEL), header, Buffer.alloc(100)]))
    const err = await engine(file).load().catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ModelFileError)
    expect((err as ModelFileError).code).toBe('truncated')
    expect((err as Error).message).toContain(file)
  })

  it('rejects a file that is not a model', async () => {
    const wav = path.join(SPEECH_DIR, 'jfk.wav')
    const err = await engine(wav).load().catch((x: unknown) => x)
    expect(err).toBeInstanceOf(ModelFileError)
    expect((err as ModelFileError).code).toBe('not-a-model')
    expect((err as Error).message).toContain(wav)
  })
})

describe('SpeechEngine cancel during load', () => {
  it('answers the cancelled job, then serves a new one with a fresh load', async () => {
    const watch = watchedLauncher()
    const e = engine(slowModel, watch.launcher)
    const pcm = await thirtySeconds()
    const first = e.transcribe(pcm) // starts loading the model
    e.cancelAll() // synchronously, so certainly before the model has loaded
    await expect(first).rejects.toBeInstanceOf(TranscriptionCancelled)
    // A job after the cancel is not rejected by the aborted load: it gets a fresh
    // process, and is running there when it is cancelled in turn.
    const { job: second, started } = startLongJob(e, pcm)
    let settledEarly = false
    void second.then(() => (settledEarly = true), () => undefined)
    await started
    expect(settledEarly).toBe(false)
    // The cancelled load left no engine process behind: only the one running the second job.
    expect(watch.processes() - watch.exits.length).toBe(1)
    e.cancelAll()
    await expect(second).rejects.toBeInstanceOf(TranscriptionCancelled)
    expect(e.pending).toBe(0)
    await watch.exited(watch.processes())
    await e.load()
    expect(watch.processes() - watch.exits.length).toBe(1)
  }, 180_000)
})

describe('TranscriptionQueue at an utterance end', () => {
  it('drops the running provisional decode on the same engine process, and runs the end decode there', async () => {
    const watch = watchedLauncher()
    const e = engine(slowModel, watch.launcher)
    const store = createStore(path.join(tempDataDir(), 'calldesk.sqlite'))
    const queue = new TranscriptionQueue({ store, emit: () => undefined, getEngine: async () => e })
    const clip = await thirtySeconds()
    const provisionalRunning = signal()
    const outcome: string[] = []
    queue.schedule({
      lane: 'live',
      key: 'live:1',
      run: async (en) => {
        await en.transcribe(clip, { speechMs: 30_000, audioCtx: 512, maxTokens: 24, onStart: provisionalRunning.fire })
        outcome.push('provisional answered')
      },
      fail: () => outcome.push('provisional failed'),
    })
    await provisionalRunning.fired
    // The utterance ends: its provisional decode is stopped, its end decode queued (as LiveTranscriber.end does).
    queue.unschedule('live:1', { stopRunning: true })
    queue.schedule({
      lane: 'live',
      key: 'end:1',
      run: async (en) => {
        const r = await en.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8 })
        outcome.push(`end answered ${typeof r.text}`)
      },
      fail: (err) => outcome.push(`end failed ${err.message}`),
    })
    await queue.whenIdle()
    // The dropped decode is not answered (a cancel is no failure); the end decode is, by the one process.
    expect(outcome).toEqual(['end answered string'])
    expect(watch.processes()).toBe(1)
    expect(watch.exits).toEqual([])
    store.close()
  }, 180_000)
})

/** The nice value of every thread of a process (Linux: /proc/<pid>/task/<tid>/stat, field 19). */
function threadNices(pid: number): number[] {
  return fs.readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])]
    } catch {
      return [] // the thread ended meanwhile
    }
  })
}

describe('the background engine', () => {
  it.skipIf(process.platform !== 'linux')('runs every thread of its process at the lowest priority, whisper.cpp\'s decoding threads included', async () => {
    const bg = new SpeechEngine({ modelPath: slowModel, threads: 2, background: true })
    engines.push(bg)
    // Two threads asked for (the governor would start with one): whisper.cpp starts a compute thread.
    const { job, started } = startLongJob(bg, await thirtySeconds(), 2)
    await started
    const nices = threadNices(bg.pid!)
    // main, libuv's pool, V8's helpers and whisper.cpp's compute threads: all of them lowered
    expect(nices.length).toBeGreaterThan(4)
    expect(new Set(nices)).toEqual(new Set([19]))
    bg.cancelAll()
    await expect(job).rejects.toBeInstanceOf(TranscriptionCancelled)
  }, 180_000)
})

describe('TranscriptionQueue with a foreground and a background engine', () => {
  function dualQueue() {
    const watch = watchedLauncher()
    const fg = engine(slowModel, watch.launcher)
    const bg = new SpeechEngine({ modelPath: slowModel, threads: 2, launcher: watch.launcher, background: true })
    engines.push(bg)
    const store = createStore(path.join(tempDataDir(), 'calldesk.sqlite'))
    const used: string[] = []
    const queue = new TranscriptionQueue({
      store,
      emit: () => undefined,
      getEngine: async (role) => {
        used.push(role)
        return role === 'foreground' ? fg : bg
      },
      separateBackground: () => true,
    })
    return { watch, fg, bg, store, queue, used }
  }

  it('runs an utterance\'s end decode on the foreground engine while the superseded provisional one is still decoding in the background', async () => {
    const { watch, fg, store, queue } = dualQueue()
    const clip = await thirtySeconds()
    const provisionalRunning = signal()
    const events: string[] = []
    queue.schedule({
      lane: 'live',
      key: 'live:1',
      run: async (en) => {
        await en.transcribe(clip, { speechMs: 30_000, audioCtx: 1500, maxTokens: 32, onStart: provisionalRunning.fire })
        events.push('provisional answered')
      },
      fail: () => events.push('provisional failed'),
    })
    await provisionalRunning.fired
    queue.unschedule('live:1', { stopRunning: true })
    queue.schedule({
      lane: 'live',
      urgent: true,
      key: 'end:1',
      run: async (en) => {
        await en.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8 })
        events.push(en === fg ? 'end answered by the foreground engine' : 'end answered by the background engine')
      },
      fail: (err) => events.push(`end failed ${err.message}`),
    })
    // The next provisional decode can start on the background engine only once its process has finished the
    // dropped one (a full 30 s window to the token cap, at the lowest priority): the end decode (3 s, small
    // window, 8 tokens, full priority) is answered before that.
    queue.schedule({
      lane: 'live',
      key: 'live:2',
      run: async (en) => {
        await en.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8, onStart: () => events.push('background free again') })
      },
    })
    await queue.whenIdle()
    expect(events).toEqual(['end answered by the foreground engine', 'background free again'])
    // Two processes, neither ended: nothing was killed, no model reloaded.
    expect(watch.processes()).toBe(2)
    expect(watch.exits).toEqual([])
    store.close()
  }, 180_000)

  it('leaves a final-tier decode running in the background when the rep talks again, and runs the end decode beside it', async () => {
    const { watch, fg, bg, store, queue } = dualQueue()
    const clip = await thirtySeconds()
    const finalRunning = signal()
    const events: string[] = []
    const by = (en: SpeechEngine) => (en === fg ? 'foreground' : en === bg ? 'background' : 'unknown')
    queue.schedule({
      lane: 'final',
      key: 'final:1',
      canStart: () => true,
      run: async (en) => {
        await en.transcribe(clip, { speechMs: 30_000, tier: 'final', maxTokens: 64, onStart: finalRunning.fire })
        events.push(`final answered by ${by(en)}`)
      },
      fail: (err) => events.push(`final failed ${err.message}`),
    })
    await finalRunning.fired
    queue.poke({ speaking: true })
    // The rep talks again: the provisional decode waits for the background engine; the end decode does not wait.
    queue.schedule({
      lane: 'live',
      key: 'live:2',
      run: async (en) => {
        await en.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8 })
        events.push(`provisional answered by ${by(en)}`)
      },
    })
    queue.schedule({
      lane: 'live',
      urgent: true,
      key: 'end:2',
      run: async (en) => {
        await en.transcribe(await utterance(), { audioCtx: 256, maxTokens: 8 })
        events.push(`end answered by ${by(en)}`)
      },
    })
    await queue.whenIdle()
    // The final decode (30 s, full context, lowest priority) was neither stopped nor in the end decode's way.
    expect(events).toEqual(['end answered by foreground', 'final answered by background', 'provisional answered by background'])
    expect(watch.processes()).toBe(2)
    expect(watch.exits).toEqual([])
    store.close()
  }, 180_000)
})

describe('TranscriptionQueue: a final job stopped by its engine going away', () => {
  it('goes back in line and runs on the next engine (a new model), once', async () => {
    const store = createStore(path.join(tempDataDir(), 'calldesk.sqlite'))
    let current = engine(TEST_MODEL)
    const first = current
    const queue = new TranscriptionQueue({ store, emit: () => undefined, getEngine: async () => current })
    const pcm = await utterance()
    const ranOn: SpeechEngine[] = []
    let finished = 0
    queue.schedule({
      lane: 'final',
      key: 'final:call',
      run: async (en) => {
        ranOn.push(en)
        const decode = en.transcribe(pcm, { tier: 'final', audioCtx: 256, maxTokens: 8 })
        // The model changes while this decode waits for the engine process: its engine is replaced.
        if (ranOn.length === 1) {
          current = engine(TEST_MODEL)
          void en.dispose()
        }
        await decode
        finished++
      },
    })
    await queue.whenIdle()
    expect(ranOn).toEqual([first, current])
    expect(finished).toBe(1)
    store.close()
  }, 120_000)
})

/** A process's state letter (Linux: /proc/<pid>/stat field 3; 'T' = stopped). */
const processState = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3)
}

const untilStopped = async (pid: number) => {
  while (processState(pid) !== 'T') await new Promise((r) => setTimeout(r, 5))
}

describe('pausing the background engine while the foreground one decodes', () => {
  it.skipIf(process.platform !== 'linux')('stops the background process for the end decode and lets it go on afterwards, its dropped decode then answered', async () => {
    const fg = engine(TEST_MODEL)
    const bg = new SpeechEngine({ modelPath: slowModel, threads: 2, background: true })
    engines.push(bg)
    const store = createStore(path.join(tempDataDir(), 'calldesk.sqlite'))
    const queue = new TranscriptionQueue({
      store,
      emit: () => undefined,
      getEngine: async (role) => (role === 'foreground' ? fg : bg),
      separateBackground: () => true,
      holdBackground: (held) => (held ? bg.suspend() : bg.resume()),
    })
    const provisionalRunning = signal()
    queue.schedule({ lane: 'live', key: 'live:1', run: async (en) => void (await en.transcribe(await thirtySeconds(), { speechMs: 30_000, audioCtx: 512, maxTokens: 16, onStart: provisionalRunning.fire })) })
    await provisionalRunning.fired
    expect(processState(bg.pid!)).not.toBe('T')
    queue.unschedule('live:1', { stopRunning: true })
    const states: string[] = []
    queue.schedule({
      lane: 'live',
      urgent: true,
      key: 'end:1',
      run: async (en) => {
        const decode = en.transcribe(await utterance())
        // A signal is taken when the process next runs: wait for the state (a process never stopped times this test out).
        await untilStopped(bg.pid!)
        states.push(processState(bg.pid!))
        await decode
        states.push(processState(bg.pid!)) // still stopped: released only once this job is done
      },
    })
    // The background process's next job starts only once it has finished the dropped decode: it ran again.
    const backgroundWentOn = signal()
    queue.schedule({ lane: 'live', key: 'live:2', run: async (en) => void (await en.transcribe(await utterance(), { audioCtx: 256, maxTokens: 4, onStart: backgroundWentOn.fire })) })
    await backgroundWentOn.fired
    await queue.whenIdle()
    expect(states).toEqual(['T', 'T'])
    expect(processState(bg.pid!)).not.toBe('T')
    store.close()
  }, 180_000)

  it.skipIf(process.platform !== 'linux')('ends a paused engine on cancel, and a new process started while paused is paused too', async () => {
    const watch = watchedLauncher()
    const bg = new SpeechEngine({ modelPath: TEST_MODEL, threads: 1, background: true, launcher: watch.launcher })
    engines.push(bg)
    await bg.load()
    bg.suspend()
    await untilStopped(bg.pid!)
    bg.cancelAll()
    await bg.dispose()
    await watch.exited(1)
    const again = new SpeechEngine({ modelPath: TEST_MODEL, threads: 1, background: true, launcher: watch.launcher })
    engines.push(again)
    again.suspend()
    const loaded = again.load()
    // paused from its start (a process that never pauses times this test out): it cannot answer the load until resumed
    let answered = false
    void loaded.then(() => (answered = true))
    while (again.pid === undefined || processState(again.pid) !== 'T') await new Promise((r) => setTimeout(r, 10))
    expect(answered).toBe(false)
    again.resume()
    await loaded
    expect(processState(again.pid!)).not.toBe('T')
  }, 60_000)
})

describe('main exiting while the background engine is paused', () => {
  it.skipIf(process.platform !== 'linux')('lets the engine go, and it ends with its channel instead of staying behind stopped', async () => {
    const { execFileSync } = await import('node:child_process')
    const fixture = path.join(path.dirname(new URL(import.meta.url).pathname), 'fixtures', 'exit-while-paused.ts')
    const pid = Number(execFileSync(process.execPath, ['--import', 'tsx', fixture, TEST_MODEL], { encoding: 'utf8' }).trim())
    expect(pid).toBeGreaterThan(0)
    // Gone once it noticed main had left (a process left stopped never goes, and this test times out).
    while (fs.existsSync(`/proc/${pid}`) && processState(pid) !== 'Z') await new Promise((r) => setTimeout(r, 20))
  }, 60_000)
})
