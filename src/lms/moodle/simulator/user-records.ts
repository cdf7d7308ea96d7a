// Creating and reading mdl_user rows: defaults as Moodle 4.5 writes them, password hashing, lookups.
import { createHash, randomBytes } from 'node:crypto'
import type { SimState, SimUser } from './state.ts'

/** What a caller may give when adding a user directly (state helper, recorded-site world). */
export interface NewUserInput {
  id?: number
  username: string
  password?: string
  firstname?: string
  lastname?: string
  email?: string
  auth?: string
  idnumber?: string
  department?: string
  institution?: string
  city?: string
  country?: string
  suspended?: boolean
  lang?: string
  timezone?: string
  mailformat?: number
  customfields?: Record<string, string>
  preferences?: Record<string, string | number>
  timecreated?: number
  policyagreed?: boolean
  privateAccessKey?: string
}

// Fast enough for benchmarks that create 10 000 users; the simulator is no place for bcrypt.
function hashPassword(salt: string, password: string): string {
  return createHash('sha256').update(salt).update('\0').update(password).digest('hex')
}

export function setPassword(user: SimUser, password: string | null): void {
  if (password === null || password === '') {
    user.passwordHash = ''
    return
  }
  user.passwordSalt = randomBytes(8).toString('hex')
  user.passwordHash = hashPassword(user.passwordSalt, password)
}

export function passwordMatches(user: SimUser, password: string): boolean {
  return user.passwordHash !== '' && hashPassword(user.passwordSalt, password) === user.passwordHash
}

export function insertUser(state: SimState, input: NewUserInput, now: number): SimUser {
  const id = input.id ?? state.nextUserId
  if (state.users.has(id)) throw new Error(`simulator: user id ${id} already exists`)
  if (state.usernames.has(input.username)) throw new Error(`simulator: username ${input.username} already exists`)
  state.nextUserId = Math.max(state.nextUserId, id + 1)
  const user: SimUser = {
    id,
    username: input.username,
    passwordHash: '',
    passwordSalt: '',
    firstname: input.firstname ?? '',
    lastname: input.lastname ?? '',
    email: input.email ?? '',
    auth: input.auth ?? 'manual',
    idnumber: input.idnumber ?? '',
    department: input.department ?? '',
    institution: input.institution ?? '',
    city: input.city ?? '',
    country: input.country ?? '',
    suspended: input.suspended ?? false,
    confirmed: true,
    deleted: false,
    lang: input.lang ?? 'en',
    theme: '',
    timezone: input.timezone ?? '99',
    mailformat: input.mailformat ?? 1,
    maildisplay: 2,
    trackforums: 0,
    firstaccess: 0,
    lastaccess: 0,
    timecreated: input.timecreated ?? now,
    timemodified: input.timecreated ?? now,
    policyagreed: input.policyagreed ?? false,
    customfields: new Map(),
    preferences: new Map(Object.entries(input.preferences ?? {})),
    privateAccessKey: input.privateAccessKey ?? randomBytes(16).toString('hex'),
  }
  const known = new Set(state.profileFields.map((f) => f.shortname))
  for (const [shortname, value] of Object.entries(input.customfields ?? {})) {
    if (known.has(shortname)) user.customfields.set(shortname, value)
  }
  if (input.password !== undefined) setPassword(user, input.password)
  state.users.set(id, user)
  state.usernames.set(user.username, id)
  indexEmail(state, user)
  indexIdnumber(state, user)
  return user
}

function indexIdnumber(state: SimState, user: SimUser): void {
  let ids = state.idnumbers.get(user.idnumber)
  if (!ids) state.idnumbers.set(user.idnumber, (ids = new Set()))
  ids.add(user.id)
}

export function changeIdnumber(state: SimState, user: SimUser, idnumber: string): void {
  state.idnumbers.get(user.idnumber)?.delete(user.id)
  user.idnumber = idnumber
  indexIdnumber(state, user)
}

/** Removes a user row completely (used to roll back a failed create_users batch). */
export function removeUser(state: SimState, user: SimUser): void {
  state.users.delete(user.id)
  state.usernames.delete(user.username)
  state.emails.get(user.email.toLowerCase())?.delete(user.id)
  state.idnumbers.get(user.idnumber)?.delete(user.id)
}

/** Users whose column equals one of the values exactly (PostgreSQL: case-sensitive), ordered by id. */
export function usersByField(state: SimState, field: 'id' | 'username' | 'email' | 'idnumber', values: Array<string | number>): SimUser[] {
  const ids = new Set<number>()
  for (const v of values) {
    if (field === 'id') {
      if (state.users.has(Number(v))) ids.add(Number(v))
    } else if (field === 'username') {
      const id = state.usernames.get(String(v))
      if (id !== undefined) ids.add(id)
    } else if (field === 'idnumber') {
      for (const id of state.idnumbers.get(String(v)) ?? []) ids.add(id)
    } else {
      for (const id of state.emails.get(String(v).toLowerCase()) ?? []) {
        if (state.users.get(id)?.email === String(v)) ids.add(id)
      }
    }
  }
  return [...ids].sort((a, b) => a - b).map((id) => state.users.get(id) as SimUser)
}

function indexEmail(state: SimState, user: SimUser): void {
  const key = user.email.toLowerCase()
  let ids = state.emails.get(key)
  if (!ids) state.emails.set(key, (ids = new Set()))
  ids.add(user.id)
}

export function changeEmail(state: SimState, user: SimUser, email: string): void {
  state.emails.get(user.email.toLowerCase())?.delete(user.id)
  user.email = email
  indexEmail(state, user)
}

export function renameUser(state: SimState, user: SimUser, username: string): void {
  state.usernames.delete(user.username)
  user.username = username
  state.usernames.set(username, user.id)
}

/**
 * delete_user() of lib/moodlelib.php as recorded (round-3/core_user_get_users_by_field.deleted-user.*): the row
 * stays with deleted=1, username → "<old e-mail, cleaned>.<time>", email → md5(old username), idnumber emptied.
 */
export function deleteUser(state: SimState, user: SimUser, now: number): void {
  const oldUsername = user.username
  let renamed = `${user.email.toLowerCase().replace(/[^a-z0-9._@-]/g, '')}.${now}`
  while (state.usernames.has(renamed)) renamed = `${renamed}x`
  renameUser(state, user, renamed)
  changeEmail(state, user, createHash('md5').update(oldUsername).digest('hex'))
  changeIdnumber(state, user, '')
  user.deleted = true
  user.timemodified = now
}

/** Live (not deleted) user by id, as `core_user::get_user` / `get_record('user', ['id' => ..])` sees it. */
export function liveUser(state: SimState, id: number): SimUser | undefined {
  const user = state.users.get(id)
  return user && !user.deleted ? user : undefined
}

/** Case-insensitive e-mail test used by create/update (`$DB->sql_equal('email', ':email', false)`). */
export function emailTakenCaseInsensitive(state: SimState, email: string, exceptId?: number): boolean {
  for (const id of state.emails.get(email.toLowerCase()) ?? []) {
    if (id !== exceptId && state.users.get(id)?.deleted === false) return true
  }
  return false
}
