/**
 * The one IPC contract: every channel between the renderer and main, with zod
 * schemas for what goes in and what comes out. Main (handler registration),
 * preload (the bridge), the renderer (types) and the test host all derive from
 * this file, so a channel cannot exist in one place and not the others.
 */
import { z } from 'zod'
import { FLAG_KINDS, FLAG_TIERS } from './vocabulary'

// ---------- shared domain schemas ----------

export const Id = z.string().uuid()
export const EpochMs = z.number().int().nonnegative()

export const CallKind = z.enum(['live', 'rehearsal'])
export const CallStatus = z.enum(['recording', 'completed', 'interrupted', 'failed'])
export const SegmentStatus = z.enum(['pending', 'done', 'failed'])
export type CallKind = z.infer<typeof CallKind>
export type CallStatus = z.infer<typeof CallStatus>

export const CallSummary = z.object({
  id: Id,
  kind: CallKind,
  status: CallStatus,
  startedAt: EpochMs,
  endedAt: EpochMs.nullable(),
  durationMs: z.number().int().nonnegative().nullable(),
  prospectName: z.string().nullable(),
  deviceLabel: z.string().nullable(),
  segmentCount: z.number().int().nonnegative(),
  hasAudio: z.boolean(),
  /** The rep's own name for the call; null (or absent, from older senders) for the default. */
  title: z.string().max(200).nullable().optional(),
})
export type CallSummary = z.infer<typeof CallSummary>

/** How a call was made: a real call, a rehearsal out loud, or a typed script check. */
export const CallMode = z.enum(['call', 'rehearsal', 'script-check'])
export type CallMode = z.infer<typeof CallMode>

/** A row of the call list: what tells calls apart, and the line that matched a search. */
export const CallListItem = CallSummary.extend({
  mode: CallMode,
  flagCount: z.number().int().nonnegative(),
  /** The same length the debrief's header shows (typed lines count to their estimated end); null while recording. */
  lengthMs: z.number().int().nonnegative().nullable(),
  /** The first matching line, the matched words between \u0002 and \u0003; null without a search or when the name matched. */
  match: z.object({ text: z.string(), atMs: z.number().int().nonnegative() }).nullable(),
})
export type CallListItem = z.infer<typeof CallListItem>

export const Segment = z.object({
  id: z.number().int().positive(),
  callId: Id,
  seq: z.number().int().nonnegative(),
  startMs: z.number().int().nonnegative(),
  endMs: z.number().int().nonnegative(),
  text: z.string(),
  status: SegmentStatus,
  source: z.enum(['speech', 'typed']),
  error: z.string().nullable(),
  /** 'provisional': decoded live; 'final': re-decoded at full context after the turn (typed lines are final). */
  tier: z.enum(['provisional', 'final']).optional(),
})
export type Segment = z.infer<typeof Segment>

// The coach owns the list of flag kinds (pure data, no I/O); the contract validates against it.
export const FlagKind = z.enum(FLAG_KINDS)

export const Flag = z.object({
  id: Id,
  callId: Id,
  segmentId: z.number().int().positive().nullable(),
  kind: FlagKind,
  evidence: z.string(),
  /** One line for the overlay (at most 60 characters). */
  prompt: z.string().max(60),
  explanation: z.string(),
  /** When in the call it was raised: the end of the segment that triggered it. */
  atMs: z.number().int().nonnegative(),
  dismissedAt: EpochMs.nullable(),
  /** Shown live, then not supported by the utterance's whole or final text: kept, shown struck through. */
  retractedAt: EpochMs.nullable().optional(),
  /** How sure the coach is (0..1). */
  confidence: z.number().min(0).max(1).optional(),
  /** 'confident': shown in the live overlay; 'possible': only in the debrief, marked as possible. */
  tier: z.enum(FLAG_TIERS).optional(),
})
export type Flag = z.infer<typeof Flag>

export const Prospect = z.object({
  id: Id,
  name: z.string(),
  company: z.string().nullable(),
  status: z.enum(['active', 'not-now', 'dead']),
})
export type Prospect = z.infer<typeof Prospect>

export const CallDetail = z.object({
  call: CallSummary,
  segments: z.array(Segment),
  flags: z.array(Flag),
  /** URL the renderer can put in an <audio> element; null when no audio was kept. */
  audioUrl: z.string().nullable(),
})
export type CallDetail = z.infer<typeof CallDetail>

export const ModelEntry = z.object({
  fileName: z.string(),
  label: z.string(),
  bytes: z.number().int().positive(),
  installed: z.boolean(),
  isDefault: z.boolean(),
})

