/** The prompt overlay: its window state, layout and the plan checklist it shows. */
import { z } from 'zod'
import { OVERLAY_SIZES } from '../vocabulary'
import { Id, NoInput } from './common'
import { CoachPoints } from './rehearsal'

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
  .object({ size: z.enum(OVERLAY_SIZES).optional(), resetPosition: z.literal(true).optional() })
  .strict()
export type OverlayLayout = z.infer<typeof OverlayLayout>

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

export const overlayChannels = {
  getOverlayPlan: { channel: 'overlay:get-plan', input: NoInput, output: OverlayPlan.nullable() },
  getOverlayState: { channel: 'overlay:get-state', input: NoInput, output: OverlayState },
  setOverlayState: { channel: 'overlay:set-state', input: OverlayState.partial().strict(), output: OverlayState },
  setOverlayLayout: { channel: 'overlay:set-layout', input: OverlayLayout, output: OverlayState },
} as const
