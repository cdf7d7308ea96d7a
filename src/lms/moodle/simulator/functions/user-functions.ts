// core_user_create_users, core_user_update_users, core_user_get_users_by_field
// after user/externallib.php of Moodle 4.5.6 (paulkennethsq1/hrsq1, see contracts README "Provenance").
import { requireCapability, validateContext, type CallContext, type WsFunction } from '../call-context.ts'
import { codingError, dmlWrite, invalidParameter, MoodleException, moodleException } from '../moodle-exceptions.ts'
import { cleanParam, multiple, optional, single, value, withDefault, type Description } from '../param-validation.ts'
import { passwordPolicyErrors } from '../password-policy.ts'
import { generatedPassword, newUserMailTranscript } from '../debug-smtp.ts'
import type { SimUser } from '../state.ts'
import { userDetails } from '../user-details.ts'
import {
  changeEmail, changeIdnumber, emailTakenCaseInsensitive, insertUser, removeUser, renameUser, setPassword,
  usersByField,
} from '../user-records.ts'

const keyValueList = (keyType: 'alphanumext' | 'raw'): Description =>
  multiple(single({ type: value(keyType), value: value('raw') }), optional)

// create_users_parameters(): key order matters, it is the order in which missing keys are reported.
const createUserFields: Record<string, Description> = {
  createpassword: value('bool', optional),
  username: value('username'),
  auth: value('auth', withDefault('manual')),
  password: value('raw', optional),
  firstname: value('notags'),
  lastname: value('notags'),
  email: value('raw_trimmed'),
  maildisplay: value('int', optional),
  city: value('text', optional),
  country: value('alpha', optional),
  timezone: value('timezone', optional),
  description: value('raw', optional),
  firstnamephonetic: value('notags', optional),
  lastnamephonetic: value('notags', optional),
  middlename: value('notags', optional),
  alternatename: value('notags', optional),
  interests: value('text', optional),
  idnumber: value('raw', withDefault('')),
  institution: value('text', optional),
  department: value('text', optional),
  phone1: value('notags', optional),
  phone2: value('notags', optional),
  address: value('text', optional),
  lang: value('lang', withDefault('en')),
  calendartype: value('plugin', withDefault('gregorian')),
  theme: value('theme', optional),
  mailformat: value('int', optional),
  customfields: keyValueList('alphanumext'),
  preferences: keyValueList('raw'),
}

const updateUserFields: Record<string, Description> = {
  id: value('int'),
  username: value('username', optional),
  auth: value('auth', optional),
  suspended: value('int', optional),
  password: value('raw', optional),
  firstname: value('notags', optional),
  lastname: value('notags', optional),
  email: value('raw_trimmed', optional),
  maildisplay: value('int', optional),
  city: value('text', optional),
  country: value('alpha', optional),
  timezone: value('timezone', optional),
  description: value('raw', optional),
  userpicture: value('int', optional),
  firstnamephonetic: value('notags', optional),
  lastnamephonetic: value('notags', optional),
  middlename: value('notags', optional),
  alternatename: value('notags', optional),
  interests: value('text', optional),
  idnumber: value('raw', optional),
  institution: value('text', optional),
  department: value('text', optional),
  phone1: value('notags', optional),
  phone2: value('notags', optional),
  address: value('text', optional),
  lang: value('lang', optional),
  calendartype: value('plugin', optional),
  theme: value('theme', optional),
  mailformat: value('int', optional),
  customfields: keyValueList('alphanumext'),
  preferences: keyValueList('raw'),
}

type Row = Record<string, unknown>
type KeyValue = { type: string; value: string }

// Auth plugins create_users accepts: installed ones minus mnet and webservice.
const creatableAuths = new Set(['cas', 'db', 'email', 'ldap', 'lti', 'manual', 'nologin', 'none', 'oauth2', 'shibboleth'])
// auth_plugin_*::is_internal(): only these keep a password in Moodle.
const internalAuths = new Set(['manual', 'email', 'none', 'webservice'])

