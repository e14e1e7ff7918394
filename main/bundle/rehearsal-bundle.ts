/**
 * A rehearsal as one file, from the rep's machine to the coach's: see README.md
 * for the format and the import rules.
 */
import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { parseWav } from '../audio/wav-file'
import { fsyncDir, writeNewFileDurably } from '../fs/durable'
import type { Store } from '../store'
import {
  assertUnique,
  inconsistent,
  jsonBytes,
  MiB,
  parseEntry,
  parseManifest,
  sameRecord,
} from './entries'
import { assertContractShapes } from './contract-check'
import { BundleError } from './errors'
import {
  BUNDLE_VERSION,
  REHEARSAL_FORMAT,
  callSchema,
  commentsSchema,
  contextSchema,
  flagsSchema,
  notesSchema,
  rehearsalManifestSchema,
  reviewsSchema,
  segmentsSchema,
  type BundleCall,
  type BundleComment,
  type BundleFlag,
  type BundleNote,
  type BundleProspect,
  type BundleReview,
  type BundleScheduledCall,
  type BundleSegment,
  type RehearsalManifest,
} from './schemas'
import { readZip, writeZip, type ZipLimits } from './zip'

export const REHEARSAL_ENTRIES = {
  manifest: 'manifest.json',
  call: 'call.json',
  context: 'context.json',
  segments: 'transcript.json',
  flags: 'flags.json',
  notes: 'notes.json',
  comments: 'comments.json',
  reviews: 'reviews.json',
  audio: 'audio.wav',
} as const

const JSON_ENTRY_MAX = 16 * MiB
/** 512 MiB of 16 kHz mono 16-bit PCM is over 4 hours: far beyond any rehearsal. */
const AUDIO_MAX = 512 * MiB

export const DEFAULT_REHEARSAL_LIMITS: ZipLimits = {
  maxArchiveBytes: AUDIO_MAX + 8 * JSON_ENTRY_MAX,
  maxEntries: Object.keys(REHEARSAL_ENTRIES).length,
  maxTotalBytes: AUDIO_MAX + 4 * JSON_ENTRY_MAX,
  maxEntryBytes: { [REHEARSAL_ENTRIES.audio]: AUDIO_MAX },
  defaultEntryBytes: JSON_ENTRY_MAX,
}

export interface BundleOptions {
  /** Overrides for the archive limits (tests, or a stricter caller). */
  limits?: Partial<ZipLimits>
  now?: () => number
}

/** What a valid rehearsal bundle holds, after every check that needs no database. */
export interface RehearsalBundle {
  manifest: RehearsalManifest
  call: BundleCall
  prospects: BundleProspect[]
  scheduledCalls: BundleScheduledCall[]
  segments: BundleSegment[]
  flags: BundleFlag[]
  notes: BundleNote[]
  comments: BundleComment[]
  reviews: BundleReview[]
  audio: Uint8Array | null
}

export interface RehearsalImportResult {
  callId: string
  /** The WAV's file name inside the recordings folder, or null for a call without audio. */
  audioFile: string | null
  added: { prospects: number; scheduledCalls: number; segments: number; flags: number; notes: number; comments: number; reviews: number }
  /**
   * Context records (prospect, scheduled call, their notes) that already existed
   * here in another version: the local version was kept, not overwritten.
   */
  keptLocal: Array<{ table: 'prospects' | 'scheduled_calls' | 'notes'; id: string }>
}

// ---------------------------------------------------------------- export

