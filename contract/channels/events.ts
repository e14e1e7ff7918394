/** Events main sends the renderer (no reply). */
import { z } from 'zod'
import { ENGINE_STATES, SHORTCUT_ACTIONS } from '../vocabulary'
import { EpochMs, Id } from './common'
import { CallSummary, Flag, Segment } from './calls'
import { ModelStatus } from './model'
import { OverlayPlan, OverlayState } from './overlay'
import { ShortcutStatus } from './settings'

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
  shortcut: { channel: 'event:shortcut', payload: z.object({ action: z.enum(SHORTCUT_ACTIONS) }) },
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
      state: z.enum(ENGINE_STATES),
      message: z.string().nullable(),
      queued: z.number().int().nonnegative(),
    }),
  },
} as const

/** The events main sends the overlay window. */
export const OVERLAY_EVENT_NAMES = ['overlayState', 'overlayPlan', 'callState', 'flag'] as const
