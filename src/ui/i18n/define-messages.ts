// One area's messages in the three languages side by side: English is the source of the keys, Dutch and
// German are complete records of the same keys (a missing or extra key is a type error here, and the
// catalogue test fails on it too, as tests may run without the typecheck).
import { languages, type Language } from '../../domain/language.ts'

export const locales = languages
export type Locale = Language

export function defineMessages<const E extends Record<string, string>>(m: {
  en: E
  nl: { [K in keyof E]: string }
  de: { [K in keyof E]: string }
}): { en: E; nl: Record<keyof E, string>; de: Record<keyof E, string> } {
  return m
}
