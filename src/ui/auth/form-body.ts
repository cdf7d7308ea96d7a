// application/x-www-form-urlencoded bodies, as the UI's forms send them. A repeated name keeps its last
// value (our forms repeat none); names and values are plain strings, never objects.
export function parseFormBody(body: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null)
  for (const [name, value] of new URLSearchParams(body)) out[name] = value
  return out
}