/** Builds the .zip bytes for one rehearsal. Throws BundleError when it cannot be exported (yet). */
export function exportRehearsalBundle(store: Store, recordingsDir: string, callId: string, opts: BundleOptions = {}): Uint8Array {
  const call = store.calls.get(callId)
  if (!call) throw new BundleError('not-found', `There is no call ${callId} to export.`)
  if (call.kind !== 'rehearsal') throw new BundleError('not-a-rehearsal', 'Only rehearsals can be exported for a coach.')
  if (call.status === 'recording' || call.endedAt === null) {
    throw new BundleError('not-ready', 'This rehearsal is still recording; stop it before exporting.')
  }
  const segments = store.segments.listForCall(callId)
  if (segments.some((s) => s.status === 'pending')) {
    throw new BundleError('not-ready', 'This rehearsal is still being transcribed; export it when the transcript is complete.')
  }

  const scheduledCall = call.scheduledCallId ? store.scheduledCalls.get(call.scheduledCallId) : undefined
  const prospectIds = [...new Set([call.prospectId, scheduledCall?.prospectId].filter((id): id is string => !!id))]
  const prospects = prospectIds.map((id) => store.prospects.get(id)).filter((p) => p !== undefined)
  const inBundle = new Set<string>([call.id, ...prospects.map((p) => p.id), ...(scheduledCall ? [scheduledCall.id] : [])])
  const notesById = new Map<string, BundleNote>()
  for (const n of [...store.notes.listForCall(callId), ...(scheduledCall ? store.notes.listForScheduledCall(scheduledCall.id) : [])]) {
    // A note that also belongs to something outside the bundle would dangle on import; it stays home.
    if ([n.prospectId, n.scheduledCallId, n.callId].every((ref) => ref === null || inBundle.has(ref))) notesById.set(n.id, n)
  }

  let audio: Uint8Array | null = null
  if (call.audioPath) {
    const file = path.join(recordingsDir, call.audioPath)
    try {
      audio = fs.readFileSync(file)
    } catch (error) {
      throw new BundleError('audio-missing', `The rehearsal's recording (${call.audioPath}) could not be read: ${(error as Error).message}`)
    }
    if (audio.byteLength > AUDIO_MAX) {
      throw new BundleError('entry-too-large', `The recording is ${audio.byteLength} bytes; a bundle can carry at most ${AUDIO_MAX}.`, REHEARSAL_ENTRIES.audio)
    }
  }

  const exportedAt = (opts.now ?? Date.now)()
  const manifest: RehearsalManifest = { format: REHEARSAL_FORMAT, version: BUNDLE_VERSION, exportedAt, callId, hasAudio: audio !== null }
  const json: Array<[string, unknown]> = [
    [REHEARSAL_ENTRIES.manifest, manifest],
    [REHEARSAL_ENTRIES.call, { ...call }],
    [REHEARSAL_ENTRIES.context, { prospects, scheduledCalls: scheduledCall ? [scheduledCall] : [] }],
    // Whether this machine's final tier still has to run stays here: the other machine has no engine queue for it.
    [REHEARSAL_ENTRIES.segments, segments.map(({ id: _localId, finalDue: _localState, ...s }) => s)],
    [REHEARSAL_ENTRIES.flags, store.flags.listForCall(callId, { includeRetracted: true }).map(({ segmentId: _localId, ...f }) => f)],
    [REHEARSAL_ENTRIES.notes, [...notesById.values()]],
    [REHEARSAL_ENTRIES.comments, store.coachComments.listForCall(callId)],
    [REHEARSAL_ENTRIES.reviews, store.reviews.listForCall(callId)],
  ]
  const files = new Map<string, Uint8Array>(json.map(([name, value]) => [name, jsonBytes(value)]))
  if (audio) files.set(REHEARSAL_ENTRIES.audio, audio)
  // The exporter runs the importer's checks: a bundle that would be refused is never written.
  decodeRehearsalEntries(files)
  return writeZip(
    [...files].map(([name, data]) => ({ name, data, store: name === REHEARSAL_ENTRIES.audio })),
    exportedAt,
  )
}

// ---------------------------------------------------------------- validation

/** Reads and checks a rehearsal bundle without touching any store. */
export function readRehearsalBundle(bytes: Uint8Array, opts: BundleOptions = {}): RehearsalBundle {
  const files = readZip(bytes, {
    allowed: new Set(Object.values(REHEARSAL_ENTRIES)),
    limits: { ...DEFAULT_REHEARSAL_LIMITS, ...opts.limits },
  })
  return decodeRehearsalEntries(files)
}

