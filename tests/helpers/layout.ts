/**
 * Layout checks run in the page: nothing may stick out of its card sideways
 * (the window would scroll or clip it), and the page itself never scrolls
 * sideways. Content inside a scroll container is that container's business,
 * as long as the container itself stays inside the card.
 */
import type { Page } from 'playwright-core'

export interface Overflow {
  what: string
  card: string
  by: number
}

/** Every element outside its card (`.card`, or the overlay) by more than a pixel; plus sideways page scroll. */
export async function findOverflows(page: Page, opts: { vertical?: boolean } = {}): Promise<Overflow[]> {
  return page.evaluate(({ vertical }) => {
    const out: Array<{ what: string; card: string; by: number }> = []
    const describe = (el: Element) => {
      const id = el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? ''
      const text = (el.textContent ?? '').trim().slice(0, 40)
      return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().replace(/\s+/g, '.') : ''}${id ? `[${id}]` : ''} "${text}"`
    }
    const clips = (el: Element, axis: 'x' | 'y') => {
      const s = getComputedStyle(el)
      const v = axis === 'x' ? s.overflowX : s.overflowY
      return v === 'auto' || v === 'scroll' || v === 'hidden' || v === 'clip'
    }
    const root = document.documentElement
    if (root.scrollWidth > window.innerWidth + 1) out.push({ what: 'the page scrolls sideways', card: 'window', by: root.scrollWidth - window.innerWidth })
    for (const card of Array.from(document.querySelectorAll('.card, .overlay'))) {
      const c = card.getBoundingClientRect()
      if (c.width === 0 || c.height === 0) continue
      for (const el of Array.from(card.querySelectorAll('*'))) {
        const r = el.getBoundingClientRect()
        if (r.width === 0 || r.height === 0) continue
        // Inside a scroll or clip container below the card: judged by that container, which is itself checked.
        let clipped = false
        for (let p = el.parentElement; p && p !== card; p = p.parentElement) {
          if (clips(p, 'x') && (!vertical || clips(p, 'y'))) {
            clipped = true
            break
          }
        }
        if (clipped) continue
        const by = Math.max(r.right - c.right, c.left - r.left, vertical ? Math.max(r.bottom - c.bottom, c.top - r.top) : 0)
        if (by > 1) out.push({ what: describe(el), card: describe(card).slice(0, 60), by: Math.round(by) })
      }
    }
    return out
  }, { vertical: opts.vertical ?? false })
}
