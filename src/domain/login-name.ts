// Login names: built from the person by the configured strategy, cleaned to what the LMS accepts, and
// made unique against accounts of *other* persons. The LMS's rules come from its adapter
// (LmsAdapter.loginNameRules: moodleLoginNameRules in lms/moodle/moodle-adapter.ts, LoginNameRules in
// lms/ilias/ilias-login-rules.ts); nothing here knows Moodle or ILIAS.
//
// Decisions (the strategies: "e-mail | first name + prefix + surname | first name (1st) +
// prefix + surname | ExternalID"):
// - No separator between the parts: the strategy is "first name + name prefix + surname", and training
//   administrators know names like "janvanderberg". Spaces are dropped: training administrators expect them filtered out.
// - external-id uses the person's ExternId (the TMS field meant for it), not the PersonId.
// - A collision with another person's account gets a numeric suffix starting at 2 ("jjansen",
//   "jjansen2", "jjansen3"): the second Jan Jansen reads as "jjansen2". For the e-mail strategy the
//   suffix goes before the '@' ("jan2@example.com"), so the name still reads as an address and the
//   domain part stays intact.
import type { LoginNameRules } from '../lms/lms-adapter.ts'
import { transliterate } from './transliterate.ts'

export const loginNameStrategies = [
  'email',
  'firstname-prefix-lastname',
  'initial-prefix-lastname',
  'external-id',
] as const
export type LoginNameStrategy = (typeof loginNameStrategies)[number]

/** The person's values a login name can be built from (already chosen by the field mapping). */
export interface LoginNameSource {
  firstName?: string
  initials?: string
  namePrefix?: string
  lastName: string
  email?: string
  externId?: string | null
}

/** The login name a strategy gives for a person, cleaned by the LMS's rules. May be '' when nothing is left. */
export function buildLoginName(source: LoginNameSource, strategy: LoginNameStrategy, rules: LoginNameRules): string {
  return cleanLoginName(rawLoginName(source, strategy), rules)
}

function rawLoginName(source: LoginNameSource, strategy: LoginNameStrategy): string {
  const prefixAndSurname = `${source.namePrefix ?? ''}${source.lastName}`
  switch (strategy) {
    case 'email':
      return source.email ?? ''
    case 'firstname-prefix-lastname':
      return `${source.firstName ?? ''}${prefixAndSurname}`
    case 'initial-prefix-lastname':
      return `${firstLetter(source.firstName) || firstLetter(source.initials)}${prefixAndSurname}`
    case 'external-id':
      return source.externId ?? ''
  }
}

/** The first letter or digit, transliterated ("Élise" → "E"); '' when there is none. */
function firstLetter(value: string | undefined): string {
  const match = transliterate(value ?? '').match(/[A-Za-z0-9]/)
  return match ? match[0] : ''
}

/** Transliterates, lower-cases when the LMS wants it, drops every refused character, cuts to the maximum length. */
export function cleanLoginName(value: string, rules: LoginNameRules): string {
  const allowed = singleCharacterPattern(rules)
  let text = transliterate(value)
  if (rules.lowercase) text = text.toLowerCase()
  let out = ''
  for (const ch of text) if (allowed.test(ch)) out += ch
  return out.slice(0, rules.maxLength)
}

/** Whether a name already follows the rules (what an adapter checks before a lookup or create). */
export function isCleanLoginName(value: string, rules: LoginNameRules): boolean {
  if (value.length < Math.max(rules.minLength, 1) || value.length > rules.maxLength) return false
  if (rules.lowercase && value !== value.toLowerCase()) return false
  const allowed = singleCharacterPattern(rules)
  for (const ch of value) if (!allowed.test(ch)) return false
  return true
}

// `allowed` matches one character; drop g/y so test() keeps no lastIndex state between calls.
function singleCharacterPattern(rules: LoginNameRules): RegExp {
  return new RegExp(`^(?:${rules.allowed.source})$`, rules.allowed.flags.replace(/[gy]/g, ''))
}

/** How many names one lookup covers by default: the candidate and the suffixes 2..10. */
export const defaultCandidateCount = 10

/**
 * The names to look up in one batch before choosing: the candidate, then candidate2, candidate3, ...
 * (`count` names in all). Each fits the maximum length: the base is shortened to make room for the suffix.
 */
export function loginNameCandidates(candidate: string, rules: LoginNameRules, count = defaultCandidateCount): string[] {
  const names = [candidate]
  for (let suffix = 2; names.length < count; suffix++) names.push(withSuffix(candidate, suffix, rules))
  return names
}

/** `jjansen` → `jjansen2`; `jan@example.com` → `jan2@example.com`. */
export function withSuffix(candidate: string, suffix: number, rules: LoginNameRules): string {
  const digits = String(suffix)
  const at = candidate.lastIndexOf('@')
  const [local, domain] = at > 0 ? [candidate.slice(0, at), candidate.slice(at)] : [candidate, '']
  const room = Math.max(rules.maxLength - domain.length - digits.length, 0)
  return `${local.slice(0, room)}${digits}${domain}`
}

/** The names an LMS answered with and their accounts' external keys, keyed as chooseLoginName reads them (lower-cased). */
export function takenNames(entries: Iterable<readonly [name: string, externalKey: string | null]>): Map<string, string | null> {
  const taken = new Map<string, string | null>()
  for (const [name, key] of entries) taken.set(name.toLowerCase(), key)
  return taken
}

/**
 * Chooses the login name for a person: the candidate itself when it is free or already the person's own
 * account, else the first free suffixed name. `takenBy` maps each looked-up name that exists in the LMS,
 * lower-cased (takenNames), to the external key of its account (null when the account has none, i.e. it is someone
 * else's). Names are compared case-insensitively (ILIAS logins are unique case-insensitively; Moodle's are
 * lower case); the map is the caller's, kept lower-cased once for a whole batch rather than per person.
 *
 * Returns null when every one of the `count` looked-up candidates belongs to someone else: look up the
 * next batch (or ask an administrator) rather than guess that an unchecked name is free.
 */
export function chooseLoginName(
  candidate: string,
  takenBy: ReadonlyMap<string, string | null>,
  ownKey: string,
  rules: LoginNameRules,
  count = defaultCandidateCount,
): string | null {
  for (const name of loginNameCandidates(candidate, rules, count)) {
    const owner = takenBy.get(name.toLowerCase())
    if (owner === undefined || owner === ownKey) return name
  }
  return null
}
