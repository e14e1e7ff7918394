/** IPC handlers for the prompt overlay: its window state and layout, and the plan it shows. */
import type { OverlayController } from '../../live/overlay-controller'
import type { OverlayPlanBoard } from '../../plan/overlay-plan'
import type { Handlers } from '../dispatch'

export interface OverlayDeps {
  overlay: OverlayController
  planBoard: OverlayPlanBoard
}

export function overlayHandlers({ overlay, planBoard }: OverlayDeps): Pick<Handlers, 'getOverlayState' | 'setOverlayState' | 'setOverlayLayout' | 'getOverlayPlan'> {
  return {
    getOverlayState: () => overlay.state(),
    setOverlayState: (patch) => overlay.set(patch),
    setOverlayLayout: (layout) => overlay.layout(layout),
    getOverlayPlan: () => planBoard.plan,
  }
}