function decodeRehearsalEntries(files: ReadonlyMap<string, Uint8Array>): RehearsalBundle {
  const E = REHEARSAL_ENTRIES
  const manifest = parseManifest(files, REHEARSAL_FORMAT, BUNDLE_VERSION, rehearsalManifestSchema)
  const call = parseEntry(files, E.call, callSchema)
  const context = parseEntry(files, E.context, contextSchema)
  const segments = parseEntry(files, E.segments, segmentsSchema)
  const flags = parseEntry(files, E.flags, flagsSchema)
  const notes = parseEntry(files, E.notes, notesSchema)
  const comments = parseEntry(files, E.comments, commentsSchema)
  const reviews = parseEntry(files, E.reviews, reviewsSchema)

  if (call.id !== manifest.callId) throw inconsistent(E.call, 'id', `is ${call.id} but the manifest is for call ${manifest.callId}`)

  // Context: exactly what the call refers to, nothing more.
  const { prospects, scheduledCalls } = context
  assertUnique(prospects, (p) => p.id, E.context, 'prospects.id')
  const prospectIds = new Set(prospects.map((p) => p.id))
  const sc = scheduledCalls[0]
  if ((call.scheduledCallId ?? undefined) !== sc?.id) {
    throw inconsistent(E.context, 'scheduledCalls', `must hold exactly the call's scheduled call (${call.scheduledCallId ?? 'none'})`)
  }
  if (sc && !prospectIds.has(sc.prospectId)) {
    throw inconsistent(E.context, 'scheduledCalls[0].prospectId', `prospect ${sc.prospectId} is not in the bundle`)
  }
  if (call.prospectId !== null && !prospectIds.has(call.prospectId)) {
    throw inconsistent(E.call, 'prospectId', `prospect ${call.prospectId} is not in the bundle`)
  }
  const referenced = new Set([call.prospectId, sc?.prospectId])
  prospects.forEach((p, i) => {
    if (!referenced.has(p.id)) throw inconsistent(E.context, `prospects[${i}]`, `prospect ${p.id} is not referred to by the call`)
  })

  assertUnique(segments, (s) => s.uid, E.segments, 'uid')
  assertUnique(segments, (s) => s.seq, E.segments, 'seq')
  segments.forEach((s, i) => {
    if (s.callId !== call.id) throw inconsistent(E.segments, `[${i}].callId`, `segment belongs to call ${s.callId}, not ${call.id}`)
  })
  const segmentUids = new Set(segments.map((s) => s.uid))

  assertUnique(flags, (f) => f.id, E.flags, 'id')
  flags.forEach((f, i) => {
    if (f.callId !== call.id) throw inconsistent(E.flags, `[${i}].callId`, `flag belongs to call ${f.callId}, not ${call.id}`)
    if (f.segmentUid !== null && !segmentUids.has(f.segmentUid)) {
      throw inconsistent(E.flags, `[${i}].segmentUid`, `segment ${f.segmentUid} is not in this call's transcript`)
    }
  })

  assertUnique(notes, (n) => n.id, E.notes, 'id')
  notes.forEach((n, i) => {
    if (n.callId !== null && n.callId !== call.id) throw inconsistent(E.notes, `[${i}].callId`, `note belongs to call ${n.callId}, not ${call.id}`)
    if (n.scheduledCallId !== null && n.scheduledCallId !== sc?.id) {
      throw inconsistent(E.notes, `[${i}].scheduledCallId`, `scheduled call ${n.scheduledCallId} is not in the bundle`)
    }
    if (n.prospectId !== null && !prospectIds.has(n.prospectId)) {
      throw inconsistent(E.notes, `[${i}].prospectId`, `prospect ${n.prospectId} is not in the bundle`)
    }
    if (n.callId === null && n.scheduledCallId === null) {
      throw inconsistent(E.notes, `[${i}]`, 'a bundled note must belong to the rehearsal or its scheduled call')
    }
  })

  for (const [entry, rows] of [[E.comments, comments], [E.reviews, reviews]] as const) {
    assertUnique<{ id: string }>(rows, (r) => r.id, entry, 'id')
    rows.forEach((r, i) => {
      if (r.callId !== call.id) throw inconsistent(entry, `[${i}].callId`, `belongs to call ${r.callId}, not ${call.id}`)
    })
  }

  const audio = files.get(E.audio) ?? null
  if (manifest.hasAudio !== (audio !== null)) {
    throw inconsistent(E.manifest, 'hasAudio', manifest.hasAudio ? 'says there is audio but audio.wav is missing' : 'says there is no audio but audio.wav is present')
  }
  if ((call.audioPath !== null) !== (audio !== null)) {
    throw inconsistent(E.call, 'audioPath', audio ? 'is empty but the bundle has audio' : 'names a recording but the bundle has no audio')
  }
  if (audio) {
    let wav
    try {
      wav = parseWav(Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength), E.audio)
    } catch (error) {
      throw new BundleError('invalid-audio', (error as Error).message, E.audio)
    }
    if (wav.sampleRate !== call.sampleRate) {
      throw new BundleError('invalid-audio', `${E.audio} is ${wav.sampleRate} Hz but call.json says ${call.sampleRate} Hz.`, E.audio)
    }
  }

  return { manifest, call, prospects, scheduledCalls, segments, flags, notes, comments, reviews, audio }
}

// ---------------------------------------------------------------- import

/**
 * Validates the whole bundle, then adds it in one transaction and moves the
 * audio into place as the transaction's last step. Either everything is added,
 * or the database and the recordings folder are exactly as before.
 */