/** validate_email() of lib/moodlelib.php. */
export function validateEmail(address: string): boolean {
  const atom = "[-!#$%&'*+\\\\/0-9=?A-Z^_`a-z{|}~]"
  return new RegExp(`^${atom}+(\\.${atom}+)*@${atom}+\\.[-!#$%&'*+\\\\./0-9=?A-Z^_\`a-z{|}~]+$`).test(address)
}

function saveCustomFields(ctx: CallContext, user: SimUser, fields: KeyValue[] | undefined): void {
  // profile_save_data() only touches fields that exist; unknown shortnames are silently ignored.
  const known = new Set(ctx.state.profileFields.map((f) => f.shortname))
  for (const f of fields ?? []) if (known.has(f.type)) user.customfields.set(f.type, f.value)
}

const createUsers: WsFunction = {
  name: 'core_user_create_users',
  version: '2024100706',
  params: single({ users: multiple(single(createUserFields)) }),
  run(ctx, params) {
    validateContext(ctx)
    requireCapability(ctx, 'moodle/user:create')
    const created: SimUser[] = []
    try {
      const result: Array<{ id: number; username: string }> = []
      for (const u of params['users'] as Row[]) {
        for (const f of ['username', 'firstname', 'lastname']) {
          if (String(u[f]).trim() === '') throw invalidParameter(ctx, `The field ${f} cannot be blank`)
        }
        const username = u['username'] as string
        if (ctx.state.usernames.has(username)) throw invalidParameter(ctx, `Username already exists: ${username}`)
        const auth = u['auth'] as string
        if (!creatableAuths.has(auth)) throw invalidParameter(ctx, `Invalid authentication type: ${auth}`)
        const internal = internalAuths.has(auth)
        if (internal && !u['password'] && !u['createpassword']) {
          throw invalidParameter(ctx, 'Invalid password: you must provide a password, or set createpassword.')
        }
        const email = u['email'] as string
        if (!validateEmail(email)) throw invalidParameter(ctx, `Email address is invalid: ${email}`)
        if (!ctx.state.settings.allowaccountssameemail && emailTakenCaseInsensitive(ctx.state, email)) {
          throw invalidParameter(ctx, `Email address already exists: ${email}`)
        }
        const createPassword = u['createpassword'] === true
        const password = internal && !createPassword ? String(u['password'] ?? '') : null
        if (password !== null) {
          // user_create_user(): throw new moodle_exception($errmsg) - errorcode is the HTML text itself.
          const policy = passwordPolicyErrors(ctx.state.settings, password)
          if (policy) throw moodleException(ctx, policy, 'error')
        }
        // No length check in the external function: PostgreSQL refuses the INSERT (varchar(100)) and nothing
        // is created, no id consumed (round-3/core_user_create_users.lastname-107-chars, firstname-101-chars).
        const tooLong = insertRowTooLong(u, ctx.now)
        if (tooLong) throw dmlWrite(ctx, tooLong)
        // The id is taken from the sequence before anything can fail later: a rolled-back batch
        // still consumes ids (recorded: id 11 lost to core_user_create_users.batch-second-invalid).
        const user = insertUser(ctx.state, {
          username, firstname: u['firstname'] as string, lastname: u['lastname'] as string, email, auth,
          idnumber: u['idnumber'] as string, department: (u['department'] as string) ?? '',
          institution: (u['institution'] as string) ?? '', city: (u['city'] as string) ?? '',
          country: (u['country'] as string) ?? '', lang: u['lang'] as string,
          timezone: (u['timezone'] as string) ?? '99', mailformat: (u['mailformat'] as number) ?? 1,
          timecreated: ctx.now,
        }, ctx.now)
        created.push(user)
        if (password !== null) setPassword(user, password)
        saveCustomFields(ctx, user, u['customfields'] as KeyValue[] | undefined)
        if (createPassword) user.preferences.set('auth_forcepasswordchange', '1')
        for (const p of (u['preferences'] as KeyValue[] | undefined) ?? []) user.preferences.set(p.type, p.value)
        ctx.state.events.push({ eventname: '\\core\\event\\user_created', data: { objectid: user.id, userid: String(ctx.user.id), relateduserid: user.id, timecreated: ctx.now } })
        result.push({ id: user.id, username })
      }
      // After the commit, setnew_password_and_mail() gives each createpassword user a password and mails it.
      for (const user of created) {
        if (user.preferences.get('auth_forcepasswordchange') !== '1' || user.passwordHash !== '') continue
        const password = generatedPassword()
        setPassword(user, password)
        if (ctx.state.settings.debugsmtp) ctx.echoed?.push(newUserMailTranscript(ctx, user, password))
      }
      return result
    } catch (e) {
      // $transaction rolls everything back (the sequence keeps counting).
      for (const user of created) removeUser(ctx.state, user)
      throw e
    }
  },
}

