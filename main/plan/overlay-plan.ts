/**
 * Which plan the overlay shows: set when a scheduled call starts, cleared when
 * it stops. Kept in main (not the overlay page) so an overlay window opened or
 * reloaded mid-call still gets it.
 */
import type { OverlayPlan } from '../../contract/ipc-contract'
import type { Emit } from '../../contract/emit'
import type { ScheduledCallSummary } from '../store'
import { planChecklist } from './checklist'

export function overlayPlanFor(s: ScheduledCallSummary): OverlayPlan {
  return {
    scheduledCallId: s.id,
    prospectName: s.prospectName,
    items: planChecklist(s.planNotes),
    rehearsalItems: planChecklist(s.rehearsalNotes),
  }
}

export class OverlayPlanBoard {
  private current: { callId: string; plan: OverlayPlan } | undefined

  constructor(private readonly emit: Emit) {}

  get plan(): OverlayPlan | null {
    return this.current?.plan ?? null
  }

  show(callId: string, plan: OverlayPlan): void {
    this.current = { callId, plan }
    this.emit('overlayPlan', plan)
  }

  /** Only the call that put the plan up takes it down. */
  clear(callId: string): void {
    if (this.current?.callId !== callId) return
    this.current = undefined
    this.emit('overlayPlan', null)
  }
}
