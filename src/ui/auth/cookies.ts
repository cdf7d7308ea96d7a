// Reading the Cookie header and writing Set-Cookie, without a dependency (RFC 6265 §4.1, §5.2).
export interface CookieOptions {
  maxAgeSeconds?: number
  httpOnly?: boolean
  secure?: boolean
  sameSite?: 'Strict' | 'Lax'
  path?: string
}

/** Name → value of every cookie in the header; the first of duplicate names wins, broken pairs are skipped. */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  if (!header) return out
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq <= 0) continue
    const name = pair.slice(0, eq).trim()
    let value = pair.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if (name === '' || name in out) continue
    try {
      out[name] = decodeURIComponent(value)
    } catch {
      // A value that is not valid percent-encoding is not one of ours.
    }
  }
  return out
}

const tokenChars = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

export function serializeCookie(name: string, value: string, o: CookieOptions = {}): string {
  if (!tokenChars.test(name)) throw new Error(`invalid cookie name ${JSON.stringify(name)}`)
  const parts = [`${name}=${encodeURIComponent(value)}`, `Path=${o.path ?? '/'}`]
  if (o.maxAgeSeconds !== undefined) parts.push(`Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`)
  if (o.httpOnly ?? true) parts.push('HttpOnly')
  if (o.secure) parts.push('Secure')
  parts.push(`SameSite=${o.sameSite ?? 'Lax'}`)
  return parts.join('; ')
}
