import { describe, expect, it } from 'vitest'
import { useStore } from './helpers'

const { store, clockStart: T } = useStore()

describe('prospects repository', () => {
  it('create → get round-trips every field, with generated id and timestamps', () => {
    const created = store().prospects.create({
      name: 'Dana Reyes',
      company: 'Acme',
      title: 'VP Ops',
      phone: '+1 555 0100',
      email: 'dana@acme.test',
    })
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(created).toEqual({
      id: created.id,
      name: 'Dana Reyes',
      company: 'Acme',
      title: 'VP Ops',
      phone: '+1 555 0100',
      email: 'dana@acme.test',
      status: 'active',
      statusReason: null,
      createdAt: T,
      updatedAt: T,
    })
    expect(store().prospects.get(created.id)).toEqual(created)
  })

  it('keeps a caller-supplied id (import) and optional fields default to null', () => {
    const id = '11111111-2222-4333-8444-555555555555'
    const p = store().prospects.create({ id, name: 'Lee', status: 'not-now', statusReason: 'budget in Q3' })
    expect(store().prospects.get(id)).toMatchObject({ id, company: null, email: null, status: 'not-now', statusReason: 'budget in Q3' })
    expect(() => store().prospects.create({ id, name: 'Dup' })).toThrow(/UNIQUE/)
    expect(p.id).toBe(id)
  })

  it('get returns undefined for an unknown id', () => {
    expect(store().prospects.get('nope')).toBeUndefined()
  })

  it('list is alphabetical, case-insensitive, filterable by status and pageable', () => {
    const { prospects } = store()
    prospects.create({ name: 'charlie' })
    prospects.create({ name: 'Alice' })
    prospects.create({ name: 'bob', status: 'dead' })
    expect(prospects.list().map((p) => p.name)).toEqual(['Alice', 'bob', 'charlie'])
    expect(prospects.list({ status: 'dead' }).map((p) => p.name)).toEqual(['bob'])
    expect(prospects.list({ limit: 1, offset: 1 }).map((p) => p.name)).toEqual(['bob'])
  })

  it('update changes only the given fields; null clears; unknown id gives undefined', () => {
    const { prospects } = store()
    const p = prospects.create({ name: 'Dana', company: 'Acme', phone: '1' })
    const updated = prospects.update(p.id, { company: 'Globex', phone: null })
    expect(updated).toEqual({ ...p, company: 'Globex', phone: null, updatedAt: T + 1000 })
    expect(prospects.get(p.id)).toEqual(updated)
    expect(prospects.update('nope', { name: 'x' })).toBeUndefined()
    expect(() => prospects.update(p.id, { name: '  ' })).toThrow(/CHECK/)
  })

  it('setStatus records the reason and clears it when omitted', () => {
    const { prospects } = store()
    const p = prospects.create({ name: 'Dana' })
    expect(prospects.setStatus(p.id, 'not-now', 'call back in March')).toMatchObject({
      status: 'not-now',
      statusReason: 'call back in March',
      updatedAt: T + 1000,
    })
    expect(prospects.setStatus(p.id, 'active')).toMatchObject({ status: 'active', statusReason: null })
    expect(prospects.get(p.id)?.status).toBe('active')
    expect(prospects.setStatus('nope', 'dead')).toBeUndefined()
    // @ts-expect-error — the CHECK constraint is the last line of defence against bad input
    expect(() => prospects.setStatus(p.id, 'lost')).toThrow(/CHECK/)
  })

  it('delete removes the prospect and reports whether it existed', () => {
    const { prospects } = store()
    const p = prospects.create({ name: 'Dana' })
    expect(prospects.delete(p.id)).toBe(true)
    expect(prospects.get(p.id)).toBeUndefined()
    expect(prospects.delete(p.id)).toBe(false)
  })
})
