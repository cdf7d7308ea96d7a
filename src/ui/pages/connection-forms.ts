// Connection forms → the inputs the connection service takes (the same zod schemas as the API), and
// the field mapping form with its live login-name example.
import { z } from 'zod'
import { connectionCreateSchema, connectionUpdateSchema } from '../../services/connection-input.ts'
import { fieldMappingSchema, toAccountData, type FieldMapping } from '../../domain/field-mapping.ts'
import type { LoginNameRules } from '../../lms/lms-adapter.ts'
import type { Person } from '../../domain/person.ts'
import { loginNameStrategies } from '../../domain/login-name.ts'
import { freeFieldNames } from '../../domain/person.ts'
import { errorsByField, type FieldErrors } from '../form-fields.ts'

export type ConnectionType = z.output<typeof connectionCreateSchema>['type']

/** Which credential and setting fields each connection type asks for. */
export const typeFields: Record<ConnectionType, { credentials: readonly ('token' | 'client' | 'username' | 'password')[]; settings: readonly ('sandboxLms' | 'sandboxMoodleVersion' | 'iliasUserFolderRefId' | 'iliasGlobalRole' | 'accountMatching')[] }> = {
  // ILIAS matches accounts by external key only (no e-mail lookup): no account-matching choice.
  moodle: { credentials: ['token'], settings: ['accountMatching'] },
  ilias: { credentials: ['client', 'username', 'password'], settings: ['iliasUserFolderRefId', 'iliasGlobalRole'] },
  sandbox: { credentials: [], settings: ['sandboxLms', 'sandboxMoodleVersion', 'accountMatching'] },
}

const blankToUndefined = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v)

function picked<K extends string>(f: Record<string, string>, prefix: string, keys: readonly K[]) {
  const out: Partial<Record<K, string>> = {}
  for (const key of keys) {
    const v = blankToUndefined(f[`${prefix}.${key}`])
    if (v !== undefined) out[key] = v
  }
  return out
}

/** The page's language, for saying a refused field's problem in it (errorsByField). */
type FormI18n = Parameters<typeof errorsByField>[1]

export function parseConnectionCreate(f: Record<string, string>, i18n?: FormI18n):
  | { ok: true; input: z.output<typeof connectionCreateSchema> }
  | { ok: false; errors: FieldErrors } {
  const type = (f.type ?? '') as ConnectionType
  const fields = typeFields[type] ?? { credentials: [], settings: [] }
  const r = connectionCreateSchema.safeParse({
    name: f.name ?? '',
    type,
    baseUrl: type === 'sandbox' ? undefined : (f.baseUrl ?? ''),
    environment: f.environment,
    active: f.active === 'on',
    credentials: picked(f, 'credentials', fields.credentials),
    settings: picked(f, 'settings', fields.settings),
  })
  return r.success ? { ok: true, input: r.data } : { ok: false, errors: errorsByField(r.error.issues, i18n) }
}

/** Credentials are write-only: a blank field keeps the stored value. */
export function parseConnectionUpdate(f: Record<string, string>, type: ConnectionType, currentSettings: Record<string, unknown>, i18n?: FormI18n):
  | { ok: true; input: z.output<typeof connectionUpdateSchema> }
  | { ok: false; errors: FieldErrors } {
  const fields = typeFields[type]
  const credentials = picked(f, 'credentials', fields.credentials)
  const r = connectionUpdateSchema.safeParse({
    name: f.name ?? '',
    ...(type === 'sandbox' ? {} : { baseUrl: f.baseUrl ?? '' }),
    environment: f.environment,
    active: f.active === 'on',
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
    settings: { ...currentSettings, ...editableSettings(type).reduce((o, k) => ({ ...o, [k]: undefined }), {}), ...picked(f, 'settings', editableSettings(type)) },
  })
  return r.success ? { ok: true, input: r.data } : { ok: false, errors: errorsByField(r.error.issues, i18n) }
}

/** Settings an edit may change; which LMS (and Moodle version) a sandbox simulates is fixed once its simulator runs. */
export const editableSettings = (type: ConnectionType) => typeFields[type].settings.filter((k) => k !== 'sandboxLms' && k !== 'sandboxMoodleVersion')

export function parseMapping(f: Record<string, string>, i18n?: FormI18n): { ok: true; mapping: FieldMapping } | { ok: false; errors: FieldErrors } {
  const r = fieldMappingSchema.safeParse({
    externalKey: f['mapping.externalKey'],
    loginNameStrategy: f['mapping.loginNameStrategy'],
    emailSource: f['mapping.emailSource'],
    namePrefix: f['mapping.namePrefix'],
    customFields: picked(f, 'mapping.customFields', freeFieldNames),
    iliasExtras: f['mapping.iliasExtras'] === 'on',
  })
  if (r.success) return { ok: true, mapping: r.data }
  const errors = errorsByField(r.error.issues, i18n)
  return { ok: false, errors: Object.fromEntries(Object.entries(errors).map(([k, v]) => [`mapping.${k}`, v])) }
}

/** The example person of the live example; the administrator may type another name. */
export function examplePerson(f: { firstName?: string; namePrefix?: string; lastName?: string } = {}): Person {
  const cut = (v: string | undefined, fallback: string, max: number) => (v === undefined ? fallback : v.trim().slice(0, max))
  return {
    personId: '1001',
    externId: 'TMS-1001',
    firstName: cut(f.firstName, 'Zoë', 100),
    namePrefix: cut(f.namePrefix, 'van der', 30),
    lastName: cut(f.lastName, 'Berg', 100) || 'Berg',
    initials: 'Z.',
    email1: 'zoe.vanderberg@example.com',
    email2: 'zoe@home.example',
    email3: 'z.berg@work.example',
    freeField1: 'Utrecht office',
  }
}

/** What the account of the example person would hold: the same domain function the reconcile job uses. */
export function loginNameExample(person: Person, mapping: FieldMapping, rules: LoginNameRules) {
  const account = toAccountData(person, mapping, rules)
  return {
    loginName: account.loginName,
    firstName: account.firstName,
    lastName: account.lastName,
    email: account.email,
    externalKey: account.externalKey,
    fields: account.fields,
  }
}