export function importRehearsalBundle(
  store: Store,
  recordingsDir: string,
  bytes: Uint8Array,
  opts: BundleOptions = {},
): RehearsalImportResult {
  const b = readRehearsalBundle(bytes, opts)
  const audioFile = b.audio ? `${b.call.id}.wav` : null
  const finalPath = audioFile ? path.join(recordingsDir, audioFile) : null
  const marker = audioFile ? importMarkerPath(recordingsDir, audioFile) : null
  let tempPath: string | null = null
  let renamed = false
  // Every commit of the import reaches the disk before we report success (power loss).
  const releaseSync = store.holdFullSync()
  try {
    // Before writing any audio: an already-imported bundle gets that answer, not "file exists".
    assertCallIsNew(store, b)
    if (b.audio && finalPath && marker && audioFile) {
      // A kill between the rename and the commit of an earlier try left its WAV here with no call: it is ours to replace.
      removeInterruptedImport(store, recordingsDir, audioFile)
      if (fs.existsSync(finalPath)) throw fileExists(audioFile)
      fs.mkdirSync(recordingsDir, { recursive: true })
      tempPath = path.join(recordingsDir, `.${audioFile}.import-${randomUUID()}.tmp`)
      // Every byte, size checked, synced: a short write fails the import instead of committing a half WAV.
      writeNewFileDurably(tempPath, b.audio)
      // Says "this WAV belongs to an import that may not have committed" until it has.
      writeNewFileDurably(marker, new Uint8Array(0))
      fsyncDir(recordingsDir)
    }
    const result = store.transaction((): RehearsalImportResult => {
      const res = applyRehearsal(store, b, audioFile)
      assertContractShapes(store, {
        callId: b.call.id,
        prospectIds: b.prospects.map((p) => p.id),
        scheduledCallIds: b.scheduledCalls.map((s) => s.id),
        noteIds: b.notes.map((n) => n.id),
      })
      if (tempPath && finalPath) {
        // Checked again under the write lock; rename would silently replace a file that appeared meanwhile.
        if (fs.existsSync(finalPath)) throw fileExists(audioFile!)
        fs.renameSync(tempPath, finalPath)
        renamed = true
        fsyncDir(recordingsDir)
      }
      return res
    })
    // Committed: the WAV has its call now.
    if (marker) {
      fs.rmSync(marker, { force: true })
      fsyncDir(recordingsDir)
    }
    return result
  } catch (error) {
    // The transaction rolled back; a file moved into place for it must go too.
    if (renamed && finalPath) fs.rmSync(finalPath, { force: true })
    if (marker) fs.rmSync(marker, { force: true })
    if (error instanceof BundleError) throw error
    throw new BundleError('write-failed', `The rehearsal could not be imported; nothing was changed. (${(error as Error).message})`)
  } finally {
    if (tempPath && !renamed) fs.rmSync(tempPath, { force: true })
    releaseSync()
  }
}

/** Next to `<id>.wav` while its import has not committed. */
export function importMarkerPath(recordingsDir: string, audioFile: string): string {
  return path.join(recordingsDir, `.${audioFile}.importing`)
}

/**
 * Undoes what a killed import left: its temp WAVs, and a WAV moved into place
 * whose transaction never committed (its marker is still there and no call
 * has it). Returns the names removed. Safe at any time no import is running.
 */
export function cleanInterruptedImports(store: Store, recordingsDir: string): string[] {
  if (!fs.existsSync(recordingsDir)) return []
  const removed: string[] = []
  for (const name of fs.readdirSync(recordingsDir)) {
    const temp = /^\.(.+\.wav)\.import-[0-9a-f-]{36}\.tmp$/.exec(name)
    const marked = /^\.(.+\.wav)\.importing$/.exec(name)
    if (temp) {
      fs.rmSync(path.join(recordingsDir, name), { force: true })
      removed.push(name)
    } else if (marked) {
      removed.push(...removeInterruptedImport(store, recordingsDir, marked[1]!))
    }
  }
  if (removed.length) fsyncDir(recordingsDir)
  return removed
}

function removeInterruptedImport(store: Store, recordingsDir: string, audioFile: string): string[] {
  const marker = importMarkerPath(recordingsDir, audioFile)
  if (!fs.existsSync(marker)) return []
  const owned = store.calls.ownsAudio(audioFile)
  const removed: string[] = []
  if (!owned && fs.existsSync(path.join(recordingsDir, audioFile))) {
    fs.rmSync(path.join(recordingsDir, audioFile), { force: true })
    removed.push(audioFile)
  }
  fs.rmSync(marker, { force: true })
  removed.push(path.basename(marker))
  return removed
}

