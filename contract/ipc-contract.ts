/**
 * The one IPC contract: every channel between the renderer and main, with zod
 * schemas for what goes in and what comes out. Main (handler registration),
 * preload (the bridge), the renderer (types) and the test host all derive from
 * this file, so a channel cannot exist in one place and not the others.
 *
 * Each feature's schemas and channels live in contract/channels/<feature>.ts
 * and the enumerations in contract/vocabulary.ts; this index assembles the
 * channel map and re-exports everything under the names importers use.
 */
import type { z } from 'zod'
import { bundleChannels } from './channels/bundle'
import { callChannels } from './channels/calls'
import { debriefChannels } from './channels/debrief'
import { eventContract } from './channels/events'
import { exportChannels } from './channels/export'
import { modelChannels } from './channels/model'
import { noteChannels } from './channels/notes'
import { overlayChannels } from './channels/overlay'
import { prospectChannels } from './channels/prospects'
import { recordingChannels } from './channels/recording'
import { rehearsalChannels } from './channels/rehearsal'
import { scheduleChannels } from './channels/schedule'
import { settingsChannels } from './channels/settings'
import { teamChannels } from './channels/team'

export * from './channels/bundle'
export * from './channels/calls'
export * from './channels/common'
export * from './channels/debrief'
export * from './channels/errors'
export * from './channels/events'
export * from './channels/export'
export * from './channels/model'
export * from './channels/notes'
export * from './channels/overlay'
export * from './channels/prospects'
export * from './channels/recording'
export * from './channels/rehearsal'
export * from './channels/schedule'
export * from './channels/settings'
export * from './channels/team'

// ---------- invoke channels (renderer → main, with a reply) ----------

export const invokeContract = {
  ...settingsChannels,
  ...callChannels,
  ...recordingChannels,
  ...prospectChannels,
  ...noteChannels,
  ...debriefChannels,
  ...scheduleChannels,
  ...exportChannels,
  ...rehearsalChannels,
  ...bundleChannels,
  ...teamChannels,
  ...overlayChannels,
  ...modelChannels,
} as const

/**
 * What the overlay window may call: its own state, its plan, the current call
 * and "Not relevant". Main refuses every other channel from it.
 */
export const OVERLAY_INVOKE_NAMES = ['getOverlayState', 'setOverlayState', 'getOverlayPlan', 'listCalls', 'dismissFlag'] as const satisfies readonly (keyof typeof invokeContract)[]

// ---------- derived types ----------

export type InvokeContract = typeof invokeContract
export type InvokeName = keyof InvokeContract
export type InvokeInput<K extends InvokeName> = z.input<InvokeContract[K]['input']>
export type InvokeParsedInput<K extends InvokeName> = z.output<InvokeContract[K]['input']>
export type InvokeOutput<K extends InvokeName> = z.output<InvokeContract[K]['output']>

export type EventContract = typeof eventContract
export type EventName = keyof EventContract
export type EventPayload<K extends EventName> = z.output<EventContract[K]['payload']>

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
