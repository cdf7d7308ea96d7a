// The Service Center's messages: every area's file merged into one record per language. A new area is
// a file in messages/ (see layout.ts there) and one line below. Keys start with their area's name.
import { locales, type Locale } from './define-messages.ts'
import layout from './messages/layout.ts'
import status from './messages/status.ts'
import overview from './messages/overview.ts'
import login from './messages/login.ts'
import keys from './messages/keys.ts'
import admins from './messages/admins.ts'
import persons from './messages/persons.ts'
import notifications from './messages/notifications.ts'
import results from './messages/results.ts'
import registrations from './messages/registrations.ts'
import accountReviews from './messages/account-reviews.ts'
import logs from './messages/logs.ts'
import settings from './messages/settings.ts'
import regional from './messages/regional.ts'
import connections from './messages/connections.ts'
import courses from './messages/courses.ts'
import form from './messages/form.ts'
import templates from './messages/templates.ts'
import steps from './messages/steps.ts'
import checkItems from './messages/check-items.ts'
import archive from './messages/archive.ts'
import outbox from './messages/outbox.ts'
import personForm from './messages/person-form.ts'
import csvImport from './messages/import.ts'
import check from './messages/check.ts'

const areas = [layout, status, overview, login, keys, admins, persons, notifications, results, registrations, accountReviews, logs, settings, regional, connections, courses, form, templates, steps, checkItems, archive, outbox, personForm, csvImport, check] as const

type Union = (typeof areas)[number]['en']
type Merge<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never
/** The English catalogue's type: every key with its literal text (which types each message's parameters). */
export type EnglishMessages = Merge<Union>
export type MessageKey = keyof EnglishMessages & string

export const catalogue: Record<Locale, Record<MessageKey, string>> = Object.fromEntries(
  locales.map((l) => [l, Object.assign({}, ...areas.map((a) => a[l]))]),
) as Record<Locale, Record<MessageKey, string>>

/** Every area's keys, for the catalogue test (two areas must not define the same key). */
export const areaKeys: readonly string[][] = areas.map((a) => Object.keys(a.en))
