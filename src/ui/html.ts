// HTML built from tagged templates: every interpolated value is escaped unless it is already Html
// (made by this tag). Arrays are joined; null, undefined and false render nothing.
export class Html {
  constructor(readonly value: string) {}
  toString() {
    return this.value
  }
}

type Part = Html | string | number | boolean | null | undefined | Date | Part[]

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return ''
  if (part instanceof Html) return part.value
  if (Array.isArray(part)) return part.map(render).join('')
  if (part instanceof Date) return escapeHtml(part.toISOString())
  return escapeHtml(String(part))
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!
  return new Html(out)
}

/** A link target that is safe in href: http(s) only (an LMS admin URL from a check, a login page). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null
  try {
    const u = new URL(url)
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null
  } catch {
    return null
  }
}

/** A date and time as administrators read it: 2025-03-04 13:05 UTC. */
export function when(d: Date | string | null | undefined): string {
  if (!d) return '—'
  const date = typeof d === 'string' ? new Date(d) : d
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}