// mdl_user column sizes (lib/db/install.xml) of the values create_users writes.
const userColumnSizes: Record<string, number> = {
  username: 100, firstname: 100, lastname: 100, email: 100, idnumber: 255, institution: 255, department: 255, city: 120,
}

/** The PostgreSQL error of user_create_user()'s INSERT when a value exceeds its column, or null. */
function insertRowTooLong(u: Row, now: number): string | null {
  const over = Object.entries(userColumnSizes).some(([c, size]) => typeof u[c] === 'string' && [...(u[c] as string)].length > size)
  if (!over) return null
  const row: Array<[string, string | number]> = [
    ['username', u['username'] as string], ['auth', u['auth'] as string], ['firstname', u['firstname'] as string],
    ['lastname', u['lastname'] as string], ['email', u['email'] as string], ['idnumber', u['idnumber'] as string],
    ...(['institution', 'department'] as const).filter((c) => u[c] !== undefined).map((c) => [c, u[c] as string] as [string, string]),
    ['lang', u['lang'] as string], ['calendartype', u['calendartype'] as string], ['confirmed', 1], ['mnethostid', '1'],
    ['maildisplay', '2'], ['mailformat', '1'], ['maildigest', '0'], ['autosubscribe', '1'], ['trackforums', '0'],
    ['city', (u['city'] as string | undefined) ?? ''], ['country', (u['country'] as string | undefined) ?? ''],
    ['timecreated', now], ['timemodified', now],
  ]
  const placeholders = row.map((_, i) => `$${i + 1}`).join(',')
  const values = row.map(([c, v]) => `  '${c}' => ${typeof v === 'number' ? v : `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`},`)
  return 'ERROR:  value too long for type character varying(100)\n' +
    `INSERT INTO mdl_user (${row.map(([c]) => c).join(',')}) VALUES(${placeholders}) RETURNING id\n[array (\n${values.join('\n')}\n)]`
}

/** The parameters of the failed UPDATE as the database layer dumps them (4.1 keeps the id an integer). */
function dmlWriteDebuginfo(ctx: CallContext, username: string, fields: Row, userId: number, now: number): string {
  const cols = Object.keys(fields)
  const set = [...cols, 'timemodified'].map((c, i) => `${c} = $${i + 1}`).join(',')
  const args = [...cols.map((c) => `  '${c}' => ${typeof fields[c] === 'number' ? fields[c] : `'${String(fields[c])}'`},`),
    `  'timemodified' => ${now},`, ctx.state.profile.line === '4.1' ? `  0 => ${userId},` : `  0 => '${userId}',`]
  return `ERROR:  duplicate key value violates unique constraint "mdl_user_mneuse_uix"\n` +
    `DETAIL:  Key (mnethostid, username)=(1, ${username}) already exists.\n` +
    `UPDATE mdl_user SET ${set} WHERE id=$${cols.length + 2}\n[array (\n${args.join('\n')}\n)]`
}

const scalarUserColumns = ['username', 'auth', 'suspended', 'firstname', 'lastname', 'email', 'maildisplay', 'city', 'country',
  'timezone', 'description', 'idnumber', 'institution', 'department', 'lang', 'theme', 'mailformat'] as const

