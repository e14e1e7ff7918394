import type { Page } from 'playwright-core'

/** Types lines into the call screen's practice box, each sent with Enter, as a rep would. */
export async function typePracticeLines(page: Page, ...lines: string[]): Promise<void> {
  const box = page.getByLabel('Practice line')
  for (const line of lines) {
    await box.fill(line)
    await box.press('Enter')
  }
}