export const ModelStatus = z.object({
  state: z.enum(['ready', 'missing', 'invalid', 'downloading']),
  /** A sentence a rep can act on when state is not ready. */
  message: z.string().nullable(),
  path: z.string().nullable(),
  source: z.enum(['settings', 'env', 'app-data']).nullable(),
  catalog: z.array(ModelEntry),
})
export type ModelStatus = z.infer<typeof ModelStatus>

export const OverlayBounds = z.object({
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int().min(200).max(4000),
  height: z.number().int().min(60).max(4000),
})

export const OverlayState = z.object({
  visible: z.boolean(),
  /** Only the current prompt, no history or plan. */
  collapsed: z.boolean(),
  /** Clicks go through to the window below (the dialer). */
  clickThrough: z.boolean(),
})
export type OverlayState = z.infer<typeof OverlayState>

/** The overlay's size from settings, or back to its default spot (top right of the main display). */
export const OverlayLayout = z
  .object({ size: z.enum(['small', 'default', 'large']).optional(), resetPosition: z.literal(true).optional() })
  .strict()
export type OverlayLayout = z.infer<typeof OverlayLayout>

export const Settings = z.object({
  /** An explicit model file chosen by the user; overrides the app-data model. */
  modelPath: z.string().min(1).max(4096).optional(),
  /** The last microphone picked (MediaDeviceInfo.deviceId). */
  microphoneId: z.string().max(512).optional(),
  /** Where the rep last left the overlay. */
  overlayBounds: OverlayBounds.optional(),
  overlayCollapsed: z.boolean().optional(),
  overlayClickThrough: z.boolean().optional(),
  /** Who is using Call Desk here, and as what: every comment records both. */
  profile: z.lazy(() => Profile).optional(),
  /** The global start/stop shortcut (an Electron accelerator); the default when absent. */
  toggleCallShortcut: z.lazy(() => Accelerator).optional(),
})
export type Settings = z.infer<typeof Settings>

/**
 * An Electron accelerator such as "CommandOrControl+Shift+K": modifiers, then
 * one key. Checked here so a bad value never reaches globalShortcut.
 */