function updateOne(ctx: CallContext, u: Row): void {
  const id = u['id'] as number
  const existing = ctx.state.users.get(id)
  if (!existing) throw moodleException(ctx, 'invaliduserid', 'error', undefined, 'Invalid user ID')
  if (existing.id !== ctx.user.id && ctx.state.adminIds.has(existing.id) && !ctx.state.adminIds.has(ctx.user.id)) {
    throw moodleException(ctx, 'usernotupdatedadmin', 'error', undefined, 'Cannot update admin accounts')
  }
  if (existing.deleted) throw moodleException(ctx, 'usernotupdateddeleted', 'error', undefined, 'User is a deleted user')
  if (existing.id === ctx.state.guestId) throw moodleException(ctx, 'usernotupdatedguest', 'error', undefined, 'Cannot update guest account')
  const email = u['email'] as string | undefined
  if (email !== undefined && email !== existing.email) {
    if (!validateEmail(email)) throw moodleException(ctx, 'useremailinvalid', 'error', undefined, 'Invalid email address')
    if (!ctx.state.settings.allowaccountssameemail && emailTakenCaseInsensitive(ctx.state, email, id)) {
      throw moodleException(ctx, 'useremailduplicate', 'error', undefined, 'Duplicate email address')
    }
  }
  const password = u['password'] as string | undefined
  if (password !== undefined && internalAuths.has((u['auth'] as string | undefined) ?? existing.auth)) {
    const policy = passwordPolicyErrors(ctx.state.settings, password)
    if (policy) throw moodleException(ctx, policy, 'error')
  }
  const username = u['username'] as string | undefined
  if (username !== undefined && username !== existing.username && ctx.state.usernames.has(username)) {
    const fields: Row = {}
    for (const c of scalarUserColumns) if (u[c] !== undefined) fields[c] = u[c]
    throw moodleException(ctx, 'dmlwriteexception', 'error', undefined, dmlWriteDebuginfo(ctx, username, fields, id, ctx.now))
  }
  // $DB->update_record(): every given column at once.
  if (username !== undefined) renameUser(ctx.state, existing, username)
  if (email !== undefined) changeEmail(ctx.state, existing, email)
  if (u['idnumber'] !== undefined) changeIdnumber(ctx.state, existing, u['idnumber'] as string)
  if (u['suspended'] !== undefined) existing.suspended = (u['suspended'] as number) !== 0
  for (const c of ['auth', 'firstname', 'lastname', 'city', 'country', 'timezone', 'institution', 'department', 'lang', 'theme'] as const) {
    if (u[c] !== undefined) existing[c] = u[c] as string
  }
  if (u['mailformat'] !== undefined) existing.mailformat = u['mailformat'] as number
  if (u['maildisplay'] !== undefined) existing.maildisplay = u['maildisplay'] as number
  if (password !== undefined && internalAuths.has(existing.auth)) setPassword(existing, password)
  existing.timemodified = ctx.now
  saveCustomFields(ctx, existing, u['customfields'] as KeyValue[] | undefined)
  for (const p of (u['preferences'] as KeyValue[] | undefined) ?? []) existing.preferences.set(p.type, p.value)
  ctx.state.events.push({ eventname: '\\core\\event\\user_updated', data: { objectid: id, userid: String(ctx.user.id), relateduserid: id, timecreated: ctx.now } })
}

const updateUsers: WsFunction = {
  name: 'core_user_update_users',
  version: '2024100706',
  params: single({ users: multiple(single(updateUserFields)) }),
  run(ctx, params) {
    requireCapability(ctx, 'moodle/user:update')
    validateContext(ctx)
    const warnings: Row[] = []
    for (const u of params['users'] as Row[]) {
      try {
        updateOne(ctx, u)
      } catch (e) {
        if (!(e instanceof MoodleException)) throw e
        // Every exception of one user becomes a warning; the others carry on.
        warnings.push({ item: 'user', itemid: u['id'], warningcode: e.errorcode, message: e.message })
      }
    }
    return { warnings }
  },
}

const lookupTypes = { id: 'int', idnumber: 'raw', username: 'username', email: 'raw_trimmed' } as const

