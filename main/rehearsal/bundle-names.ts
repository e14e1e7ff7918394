/** File names for remote-coach bundles: who, when and which attempt, and a suffix that says which kind. */

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
      .slice(0, 40) || 'rehearsal'
  )
}

export const REHEARSAL_BUNDLE_SUFFIX = '.calldesk-rehearsal.zip'
export const REVIEW_BUNDLE_SUFFIX = '.calldesk-review.zip'

/** e.g. Dana-Reyes-2025-03-04-attempt-2.calldesk-rehearsal.zip */
export function rehearsalBundleName(prospectName: string | null, startedAt: number, attempt: number | null): string {
  const day = new Date(startedAt).toISOString().slice(0, 10)
  return `${slug(prospectName ?? 'rehearsal')}-${day}${attempt ? `-attempt-${attempt}` : ''}${REHEARSAL_BUNDLE_SUFFIX}`
}

/** e.g. Dana-Reyes-2025-03-04-review-Coach-Carl.calldesk-review.zip */
export function reviewBundleName(prospectName: string | null, startedAt: number, reviewer: string): string {
  const day = new Date(startedAt).toISOString().slice(0, 10)
  return `${slug(prospectName ?? 'rehearsal')}-${day}-review-${slug(reviewer)}${REVIEW_BUNDLE_SUFFIX}`
}
