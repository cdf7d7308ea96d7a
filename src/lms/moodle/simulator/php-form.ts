// Form-encoded input as PHP turns it into $_GET / $_POST (main/php_variables.c):
// "users[0][customfields][1][type]=x" becomes nested arrays, numeric keys are integer keys, "[]" appends,
// a later duplicate overwrites, and PHP's max_input_vars silently drops the excess.
// The drop differs by source: for POST bodies PHP registers a variable and only then counts it, so
// max_input_vars + 1 variables survive (recorded: core_user_create_users.batch-520-users kept 5001 of 5203);
// for the query string it counts first and keeps exactly max_input_vars.

export type PhpValue = string | PhpArray
/** A PHP array: ordered, keys as strings (integer keys in decimal form). */
export type PhpArray = Map<string, PhpValue>

export interface ParsedForm {
  values: PhpArray
  /** Variables PHP dropped because of max_input_vars. */
  dropped: number
}

function decode(s: string): string {
  const plain = s.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(plain)
  } catch {
    // PHP's urldecode leaves malformed escapes as they are; decode what can be decoded.
    return plain.replace(/(%[0-9a-fA-F]{2})+/g, (m) => {
      try { return decodeURIComponent(m) } catch { return m }
    })
  }
}

const isIntKey = (k: string): boolean => /^(0|-?[1-9][0-9]*)$/.test(k) && Number.isSafeInteger(Number(k))

function nextIndex(arr: PhpArray): string {
  let next = 0
  for (const k of arr.keys()) if (isIntKey(k)) next = Math.max(next, Number(k) + 1)
  return String(next)
}

/** Splits "a[b][c]" into ["a","b","c"] with PHP's rules for the base name and unclosed brackets. */
function splitName(raw: string): string[] | null {
  let name = raw.replace(/^ +/, '')
  const open = name.indexOf('[')
  let base = open === -1 ? name : name.slice(0, open)
  let rest = open === -1 ? '' : name.slice(open)
  if (rest !== '' && rest.indexOf(']') === -1) {
    // No closing bracket: PHP turns the first "[" into "_" and keeps the rest literally.
    base = base + '_' + rest.slice(1)
    rest = ''
  }
  base = base.replace(/[ .]/g, '_')
  if (base === '') return null
  const parts = [base]
  while (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close === -1) break
    parts.push(rest.slice(1, close))
    rest = rest.slice(close + 1)
  }
  return parts
}

function register(target: PhpArray, parts: string[], value: string): void {
  let arr = target
  for (let i = 0; i < parts.length; i++) {
    let key = parts[i] as string
    if (i > 0 && key === '') key = nextIndex(arr)
    if (isIntKey(key)) key = String(Number(key))
    if (i === parts.length - 1) {
      arr.set(key, value)
      return
    }
    const existing = arr.get(key)
    if (existing instanceof Map) {
      arr = existing
    } else {
      const created: PhpArray = new Map()
      arr.set(key, created)
      arr = created
    }
  }
}

export function parsePhpForm(input: string, maxInputVars: number, source: 'post' | 'get', into?: PhpArray): ParsedForm {
  const values: PhpArray = into ?? new Map()
  const limit = source === 'post' ? maxInputVars + 1 : maxInputVars
  let count = 0
  let dropped = 0
  if (input === '') return { values, dropped }
  for (const pair of input.split('&')) {
    if (pair === '') continue
    if (count >= limit) {
      dropped++
      continue
    }
    const eq = pair.indexOf('=')
    const name = decode(eq === -1 ? pair : pair.slice(0, eq))
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1))
    const parts = splitName(name)
    count++
    if (parts) register(values, parts, value)
  }
  return { values, dropped }
}

/** Convenience for state helpers and tests: a PHP array as plain JS (objects keep key order). */
export function phpToPlain(value: PhpValue): unknown {
  if (typeof value === 'string') return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of value) out[k] = phpToPlain(v)
  return out
}
