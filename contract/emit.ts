import type { EventName, EventPayload } from './ipc-contract'

/** How services tell the UI something happened; Electron and the test host each deliver it their way. */
export type Emit = <K extends EventName>(event: K, payload: EventPayload<K>) => void
