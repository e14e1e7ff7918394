/**
 * Plan notes → the overlay's checklist. The rep writes free text; bulleted or
 * numbered lines are the things to do, and headings ("What I gave:") are not.
 * Without any bullets every non-empty line counts, so a plain list still works.
 */
export const MAX_CHECKLIST_ITEMS = 12
const BULLET = /^\s*(?:[-*•]|\d+[.)]|\[[ xX]?\])\s+(.*\S)\s*$/

export function planChecklist(notes: string, max = MAX_CHECKLIST_ITEMS): string[] {
  const lines = notes.split(/\r?\n/)
  const bulleted = lines.map((l) => BULLET.exec(l)?.[1]).filter((l): l is string => !!l)
  const items = bulleted.length ? bulleted : lines.map((l) => l.trim()).filter(Boolean)
  return items.slice(0, max)
}
