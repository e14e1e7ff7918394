/** What each coaching flag is called on screen, in the overlay and in exports: one wording everywhere. */
import type { FlagKind } from './vocabulary'

export const FLAG_LABELS: Record<FlagKind, string> = {
  'asking-before-giving': 'Asking before giving',
  'closing-too-early': 'Closing too early',
  'empty-check-in': 'Empty check-in',
  'credentials-not-value': 'Credentials, not value',
  'slow-hook': 'Slow hook',
  'talking-too-long': 'Talking too long',
  jargon: 'Jargon',
  'features-not-results': 'Features, not results',
  'no-escape-path': 'No easy way out',
}