const fileExists = (name: string) =>
  new BundleError('file-exists', `A recording named ${name} already exists in the recordings folder; it was not overwritten.`)


function assertCallIsNew(store: Store, b: RehearsalBundle): void {
  const local = store.calls.get(b.call.id)
  if (!local) return
  // The local file name differs by design; only whether there is audio must match.
  const { audioPath: a, ...mine } = local
  const { audioPath: c, ...theirs } = b.call
  if (sameRecord(mine, theirs) && (a === null) === (c === null)) {
    throw new BundleError('already-imported', `This rehearsal (call ${b.call.id}) was already imported; nothing was changed.`, REHEARSAL_ENTRIES.call)
  }
  throw new BundleError('id-conflict', `${REHEARSAL_ENTRIES.call}: call ${b.call.id} already exists here with different content; nothing was imported.`, REHEARSAL_ENTRIES.call)
}

function applyRehearsal(store: Store, b: RehearsalBundle, audioFile: string | null): RehearsalImportResult {
  const E = REHEARSAL_ENTRIES
  const result: RehearsalImportResult = {
    callId: b.call.id,
    audioFile,
    added: { prospects: 0, scheduledCalls: 0, segments: 0, flags: 0, notes: 0, comments: 0, reviews: 0 },
    keptLocal: [],
  }
  const conflict = (entry: string, what: string, id: string) =>
    new BundleError('id-conflict', `${entry}: ${what} ${id} already exists here with different content; nothing was imported.`, entry)

  assertCallIsNew(store, b)

  /*
   * Context records are shared by every rehearsal of the same scheduled call, so
   * a second rehearsal brings them again, possibly edited since. Same id and same
   * creation (and owner) = the same record: the local copy is kept as is. Same id
   * but a different record = a collision, refused.
   */
  for (const p of b.prospects) {
    const mine = store.prospects.get(p.id)
    if (!mine) {
      store.prospects.importRecord(p)
      result.added.prospects++
    } else if (!sameRecord(mine, p)) {
      if (mine.createdAt !== p.createdAt) throw conflict(E.context, 'prospect', p.id)
      result.keptLocal.push({ table: 'prospects', id: p.id })
    }
  }
  for (const s of b.scheduledCalls) {
    const mine = store.scheduledCalls.get(s.id)
    if (!mine) {
      store.scheduledCalls.importRecord(s)
      result.added.scheduledCalls++
    } else if (!sameRecord(mine, s)) {
      if (mine.createdAt !== s.createdAt || mine.prospectId !== s.prospectId) throw conflict(E.context, 'scheduled call', s.id)
      result.keptLocal.push({ table: 'scheduled_calls', id: s.id })
    }
  }

  store.calls.importRecord({ ...b.call, audioPath: audioFile })

  for (const n of b.notes) {
    const mine = store.notes.get(n.id)
    if (!mine) {
      store.notes.importRecord(n)
      result.added.notes++
    } else if (n.callId !== null) {
      // Owned by the rehearsal, which did not exist here: any existing note with that id is a collision.
      throw conflict(E.notes, 'note', n.id)
    } else if (!sameRecord(mine, n)) {
      if (mine.createdAt !== n.createdAt || mine.scheduledCallId !== n.scheduledCallId || mine.prospectId !== n.prospectId) {
        throw conflict(E.notes, 'note', n.id)
      }
      result.keptLocal.push({ table: 'notes', id: n.id })
    }
  }

  // The call is new here, so none of its parts may exist yet.
  const localSegmentId = new Map<string, number>()
  for (const s of b.segments) {
    if (store.segments.hasUid(s.uid)) throw conflict(E.segments, 'segment', s.uid)
    localSegmentId.set(s.uid, store.segments.importRecord(s))
    result.added.segments++
  }

  for (const f of b.flags) {
    if (store.flags.get(f.id)) throw conflict(E.flags, 'flag', f.id)
    const { segmentUid, ...rest } = f
    store.flags.importRecord({ ...rest, segmentId: segmentUid === null ? null : localSegmentId.get(segmentUid)! })
    result.added.flags++
  }

  for (const c of b.comments) {
    if (store.coachComments.get(c.id)) throw conflict(E.comments, 'comment', c.id)
    store.coachComments.importRecord(c)
    result.added.comments++
  }
  for (const r of b.reviews) {
    if (store.reviews.get(r.id)) throw conflict(E.reviews, 'review', r.id)
    store.reviews.importRecord(r)
    result.added.reviews++
  }
  return result
}
