// Translating the Service Center: the locale of a request (see localeOf in ../ui-context.ts), and
// t / th / tn to look messages up.
//
// Messages are plain text with named parameters in braces: 'Retry {name}'. t gives a string (the html
// tag escapes it like any other value); th gives Html, for a message whose parameters hold markup (a link
// inside a sentence, so each language keeps its own word order).
import { escapeHtml, Html } from '../html.ts'
import { catalogue, type EnglishMessages, type MessageKey } from './catalogue.ts'
import { locales, type Locale } from './define-messages.ts'

export { locales, type Locale, type MessageKey }

/** Names of the parameters in a message text: 'Hello {name}, {n}' → 'name' | 'n'. */
type ParamsOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}` ? P | ParamsOf<Rest> : never
type Value = string | number
type ArgsOf<K extends MessageKey, V> = [ParamsOf<EnglishMessages[K]>] extends [never] ? [] : [params: Record<ParamsOf<EnglishMessages[K]>, V>]

/** The keys that exist as `<base>.one` and `<base>.other`, for tn. */
type PluralBase<K> = K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never
export type PluralKey = PluralBase<MessageKey>
/** The keys of messages without parameters: a key chosen at run time from a table must be one. */
type PlainOf<K> = K extends MessageKey ? ([ParamsOf<EnglishMessages[K]>] extends [never] ? K : never) : never
export type PlainKey = PlainOf<MessageKey>
type PluralArgs<B extends PluralKey> = [Exclude<ParamsOf<EnglishMessages[`${B}.other` & MessageKey]>, 'count'>] extends [never] ? [] : [params: Record<Exclude<ParamsOf<EnglishMessages[`${B}.other` & MessageKey]>, 'count'>, Value>]

export interface Translator {
  locale: Locale
  /** The message as text, parameters filled in. */
  t<K extends MessageKey>(key: K, ...params: ArgsOf<K, Value>): string
  /** The message as Html: its text escaped, parameters that are Html inserted as they are. */
  th<K extends MessageKey>(key: K, ...params: ArgsOf<K, Value | Html>): Html
  /** `<key>.one` or `<key>.other` by the language's plural rules, with {count} filled in. */
  tn<B extends PluralKey>(key: B, count: number, ...params: PluralArgs<B>): string
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

/** The best of our languages for an Accept-Language header ("nl-NL,nl;q=0.9,en;q=0.8"); null when it names none. */
export function browserLocale(header: string | undefined): Locale | null {
  if (!header) return null
  const ranked = header.split(',').map((part, i) => {
    const [tag = '', ...attrs] = part.trim().split(';')
    const q = attrs.map((a) => /^\s*q=([\d.]+)\s*$/.exec(a)?.[1]).find(Boolean)
    return { lang: tag.trim().toLowerCase().split('-')[0]!, q: q === undefined ? 1 : Number(q), i }
  }).filter((x) => x.q > 0).sort((a, b) => b.q - a.q || a.i - b.i)
  return ranked.find((x) => isLocale(x.lang))?.lang as Locale | undefined ?? null
}

function fill(text: string, params: Record<string, Value | Html> | undefined, asHtml: boolean): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!params || !Object.hasOwn(params, name)) return whole
    const v = params[name]!
    if (v instanceof Html) return asHtml ? v.value : v.value.replace(/<[^>]*>/g, '')
    return asHtml ? escapeHtml(String(v)) : String(v)
  })
}

export function translator(locale: Locale): Translator {
  const messages = catalogue[locale]
  const english = catalogue.en
  const text = (key: MessageKey) => messages[key] ?? english[key] ?? key
  const plural = new Intl.PluralRules(locale)
  return {
    locale,
    t: (key, ...params) => fill(text(key), params[0] as Record<string, Value> | undefined, false),
    th: (key, ...params) => {
      const p = params[0] as Record<string, Value | Html> | undefined
      return new Html(text(key).split(/(\{\w+\})/).map((part) => /^\{\w+\}$/.test(part) ? fill(part, p, true) : escapeHtml(part)).join(''))
    },
    tn: (key, count, ...params) => {
      const form = plural.select(count) === 'one' ? 'one' : 'other'
      return fill(text(`${key}.${form}` as MessageKey), { ...(params[0] as Record<string, Value> | undefined), count }, false)
    },
  }
}
