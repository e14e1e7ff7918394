import { useEffect, useRef, type RefObject } from 'react'

/**
 * A popover or menu closes with Escape (focus back on what opened it) and with
 * a click outside it, as menus do everywhere else.
 *
 * The listeners stay on while the component is mounted and read the latest
 * state when a key or click arrives: a <details> menu is open (its attribute
 * set) before its toggle event reaches React, and an Escape pressed in between
 * must still close it.
 */
export function useDismiss(ref: RefObject<HTMLElement | null>, open: boolean, close: () => void, returnFocus?: () => HTMLElement | null | undefined) {
  const latest = useRef({ open, close, returnFocus })
  latest.current = { open, close, returnFocus }
  useEffect(() => {
    const isOpen = () => latest.current.open || (ref.current instanceof HTMLDetailsElement && ref.current.open)
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || !isOpen()) return
      e.preventDefault()
      latest.current.close()
      latest.current.returnFocus?.()?.focus()
    }
    const onDown = (e: MouseEvent) => {
      if (isOpen() && ref.current && !ref.current.contains(e.target as Node)) latest.current.close()
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('mousedown', onDown)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('mousedown', onDown)
    }
  }, [ref])
}
