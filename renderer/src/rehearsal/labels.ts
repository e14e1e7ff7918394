/** Words the rehearsal and review screens share. */
import type { Verdict } from '../../../contract/ipc-contract'

export const VERDICT_LABEL: Record<Verdict, string> = { ready: 'Ready', 'try-again': 'Try again' }
