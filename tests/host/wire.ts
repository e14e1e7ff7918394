/**
 * JSON wire format shared by the test host and its browser bridge. PCM frames
 * are Uint8Arrays, which JSON cannot carry, so they travel as base64 and are
 * revived as Uint8Array before the dispatcher validates them — exactly what
 * Electron's structured clone delivers to ipcMain.
 */
export type WireRequest = { id: number; channel: string; input?: unknown }
export type WireReply = { id: number; reply: unknown }
export type WireEvent = { event: string; payload: unknown }

const BYTES = '$bytes'

function toBase64(bytes: Uint8Array): string {
  if (typeof Buffer !== 'undefined') return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

function fromBase64(b64: string): Uint8Array {
  if (typeof Buffer !== 'undefined') return new Uint8Array(Buffer.from(b64, 'base64'))
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

export function encode(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (v instanceof Uint8Array ? { [BYTES]: toBase64(v) } : v))
}

export function decode(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Record<string, unknown>)[BYTES] === 'string'
      ? fromBase64((v as Record<string, string>)[BYTES]!)
      : v,
  )
}