const getUsersByField: WsFunction = {
  name: 'core_user_get_users_by_field',
  version: '2024100706',
  params: single({ field: value('alpha'), values: multiple(value('raw')) }),
  run(ctx, params) {
    const field = params['field'] as string
    if (!(field in lookupTypes)) {
      throw codingError(ctx, 'invalid field parameter', `The search field '${field}' is not supported, look at the web service documentation`)
    }
    const key = field as keyof typeof lookupTypes
    const cleanedValues: Array<string | number> = []
    for (const v of params['values'] as string[]) {
      const cleaned = cleanParam(v, lookupTypes[key])
      // PHP compares loosely ($value != $cleanedvalue): "4" equals 4.
      const same = typeof cleaned === 'number' ? /^\s*[+-]?\d+(\.0*)?\s*$/.test(v) && Number(v) === cleaned : v === cleaned
      if (!same) throw invalidParameter(ctx, `The field '${field}' value is invalid: ${v}(cleaned value: ${String(cleaned)})`)
      cleanedValues.push(cleaned as string | number)
    }
    const users = usersByField(ctx.state, key, cleanedValues)
    validateContext(ctx)
    const out: Row[] = []
    for (const user of users) {
      const details = userDetails(ctx, user)
      // Only users whose searched field the caller may see (user/externallib.php).
      if (details && details[field] !== undefined && details[field] !== '' && details[field] !== 0) out.push(details)
    }
    return out
  },
}

/**
 * core_user_get_users (user/externallib.php get_users, 4.5.6): criteria are ANDed, each key at most once
 * (moodle_exception keyalreadyset); email, firstname and lastname compare with $DB->sql_like(..., false), i.e.
 * ignoring case, with % and _ as wildcards and backslash as escape; deleted accounts are left out; a user is
 * returned only when the caller may see every searched field. Unknown keys become warnings. Not in the recorded
 * services: an administrator adds it for the case-insensitive e-mail lookup.
 */
const getUsers: WsFunction = {
  name: 'core_user_get_users',
  version: '2024100706',
  params: single({ criteria: multiple(single({ key: value('alpha'), value: value('raw') })) }),
  run(ctx, params) {
    const criteria = params['criteria'] as Array<{ key: string; value: string }>
    const used = new Set<string>()
    const warnings: Array<Record<string, unknown>> = []
    const valid: Array<{ key: string; value: string | number }> = []
    for (const c of criteria) {
      if (used.has(c.key)) throw moodleException(ctx, 'keyalreadyset', 'error', undefined, `The key ${c.key} can only be sent once`)
      used.add(c.key)
      const type = getUsersTypes[c.key as keyof typeof getUsersTypes]
      if (!type) {
        warnings.push({ item: c.key, warningcode: 'invalidfieldparameter', message: `The search key '${c.key}' is not supported, look at the web service documentation` })
        continue
      }
      valid.push({ key: c.key, value: cleanParam(c.value, type) as string | number })
    }
    const matches = (u: SimUser, c: { key: string; value: string | number }): boolean => {
      const stored = String((u as unknown as Record<string, unknown>)[c.key] ?? '')
      if (c.key === 'email' || c.key === 'firstname' || c.key === 'lastname') return likeIgnoringCase(String(c.value)).test(stored)
      return stored === String(c.value)
    }
    const found = [...ctx.state.users.values()].filter((u) => !u.deleted && valid.every((c) => matches(u, c))).sort((a, b) => a.id - b.id)
    const users: Row[] = []
    for (const user of found) {
      const details = userDetails(ctx, user)
      if (details && valid.every((c) => details[c.key] !== undefined && details[c.key] !== '' && details[c.key] !== 0)) users.push(details)
    }
    return { users, warnings }
  },
}

const getUsersTypes = { id: 'int', idnumber: 'raw', username: 'username', email: 'raw_trimmed', auth: 'auth', firstname: 'notags', lastname: 'notags' } as const

/** SQL LIKE without case (PostgreSQL ILIKE ... ESCAPE '\\'): % any run, _ one character. */
function likeIgnoringCase(pattern: string): RegExp {
  let source = ''
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    if (ch === '\\' && i + 1 < pattern.length) source += escapeRegExp(pattern[++i]!)
    else if (ch === '%') source += '[\\s\\S]*'
    else if (ch === '_') source += '[\\s\\S]'
    else source += escapeRegExp(ch)
  }
  return new RegExp(`^${source}$`, 'iu')
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export const userFunctions: WsFunction[] = [createUsers, updateUsers, getUsersByField, getUsers]

