// A sentence of the connection check as a message key with parameters (src/ui/i18n/messages/check.ts), so the
// Service Center can say it in the page's language; `english` gives the text the API, the command line and the
// logs read. A parameter is a plain value (an LMS's own words, a name, a number), another sentence, or a list of
// sentences (joined with spaces).
import messages from '../ui/i18n/messages/check.ts'

export type CheckKey = keyof typeof messages.en & string
export type CheckParam = string | number | CheckText | CheckText[]
export interface CheckText {
  key: CheckKey
  params?: Record<string, CheckParam>
}

export function say(key: CheckKey, params?: Record<string, CheckParam>): CheckText {
  return params ? { key, params } : { key }
}

/** Renders a sentence from a table of messages by key; `value` renders each plain parameter (by its name). */
export function renderCheckText<T>(
  text: CheckText, table: Record<string, string>, value: (name: string, v: string) => T, join: (parts: (T | string)[]) => T,
): T {
  const template = table[text.key] ?? messages.en[text.key] ?? text.key
  const parts: (T | string)[] = []
  for (const piece of template.split(/(\{\w+\})/)) {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1]
    const p = name === undefined ? undefined : text.params?.[name]
    if (name === undefined || p === undefined) parts.push(piece)
    else if (Array.isArray(p)) parts.push(join(p.flatMap((x, i) => (i === 0 ? [renderCheckText(x, table, value, join)] : [' ', renderCheckText(x, table, value, join)]))))
    else if (typeof p === 'object') parts.push(renderCheckText(p, table, value, join))
    else parts.push(value(name, String(p)))
  }
  return join(parts)
}

/** The sentence in English. */
export function english(text: CheckText): string {
  return renderCheckText<string>(text, messages.en, (_name, v) => v, (parts) => parts.join(''))
}
