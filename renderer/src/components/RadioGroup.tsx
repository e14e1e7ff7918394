/**
 * A row of toggle buttons that acts as one radio group: one tab stop, arrow
 * keys move the choice (as the ARIA radio group pattern asks), Home/End jump.
 */
import { useRef, type KeyboardEvent } from 'react'

export function RadioGroup<T extends string>({
  label,
  value,
  options,
  onChange,
  className = 'role-toggle',
  buttonClass = () => '',
}: {
  label: string
  /** Null: nothing chosen yet (the first option takes the tab stop). */
  value: T | null
  options: ReadonlyArray<{ value: T; label: string }>
  onChange(value: T): void
  className?: string
  buttonClass?: (value: T) => string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: KeyboardEvent) => {
    const i = options.findIndex((o) => o.value === value)
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? (i + 1) % options.length
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? (i - 1 + options.length) % options.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? options.length - 1
              : -1
    if (next < 0) return
    e.preventDefault()
    onChange(options[next]!.value)
    ref.current?.querySelectorAll<HTMLButtonElement>('[role="radio"]')[next]?.focus()
  }
  return (
    <div ref={ref} className={className} role="radiogroup" aria-label={label} onKeyDown={onKeyDown}>
      {options.map((o, idx) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={value === o.value}
          tabIndex={value === o.value || (idx === 0 && !options.some((x) => x.value === value)) ? 0 : -1}
          className={`btn small ${buttonClass(o.value)} ${value === o.value ? 'on' : ''}`}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </button>
      ))}
    </div>
  )
}