export const Accelerator = z
  .string()
  .max(64)
  .regex(
    /^(?:(?:CommandOrControl|CmdOrCtrl|Command|Cmd|Control|Ctrl|Alt|Option|AltGr|Shift|Super|Meta)\+)+(?:[A-Z0-9]|F(?:[1-9]|1[0-9]|2[0-4])|Space|Tab|Backspace|Delete|Insert|Home|End|PageUp|PageDown|Up|Down|Left|Right|Plus|[`\-=\[\]\\;',./])$/,
    'must be modifiers and one key, e.g. CommandOrControl+Shift+K',
  )

/** Whether the global shortcut is in place; when it is not, the rep is told why and can pick another. */
export const ShortcutStatus = z.object({
  accelerator: z.string(),
  registered: z.boolean(),
  /** Why not, in words the rep can act on; null when registered. */
  message: z.string().nullable(),
})
export type ShortcutStatus = z.infer<typeof ShortcutStatus>

/** The call being recorded now, so a reloaded page can pick it up again (resume sending audio from nextSeq). */
export const ActiveCall = z.object({
  callId: z.string().uuid(),
  kind: z.enum(['live', 'rehearsal']),
  startedAt: z.number().int().nonnegative(),
  /** The next audio frame seq main will accept (frames at or below the last one are dropped). */
  nextSeq: z.number().int().nonnegative(),
})
export type ActiveCall = z.infer<typeof ActiveCall>

export const AppInfo = z.object({
  version: z.string(),
  dataDir: z.string(),
  platform: z.string(),
  recordingSampleRate: z.literal(16000),
})

// ---------- after the call: debrief, plan, prospect, schedule ----------

export const ProspectStatus = z.enum(['active', 'not-now', 'dead'])

/** A prospect with what the prospect page needs beyond the picker's fields. */
export const ProspectProfile = Prospect.extend({
  statusReason: z.string().nullable(),
  title: z.string().nullable(),
  createdAt: EpochMs,
})
export type ProspectProfile = z.infer<typeof ProspectProfile>

export const ScheduledCallStatus = z.enum(['scheduled', 'done', 'cancelled'])

export const ScheduledCall = z.object({
  id: Id,
  prospectId: Id,
  prospectName: z.string(),
  prospectCompany: z.string().nullable(),
  scheduledAt: EpochMs,
  status: ScheduledCallStatus,
  /** Recap and opener, edited by the rep; its bulleted lines are the overlay's checklist. */
  planNotes: z.string(),
  rehearsalNotes: z.string(),
})
export type ScheduledCall = z.infer<typeof ScheduledCall>

const LongText = z.string().max(20_000)

/** What the rep writes after the call. */
export const DebriefNotes = z.object({
  wentWell: LongText,
  toChange: LongText,
  /** The real reason they did not buy; null when it does not apply. */
  noBuyReason: LongText.nullable(),
  nextStep: LongText,
})
export type DebriefNotes = z.infer<typeof DebriefNotes>

const Ms = z.number().int().nonnegative()

export const DebriefFigures = z.object({
  talkMs: Ms,
  longestMonologueMs: Ms,
  longestMonologueAtMs: Ms.nullable(),
  probesBeforeFirstGive: z.number().int().nonnegative(),
  firstGiveMs: Ms.nullable(),
  firstCommitmentAskMs: Ms.nullable(),
  flagCount: z.number().int().nonnegative(),
  flagsByKind: z.record(z.string(), z.number().int().nonnegative()),
  promptsDismissed: z.number().int().nonnegative(),
})
export type DebriefFigures = z.infer<typeof DebriefFigures>

export const Timeline = z.object({
  durationMs: z.number().nonnegative(),
  binMs: z.number().nonnegative(),
  /** Share of each equal slice of the call the rep spent talking. */
  talk: z.array(z.number().min(0).max(1)),
  flags: z.array(z.object({ atMs: Ms, kind: z.string(), dismissed: z.boolean() })),
})
export type Timeline = z.infer<typeof Timeline>

export const Debrief = z.object({
  detail: CallDetail,
  /** Null until the rep saves one. */
  notes: DebriefNotes.extend({ updatedAt: EpochMs }).nullable(),
  figures: DebriefFigures,
  timeline: Timeline,
  prospect: ProspectProfile.nullable(),
  /** The scheduled call this call was made for, if any. */
  scheduledCall: ScheduledCall.nullable(),
  /** The prospect's next still-scheduled call, if one exists. */
  nextScheduledCall: ScheduledCall.nullable(),
})
export type Debrief = z.infer<typeof Debrief>

export const PlanDraft = z.object({
  text: z.string(),
  recap: z.object({ given: z.array(z.string()), asked: z.array(z.string()), agreed: z.array(z.string()) }),
  opener: z.array(z.string()),
})
export type PlanDraft = z.infer<typeof PlanDraft>

export const Note = z.object({
  id: Id,
  kind: z.enum(['general', 'recap', 'plan', 'rehearsal']),
  body: z.string(),
  createdAt: EpochMs,
})
export type Note = z.infer<typeof Note>

/** One entry of a prospect's history; `at` orders them. */
export const HistoryItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call'), at: EpochMs, call: CallSummary, flagCount: z.number().int().nonnegative() }),
  z.object({ type: z.literal('debrief'), at: EpochMs, callId: Id, notes: DebriefNotes }),
  z.object({ type: z.literal('note'), at: EpochMs, note: Note }),
])
export type HistoryItem = z.infer<typeof HistoryItem>

export const ProspectPage = z.object({
  prospect: ProspectProfile,
  /** Calls, debriefs and notes, oldest first. */
  history: z.array(HistoryItem),
  scheduled: z.array(ScheduledCall),
  nextScheduledCall: ScheduledCall.nullable(),
})
export type ProspectPage = z.infer<typeof ProspectPage>

export const Schedule = z.object({
  overdue: z.array(ScheduledCall),
  today: z.array(ScheduledCall),
  thisWeek: z.array(ScheduledCall),
  later: z.array(ScheduledCall),
})
export type Schedule = z.infer<typeof Schedule>

// ---------- rehearsals and coach review ----------

export const ProfileRole = z.enum(['rep', 'coach'])
export type ProfileRole = z.infer<typeof ProfileRole>
export const Profile = z.object({ name: z.string().trim().min(1).max(100), role: ProfileRole }).strict()
export type Profile = z.infer<typeof Profile>

export const Verdict = z.enum(['ready', 'try-again'])
export type Verdict = z.infer<typeof Verdict>

export const CoachComment = z.object({
  id: Id,
  callId: Id,
  /** Where in the rehearsal it is pinned; null for the whole rehearsal. */
  atMs: z.number().int().nonnegative().nullable(),
  author: z.string(),
  role: ProfileRole,
  body: z.string(),
  createdAt: EpochMs,
})
export type CoachComment = z.infer<typeof CoachComment>

export const Review = z.object({ id: Id, callId: Id, reviewer: z.string(), verdict: Verdict, summary: z.string(), createdAt: EpochMs })
export type Review = z.infer<typeof Review>

/** The coach's key points for the overlay: the latest verdict, its summary and comments, clipped short. */
export const CoachPoints = z.object({
  reviewer: z.string(),
  verdict: Verdict,
  attempt: z.number().int().positive(),
  summary: z.string(),
  comments: z.array(z.object({ atMs: z.number().int().nonnegative().nullable(), body: z.string() })),
})
export type CoachPoints = z.infer<typeof CoachPoints>

/** The plan of the scheduled call now being made, as the overlay's checklist. */
export const OverlayPlan = z.object({
  scheduledCallId: Id,
  prospectName: z.string(),
  items: z.array(z.string()),
  rehearsalItems: z.array(z.string()),
  /** The coach's review of the latest reviewed rehearsal of this call; null when there is none. */
  coach: CoachPoints.nullable().optional(),
})
export type OverlayPlan = z.infer<typeof OverlayPlan>

export const ExportFile = z.object({
  fileName: z.string().regex(/^[\w.-]+$/),
  mimeType: z.enum(['text/markdown', 'application/json']),
  content: z.string(),
})
export type ExportFile = z.infer<typeof ExportFile>

export const RehearsalAttempt = z.object({
  call: CallSummary,
  /** 1 for the first rehearsal of the scheduled call. */
  attempt: z.number().int().positive(),
  flagCount: z.number().int().nonnegative(),
  flagsByKind: z.record(z.string(), z.number().int().nonnegative()),
  commentCount: z.number().int().nonnegative(),
  /** The verdict that stands for this attempt. */
  review: Review.nullable(),
})
export type RehearsalAttempt = z.infer<typeof RehearsalAttempt>

/** What the rep sees in the plan: every attempt, and the coach's latest feedback with its comments. */
export const Rehearsals = z.object({
  scheduledCallId: Id,
  attempts: z.array(RehearsalAttempt),
  feedback: z
    .object({ attempt: z.number().int().positive(), callId: Id, review: Review, comments: z.array(CoachComment) })
    .nullable(),
})
export type Rehearsals = z.infer<typeof Rehearsals>

export const ReviewQueueItem = z.object({
  call: CallSummary,
  scheduledCall: ScheduledCall,
  attempt: z.number().int().positive(),
  flagCount: z.number().int().nonnegative(),
  /** The verdict on an earlier attempt of the same call, when this is a retry. */
  previousVerdict: Verdict.nullable(),
})
export type ReviewQueueItem = z.infer<typeof ReviewQueueItem>

/** One rehearsal as the coach (or the rep) reviews it: call, transcript, flags, audio, comments, verdicts. */
export const RehearsalReview = z.object({
  detail: CallDetail,
  scheduledCall: ScheduledCall.nullable(),
  attempt: z.number().int().positive().nullable(),
  comments: z.array(CoachComment),
  /** Oldest first; the last one stands. */
  reviews: z.array(Review),
})
export type RehearsalReview = z.infer<typeof RehearsalReview>

/** A bundle written where the user chose; saved is false when they cancelled the dialog. */
export const BundleSaved = z.object({ saved: z.boolean(), fileName: z.string().nullable() })
export type BundleSaved = z.infer<typeof BundleSaved>

export const BundleImported = z.object({
  callId: Id,
  prospectName: z.string().nullable(),
  segments: z.number().int().nonnegative(),
  flags: z.number().int().nonnegative(),
  hasAudio: z.boolean(),
  /** Context records (prospect, scheduled call, notes) already here in another version: ours were kept. */
  keptLocal: z.number().int().nonnegative(),
})
export const ReviewMerged = z.object({
  callId: Id,
  scheduledCallId: Id.nullable(),
  addedComments: z.number().int().nonnegative(),
  addedReviews: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
})

// ---------- team server (issue 15) ----------

/** Team sync as the settings screen shows it; the token itself never comes back to the renderer. */
export const TeamSyncState = z.object({
  enabled: z.boolean(),
  serverUrl: z.string().nullable(),
  hasToken: z.boolean(),
  autoShare: z.object({ rehearsals: z.boolean(), debriefs: z.boolean(), plans: z.boolean() }),
  pending: z.number().int().nonnegative(),
  sent: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  lastError: z.string().nullable(),
  /** Who the server says the token is, after the last successful round; null before. */
  identity: z.object({ name: z.string(), role: z.enum(['rep', 'coach', 'manager']), team: z.string() }).nullable(),
  lastSyncAt: EpochMs.nullable(),
})
export type TeamSyncState = z.infer<typeof TeamSyncState>

export const TeamSyncReport = z.object({
  offline: z.boolean(),
  sent: z.number().int().nonnegative(),
  refused: z.number().int().nonnegative(),
  waiting: z.number().int().nonnegative(),
  addedReviews: z.number().int().nonnegative(),
  addedComments: z.number().int().nonnegative(),
  imported: z.number().int().nonnegative(),
  errors: z.array(z.string()),
})
export type TeamSyncReport = z.infer<typeof TeamSyncReport>

export const TeamQueueItem = z.object({
  callId: Id,
  repName: z.string(),
  prospectName: z.string().nullable(),
  attempt: z.number().int().positive().nullable(),
  startedAt: EpochMs,
  durationMs: z.number().int().nonnegative().nullable(),
  flagCount: z.number().int().nonnegative(),
  previousVerdict: Verdict.nullable(),
  /** Already pulled onto this computer, so it opens in Coach review. */
  onThisComputer: z.boolean(),
})
export type TeamQueueItem = z.infer<typeof TeamQueueItem>

export const TeamWeekFigures = z.object({
  weekStart: EpochMs,
  calls: z.number().int().nonnegative(),
  flagsPerCallByKind: z.record(z.string(), z.number().nonnegative()),
  rehearsals: z.number().int().nonnegative(),
  rehearsalsReviewed: z.number().int().nonnegative(),
  medianFirstGiveMs: z.number().int().nonnegative().nullable(),
})
export const TeamFiguresDto = z.object({ team: z.string(), weeks: z.array(TeamWeekFigures) })
export type TeamFiguresDto = z.infer<typeof TeamFiguresDto>

// PCM frames: 16 kHz mono s16le, at most 1 s per frame, whole samples only.
export const MAX_FRAME_BYTES = 32_000
export const PcmFrame = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'PCM frame must be binary (Uint8Array)' })
  .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_FRAME_BYTES, {
    message: `PCM frame must be 1..${MAX_FRAME_BYTES} bytes`,
  })
  .refine((b) => b.byteLength % 2 === 0, { message: 'PCM frame must hold whole 16-bit samples' })

// ---------- invoke channels (renderer → main, with a reply) ----------

const NoInput = z.undefined()

export const invokeContract = {
  getAppInfo: { channel: 'app:get-info', input: NoInput, output: AppInfo },
  getSettings: { channel: 'settings:get', input: NoInput, output: Settings },
  updateSettings: { channel: 'settings:update', input: Settings.partial().strict(), output: Settings },

  listCalls: {
    channel: 'calls:list',
    input: z
      .object({
        limit: z.number().int().min(1).max(500).default(100),
        offset: z.number().int().min(0).default(0),
      })
      .strict()
      .optional(),
    output: z.array(CallSummary),
  },
  getCall: { channel: 'calls:get', input: z.object({ callId: Id }).strict(), output: CallDetail },
  /** The call list: search across transcripts and names (every word, as a prefix), filters, pages. */
  searchCalls: {
    channel: 'calls:search',
    input: z
      .object({
        query: z.string().max(200).optional(),
        mode: CallMode.optional(),
        prospectId: Id.optional(),
        limit: z.number().int().min(1).max(200).default(50),
        offset: z.number().int().min(0).default(0),
      })
      .strict(),
    output: z.object({ items: z.array(CallListItem), total: z.number().int().nonnegative() }),
  },
  /** An empty title goes back to the default name. */
  renameCall: {
    channel: 'calls:rename',
    input: z.object({ callId: Id, title: z.string().max(200) }).strict(),
    output: CallSummary,
  },
  /** Deletes the call with its transcript, flags, notes and audio file. Not while it records. */
  deleteCall: { channel: 'calls:delete', input: z.object({ callId: Id }).strict(), output: z.object({ callId: Id }) },
  /** Puts a call's untranscribed speech back in line (e.g. it was recorded before a model was installed). */
  retranscribeCall: {
    channel: 'calls:retranscribe',
    input: z.object({ callId: Id }).strict(),
    output: z.object({ queued: z.number().int().nonnegative() }),
  },
  startCall: {
    channel: 'calls:start',
    input: z
      .object({
        kind: CallKind.default('live'),
        deviceLabel: z.string().max(512).optional(),
        prospectId: Id.optional(),
        /** Makes this the scheduled call: the recording is linked to it and its plan goes to the overlay. */
        scheduledCallId: Id.optional(),
      })
      .strict(),
    output: z.object({ callId: Id, startedAt: EpochMs, sampleRate: z.literal(16000) }),
  },
  stopCall: { channel: 'calls:stop', input: z.object({ callId: Id }).strict(), output: CallSummary },
  pushAudio: {
    channel: 'calls:push-audio',
    input: z.object({ callId: Id, seq: z.number().int().nonnegative(), pcm: PcmFrame }).strict(),
    output: z.object({ acceptedBytes: z.number().int().nonnegative() }),
  },

  /** A line the rep types or pastes (script check, practice): it takes the same path as speech. */
  addPracticeLine: {
    channel: 'calls:add-practice-line',
    input: z.object({ callId: Id, text: z.string().trim().min(1).max(2000) }).strict(),
    output: Segment,
  },
  /** "Not relevant": the prompt leaves the overlay and the debrief counts it. */
  dismissFlag: { channel: 'flags:dismiss', input: z.object({ flagId: Id }).strict(), output: Flag },

  listProspects: { channel: 'prospects:list', input: NoInput, output: z.array(Prospect) },
  createProspect: {
    channel: 'prospects:create',
    input: z.object({ name: z.string().trim().min(1).max(200), company: z.string().trim().max(200).optional() }).strict(),
    output: Prospect,
  },

  getDebrief: { channel: 'debrief:get', input: z.object({ callId: Id }).strict(), output: Debrief },
  saveDebrief: {
    channel: 'debrief:save',
    input: z
      .object({
        callId: Id,
        wentWell: LongText.default(''),
        toChange: LongText.default(''),
        noBuyReason: LongText.nullable().default(null),
        nextStep: LongText.default(''),
      })
      .strict(),
    output: DebriefNotes.extend({ updatedAt: EpochMs }),
  },
  /** A recap of the call and the playbook's opener, to edit into the next call's plan. */
  draftPlan: { channel: 'plan:draft', input: z.object({ callId: Id }).strict(), output: PlanDraft },
  scheduleCall: {
    channel: 'schedule:create',
    input: z
      .object({
        prospectId: Id,
        scheduledAt: EpochMs,
        planNotes: LongText.default(''),
        rehearsalNotes: LongText.default(''),
      })
      .strict(),
    output: ScheduledCall,
  },
  getScheduledCall: { channel: 'schedule:get', input: z.object({ scheduledCallId: Id }).strict(), output: ScheduledCall },
  savePlan: {
    channel: 'schedule:save-plan',
    input: z
      .object({
        scheduledCallId: Id,
        scheduledAt: EpochMs.optional(),
        planNotes: LongText.optional(),
        rehearsalNotes: LongText.optional(),
        status: ScheduledCallStatus.optional(),
      })
      .strict(),
    output: ScheduledCall,
  },
  listSchedule: {
    channel: 'schedule:list',
    input: z.object({ now: EpochMs.optional() }).strict(),
    output: Schedule,
  },
  listAllProspects: { channel: 'prospects:list-all', input: NoInput, output: z.array(ProspectProfile) },
  getProspect: { channel: 'prospects:get', input: z.object({ prospectId: Id }).strict(), output: ProspectPage },
  renameProspect: {
    channel: 'prospects:rename',
    input: z.object({ prospectId: Id, name: z.string().trim().min(1).max(200), company: z.string().trim().max(200).optional() }).strict(),
    output: ProspectProfile,
  },
  /** Deletes the prospect, their scheduled calls and notes; their calls are kept, without a prospect. */
  deleteProspect: { channel: 'prospects:delete', input: z.object({ prospectId: Id }).strict(), output: z.object({ prospectId: Id }) },
  editNote: {
    channel: 'notes:edit',
    input: z.object({ noteId: Id, body: z.string().trim().min(1).max(20_000) }).strict(),
    output: Note,
  },
  deleteNote: { channel: 'notes:delete', input: z.object({ noteId: Id }).strict(), output: z.object({ noteId: Id }) },
  setProspectStatus: {
    channel: 'prospects:set-status',
    input: z
      .object({ prospectId: Id, status: ProspectStatus, reason: z.string().trim().max(2000).optional() })
      .strict()
      .refine((v) => v.status === 'active' || !!v.reason, {
        message: 'Say why: a prospect marked "not now" or "dead" needs the reason',
        path: ['reason'],
      }),
    output: ProspectProfile,
  },
  addProspectNote: {
    channel: 'prospects:add-note',
    input: z.object({ prospectId: Id, body: z.string().trim().min(1).max(20_000) }).strict(),
    output: Note,
  },
  /** A call's transcript and flags, or its debrief, as a file the renderer saves or copies. */
  exportCall: {
    channel: 'export:call',
    input: z.object({ callId: Id, what: z.enum(['call', 'debrief']), format: z.enum(['markdown', 'json']) }).strict(),
    output: ExportFile,
  },
  getOverlayPlan: { channel: 'overlay:get-plan', input: NoInput, output: OverlayPlan.nullable() },

  /** Every rehearsal of a scheduled call (attempts to compare) and the coach's latest feedback. */
  listRehearsals: { channel: 'rehearsals:list', input: z.object({ scheduledCallId: Id }).strict(), output: Rehearsals },
  /** The coach's queue: rehearsals with no review yet, newer than the last reviewed attempt. */
  listReviewQueue: { channel: 'review:queue', input: NoInput, output: z.array(ReviewQueueItem) },
  getRehearsalReview: { channel: 'review:get', input: z.object({ callId: Id }).strict(), output: RehearsalReview },
  /** Author and role come from the profile in settings, not from the page. */
  addComment: {
    channel: 'review:add-comment',
    input: z
      .object({ callId: Id, atMs: z.number().int().nonnegative().nullable().default(null), body: z.string().trim().min(1).max(4000) })
      .strict(),
    output: CoachComment,
  },
  submitReview: {
    channel: 'review:submit',
    input: z.object({ callId: Id, verdict: Verdict, summary: z.string().trim().min(1).max(4000) }).strict(),
    output: Review,
  },
  /** Remote coach: each opens a save or open dialog in main (the renderer never handles paths or the bytes). */
  exportRehearsalBundle: { channel: 'bundle:export-rehearsal', input: z.object({ callId: Id }).strict(), output: BundleSaved },
  importRehearsalBundle: { channel: 'bundle:import-rehearsal', input: NoInput, output: BundleImported.nullable() },
  exportReviewBundle: { channel: 'bundle:export-review', input: z.object({ callId: Id }).strict(), output: BundleSaved },
  mergeReviewBundle: { channel: 'bundle:merge-review', input: NoInput, output: ReviewMerged.nullable() },

  /** Team server: off until the rep turns it on; nothing is sent that the rep did not choose to share. */
  getTeamSync: { channel: 'team:get', input: NoInput, output: TeamSyncState },
  updateTeamSync: {
    channel: 'team:update',
    input: z
      .object({
        enabled: z.boolean().optional(),
        serverUrl: z.string().trim().url().max(2000).nullable().optional(),
        token: z.string().trim().regex(/^cdt_[A-Za-z0-9_-]{43}$/, 'a team token looks like cdt_ followed by 43 characters').nullable().optional(),
        autoShare: z.object({ rehearsals: z.boolean(), debriefs: z.boolean(), plans: z.boolean() }).strict().optional(),
      })
      .strict(),
    output: TeamSyncState,
  },
  shareWithTeam: {
    channel: 'team:share',
    input: z.object({ kind: z.enum(['rehearsal', 'debrief', 'plan']), id: Id }).strict(),
    output: TeamSyncState,
  },
  syncTeamNow: { channel: 'team:sync', input: NoInput, output: TeamSyncReport },
  /** A coach's queue across the team, as the server has it. */
  getTeamQueue: { channel: 'team:queue', input: NoInput, output: z.array(TeamQueueItem) },
  getTeamFigures: { channel: 'team:figures', input: z.object({ weeks: z.number().int().min(1).max(52).default(8) }).strict(), output: TeamFiguresDto },

  getOverlayState: { channel: 'overlay:get-state', input: NoInput, output: OverlayState },
  setOverlayState: { channel: 'overlay:set-state', input: OverlayState.partial().strict(), output: OverlayState },
  setOverlayLayout: { channel: 'overlay:set-layout', input: OverlayLayout, output: OverlayState },

  getModelStatus: { channel: 'model:status', input: NoInput, output: ModelStatus },
  downloadModel: {
    channel: 'model:download',
    input: z.object({ fileName: z.string().regex(/^ggml-[\w.-]+\.bin$/) }).strict(),
    output: ModelStatus,
  },
  cancelModelDownload: { channel: 'model:cancel-download', input: NoInput, output: ModelStatus },
  /** Opens a file picker in main (the sandboxed renderer never sees paths) and imports the chosen file. */
  importModel: { channel: 'model:import', input: NoInput, output: ModelStatus },
  /**
   * Opens a file picker in main for a model to use in place (settings.modelPath). Only a path
   * chosen here is accepted by settings:update, so the page cannot probe arbitrary files.
   */
  chooseModelPath: { channel: 'model:choose-path', input: NoInput, output: z.object({ path: z.string() }).nullable() },
  /** The call recording now (after a reload or a renderer crash); null when none. */
  getActiveCall: { channel: 'recording:active', input: NoInput, output: ActiveCall.nullable() },
  /** Whether the global start/stop shortcut could be registered (change it with settings:update toggleCallShortcut). */
  getShortcutStatus: { channel: 'shortcut:status', input: NoInput, output: ShortcutStatus },
} as const

/**
 * What the overlay window may call: its own state, its plan, the current call
 * and "Not relevant". Main refuses every other channel from it.
 */
export const OVERLAY_INVOKE_NAMES = ['getOverlayState', 'setOverlayState', 'getOverlayPlan', 'listCalls', 'dismissFlag'] as const satisfies readonly (keyof typeof invokeContract)[]
/** The events main sends the overlay window. */
export const OVERLAY_EVENT_NAMES = ['overlayState', 'overlayPlan', 'callState', 'flag'] as const

// ---------- events (main → renderer) ----------

export const eventContract = {
  segment: { channel: 'event:segment', payload: Segment },
  callState: { channel: 'event:call-state', payload: CallSummary },
  flag: { channel: 'event:flag', payload: Flag },
  /** A prompt already shown was retracted (the whole utterance, or its final text, does not support it). */
  flagRetracted: { channel: 'event:flag-retracted', payload: z.object({ callId: Id, flagId: Id, retractedAt: EpochMs }).strict() },
  overlayState: { channel: 'event:overlay-state', payload: OverlayState },
  /** The plan checklist for the call now running; null when it ends or has no plan. */
  overlayPlan: { channel: 'event:overlay-plan', payload: OverlayPlan.nullable() },
  /** A global shortcut was pressed (the window may not have focus). */
  shortcut: { channel: 'event:shortcut', payload: z.object({ action: z.enum(['toggle-call']) }) },
  /** The global shortcut was (re)registered, or could not be: show it and let the rep pick another. */
  shortcutStatus: { channel: 'event:shortcut-status', payload: ShortcutStatus },
  /**
   * A prospect was added or its status changed (created on the call screen, status set on the
   * prospect page, brought in by an import), so lists of prospects reload. prospectId is null
   * when an import added several.
   */
  prospectsChanged: { channel: 'event:prospects-changed', payload: z.object({ prospectId: Id.nullable() }).strict() },
  modelStatus: { channel: 'event:model-status', payload: ModelStatus },
  modelProgress: {
    channel: 'event:model-progress',
    payload: z.object({
      fileName: z.string(),
      receivedBytes: z.number().nonnegative(),
      totalBytes: z.number().nonnegative(),
      bytesPerSecond: z.number().nonnegative(),
    }),
  },
  engineState: {
    channel: 'event:engine-state',
    payload: z.object({
      state: z.enum(['idle', 'loading', 'ready', 'transcribing', 'error']),
      message: z.string().nullable(),
      queued: z.number().int().nonnegative(),
    }),
  },
} as const

// ---------- derived types ----------

export type InvokeContract = typeof invokeContract
export type InvokeName = keyof InvokeContract
export type InvokeInput<K extends InvokeName> = z.input<InvokeContract[K]['input']>
export type InvokeParsedInput<K extends InvokeName> = z.output<InvokeContract[K]['input']>
export type InvokeOutput<K extends InvokeName> = z.output<InvokeContract[K]['output']>

export type EventContract = typeof eventContract
export type EventName = keyof EventContract
export type EventPayload<K extends EventName> = z.output<EventContract[K]['payload']>

export const ErrorCode = z.enum(['validation', 'not-found', 'conflict', 'model', 'forbidden', 'internal'])
export type ErrorCode = z.infer<typeof ErrorCode>

export const IpcErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** For validation errors: where and what, e.g. "pcm: PCM frame must hold whole 16-bit samples". */
  issues: z.array(z.string()).optional(),
})
export type IpcErrorShape = z.infer<typeof IpcErrorShape>

/**
 * Every invoke reply is an envelope. Electron rewrites thrown errors into
 * "Error invoking remote method …" strings; an envelope keeps code and issues intact.
 */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: IpcErrorShape }

/** The typed API the preload exposes as `window.callDesk` (and the test host's browser bridge mirrors). */
export type CallDeskApi = {
  [K in InvokeName]: undefined extends InvokeInput<K>
    ? (input?: InvokeInput<K>) => Promise<InvokeOutput<K>>
    : (input: InvokeInput<K>) => Promise<InvokeOutput<K>>
} & {
  on<K extends EventName>(event: K, listener: (payload: EventPayload<K>) => void): () => void
}

export const invokeNames = Object.keys(invokeContract) as InvokeName[]
export const eventNames = Object.keys(eventContract) as EventName[]

export function channelToInvokeName(channel: string): InvokeName | undefined {
  return invokeNames.find((name) => invokeContract[name].channel === channel)
}
