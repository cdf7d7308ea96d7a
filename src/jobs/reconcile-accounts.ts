// The account step for a whole batch: one lookup by external key for every person, one update call for
// the changed ones, login names for the new ones (one lookup for all candidates), one create call per
// chunk (bisected when the LMS refuses a record). Never a second account for a person.
import type { AppContext } from '../services/context.ts'
import { LmsError, type AccountData, type LmsAccount, type VisibilityCanary } from '../lms/lms-adapter.ts'
import { findAccountLinks, findCanaryLink, saveAccountLinks, type LmsAccountLink } from '../store/lms-accounts.ts'
import type { Leases } from '../store/leases.ts'
import { raiseNotification } from '../store/notifications.ts'
import { diffAccount, toAccountData } from '../domain/field-mapping.ts'
import { chooseLoginName, defaultCandidateCount, loginNameCandidates } from '../domain/login-name.ts'
import { requiredFieldProblems } from '../domain/person-validation.ts'
import { generatePassword } from '../domain/password.ts'
import { prepareCredentialsMails } from '../services/mail-flow.ts'
import type { BatchItem, ReconcileBatch } from './reconcile-batch.ts'
import { emailTakenCodes, matchByEmail } from './reconcile-adoption.ts'
import { markReviewsDone, openReviews } from '../store/account-reviews.ts'
import { splitEvenly } from '../lms/batch-size-policy.ts'

export interface Account {
  lmsUserId: string
  loginName: string
  created: boolean
  email: string
}

/** Every given item that is still open gets its person's account (or fails). Items of one person share it. */
export async function ensureAccounts(ctx: AppContext & { leases: Leases }, batch: ReconcileBatch, items: BatchItem[]): Promise<Map<BatchItem, Account>> {
  const { adapter, connection } = batch
  const accounts = new Map<BatchItem, Account>()
  // One entry per person: two registrations of one person in the batch use one account.
  const people = new Map<string, { items: BatchItem[]; wanted: AccountData }>()
  for (const item of items.filter((i) => i.error === undefined)) {
    const entry = people.get(item.registration.personRef)
    if (entry) entry.items.push(item)
    else people.set(item.registration.personRef, { items: [item], wanted: toAccountData(item.person, batch.mapping, adapter.loginNameRules) })
  }
  if (people.size === 0) return accounts
  const all = [...people.values()]
  const allItems = all.flatMap((p) => p.items)
  const give = (p: { items: BatchItem[] }, a: Account) => { for (const i of p.items) accounts.set(i, a) }
  // How a request that served one person names it (CallRecord.subjects): by the person's external key.
  const keys = new Map(all.flatMap((p) => p.items.map((i) => [i, p.wanted.externalKey] as const)))
  const keyOf = (i: BatchItem) => [keys.get(i)!]
  const failPerson = (p: { items: BatchItem[] }, err: unknown) => { for (const i of p.items) batch.fail(i, err) }

  const links = await findAccountLinks(ctx.db, connection.id, [...people.keys()])
  let found: Map<string, LmsAccount[]>
  try {
    const canary = await visibilityCanary(ctx, batch, people, links)
    found = await batch.call(allItems, () => adapter.findByExternalKeys(all.map((p) => p.wanted.externalKey), canary), keyOf)
  } catch (err) {
    for (const i of allItems) batch.fail(i, err)
    return accounts
  }

  const updates: { person: (typeof all)[number]; existing: LmsAccount; changes: NonNullable<ReturnType<typeof diffAccount>>; adopted?: string }[] = []
  const newcomers: (typeof all)[number][] = []
  const lost: { person: (typeof all)[number]; link: LmsAccountLink }[] = []
  const recreated: { person: (typeof all)[number]; link: LmsAccountLink }[] = []
  const foundLinks: LmsAccountLink[] = []
  for (const person of all) {
    const matches = found.get(person.wanted.externalKey) ?? []
    const personRef = person.items[0]!.registration.personRef
    if (matches.length > 1) {
      failPerson(person, duplicateKeyError(person.wanted.externalKey, matches))
      continue
    }
    const existing = matches[0]
    const link = links.get(personRef)
    if (existing && link && adapter.externalKeyShowsOneHolder && link.lmsUserId !== existing.lmsUserId) {
      // The LMS shows only the newest holder of a key (ILIAS import ids are not unique): the account we
      // linked still holds it too. Two accounts for one person: a conflict for the administrator.
      failPerson(person, duplicateKeyError(person.wanted.externalKey, [
        { lmsUserId: link.lmsUserId, loginName: link.loginName }, existing,
      ]))
      continue
    }
    if (existing) {
      const loginName = existing.loginName ?? link?.loginName ?? person.wanted.loginName
      foundLinks.push({ connectionId: connection.id, personRef, lmsUserId: existing.lmsUserId, loginName, createdByUs: false })
      give(person, { lmsUserId: existing.lmsUserId, loginName, created: false, email: person.wanted.email })
      const changes = diffAccount(existing, person.wanted)
      if (changes) updates.push({ person, existing, changes })
      else for (const i of person.items) batch.step(i, { step: 'find-account', outcome: 'ok', detail: `account ${existing.lmsUserId} found by external key` })
      continue
    }
    if (link) {
      lost.push({ person, link })
      continue
    }
    newcomers.push(person)
  }
  // Not found by key and never linked: an account holding the person's e-mail may be adopted or reviewed (policy).
  const byEmail = await matchByEmail(ctx.db, batch, newcomers)
  newcomers.splice(0, newcomers.length, ...byEmail.create)
  for (const { person, account, review } of byEmail.adopt) {
    const personRef = person.items[0]!.registration.personRef
    const loginName = account.loginName ?? person.wanted.loginName
    foundLinks.push({ connectionId: connection.id, personRef, lmsUserId: account.lmsUserId, loginName, createdByUs: false })
    give(person, { lmsUserId: account.lmsUserId, loginName, created: false, email: person.wanted.email })
    const changes = diffAccount(account, person.wanted)!
    updates.push({ person, existing: account, changes, adopted: review ? 'by the administrator (review list)' : 'by the adopt policy' })
  }
  // Known to us, yet not found by its key (the lookup is proven to see accounts): deleted in the LMS, or its key
  // was changed there. Only a proven deletion gets a new account; otherwise creating one would duplicate it.
  if (lost.length > 0) {
    const lostItems = lost.flatMap((l) => l.person.items)
    let deleted = new Set<string>()
    try {
      if (adapter.deletedAccounts) deleted = await batch.call(lostItems, () => adapter.deletedAccounts!(lost.map((l) => l.link.lmsUserId)))
    } catch (err) {
      for (const l of lost) failPerson(l.person, err)
      lost.length = 0
    }
    for (const { person, link } of lost) {
      if (deleted.has(link.lmsUserId)) {
        recreated.push({ person, link })
        newcomers.push(person)
        continue
      }
      failPerson(person, new LmsError('LMS_KNOWN_ACCOUNT_NOT_FOUND', 'needs-admin',
        `account ${link.lmsUserId} (${link.loginName ?? 'no login name'}) of this person is no longer found by external key ${person.wanted.externalKey}`,
        { lmsUserId: link.lmsUserId, externalKey: person.wanted.externalKey }, 'record'))
    }
  }
  await saveAccountLinks(ctx.db, foundLinks)

  if (updates.length > 0) {
    const items = updates.flatMap((u) => u.person.items)
    try {
      const accountOf = new Map(updates.flatMap((u) => u.person.items.map((i) => [i, u.existing.lmsUserId] as const)))
      const outcomes = await batch.call(items, () => adapter.updateAccounts(updates.map((u) => u.changes)), (i) => [accountOf.get(i)!])
      updates.forEach((u, n) => {
        const outcome = outcomes[n]
        if (outcome && !outcome.ok) failPerson(u.person, outcome.error)
        else if (u.adopted) {
          for (const i of u.person.items) {
            batch.step(i, { step: 'adopt-account', outcome: 'ok', detail: `account ${u.existing.lmsUserId} (${u.existing.loginName ?? '?'}) found by e-mail ` +
              `adopted ${u.adopted}; external key written; changed: ${Object.keys(u.changes.changes).join(', ')}` })
          }
        } else for (const i of u.person.items) batch.step(i, { step: 'update-account', outcome: 'ok', detail: `changed: ${Object.keys(u.changes.changes).join(', ')}` })
      })
      const adopted = updates.filter((u, n) => u.adopted && outcomes[n]?.ok !== false)
      await markReviewsDone(ctx.db, adopted.map((u) => byEmail.decided.get(u.person.items[0]!.registration.personRef)?.id)
        .filter((id): id is string => id !== undefined))
      for (const u of adopted) {
        const head = u.person.items[0]!
        await raiseNotification(ctx.db, {
          tenantId: head.registration.tenantId, code: 'LMS_ACCOUNT_ADOPTED', kind: 'info', connectionId: connection.id,
          personRef: head.registration.personRef,
          message: `account ${u.existing.lmsUserId} (${u.existing.loginName ?? 'no login name'}) held the e-mail address of person ` +
            `${head.person.personId} without an external key; adopted ${u.adopted}, key ${u.person.wanted.externalKey} written`,
          details: { lmsUserId: u.existing.lmsUserId, personId: head.person.personId },
          dedupeKey: `person:${head.registration.personRef}:${connection.id}:adopted:${u.existing.lmsUserId}`,
        })
      }
    } catch (err) {
      for (const u of updates) failPerson(u.person, err)
    }
  }

  if (newcomers.length > 0) await createAccounts(ctx, batch, newcomers, give, failPerson)
  await settleNewAccountDecisions(ctx, batch, newcomers, byEmail.decided, accounts)
  for (const { person, link } of recreated) {
    const head = person.items[0]!
    const account = accounts.get(head)
    if (!account) continue
    for (const i of person.items) batch.step(i, { step: 'recreate-account', outcome: 'ok', detail: `account ${link.lmsUserId} was deleted in the LMS; new account ${account.lmsUserId}` })
    await raiseNotification(ctx.db, {
      tenantId: head.registration.tenantId, code: 'LMS_ACCOUNT_DELETED_RECREATED', kind: 'info', connectionId: connection.id,
      personRef: head.registration.personRef,
      message: `account ${link.lmsUserId} (${link.loginName ?? 'no login name'}) of person ${head.person.personId} was deleted in the LMS; ` +
        `coursebridge created account ${account.lmsUserId} (${account.loginName}) and sent new login details`,
      details: { deletedLmsUserId: link.lmsUserId, newLmsUserId: account.lmsUserId, personId: head.person.personId },
      dedupeKey: `person:${head.registration.personRef}:${connection.id}:recreated:${link.lmsUserId}`,
    })
  }
  return accounts
}

/**
 * "Create a new account" chosen on the review list: done once the account exists. An LMS that refuses a second
 * account with the e-mail (Moodle unless allowaccountssameemail is on) puts the person back on the list, saying so.
 */
async function settleNewAccountDecisions(ctx: AppContext, batch: ReconcileBatch, newcomers: { items: BatchItem[]; wanted: AccountData }[],
  decided: Map<string, import('../store/account-reviews.ts').AccountReview>, accounts: Map<BatchItem, Account>) {
  const done: string[] = []
  const refused: Parameters<typeof openReviews>[1] = []
  for (const person of newcomers) {
    const head = person.items[0]!
    const review = decided.get(head.registration.personRef)
    if (review?.status !== 'new-account') continue
    if (accounts.has(head)) {
      done.push(review.id)
      continue
    }
    if (!(head.error instanceof LmsError) || !emailTakenCodes.has(head.error.code)) continue
    refused.push({ tenantId: review.tenantId, connectionId: review.connectionId, personRef: review.personRef, reason: review.reason,
      candidates: review.candidates, note: 'the LMS refused a second account with this e-mail address (Moodle allows it only with ' +
        '"Allow accounts with same email" on); link the account, or change the person\'s e-mail address' })
    const error = new LmsError('LMS_ACCOUNT_SAME_EMAIL_REFUSED', 'needs-admin',
      `a new account was chosen on the review list, but the LMS refused a second account with ${person.wanted.email}`,
      { ...head.error.details, cause: head.error.code }, 'record')
    for (const i of person.items) i.error = error
  }
  await markReviewsDone(ctx.db, done)
  await openReviews(ctx.db, refused)
}

/**
 * Two batches of one connection at once (several workers, several processes) would each find "jjansen" free,
 * and the LMS would refuse the second create (login taken). Each login name a batch considers is leased
 * (`login-name:<connection>:<name>`) before the LMS is asked about it, and a chosen one stays leased until its
 * create call has answered: a name leased by another batch counts as taken, and a batch that gets a name's
 * lease after another batch let it go asks the LMS only then, when that batch's account exists. So batches
 * choose names and create accounts at the same time, yet never pick the same free name.
 */
/** How long a batch waits for a login name another batch holds before it takes the name for taken. */
const nameWaitMs = 30_000

class NameLeases {
  readonly #held = new Set<string>()
  constructor(private readonly leases: Leases, private readonly connectionId: string) {}

  #key(name: string) {
    return `login-name:${this.connectionId}:${name.toLowerCase()}`
  }

  /**
   * Leases the names; one that another batch holds is tried again for up to `patienceMs`: that batch lets go
   * of the names it did not choose as soon as it has chosen, and of its chosen one when the create has
   * answered (the LMS then shows it taken). Taking it for taken at once would hand namesakes JJansen11,
   * JJansen21 instead of JJansen3, JJansen4. Returns the names (lower case) still held elsewhere after that:
   * taken, for this batch. The patience is bounded, so two batches that each hold a name the other wants
   * only delay each other (a later suffix, never the same name twice).
   */
  async take(names: string[], patienceMs = nameWaitMs): Promise<Set<string>> {
    const wanted = [...new Set(names.map((n) => n.toLowerCase()))].filter((n) => !this.#held.has(n))
    for (const deadline = Date.now() + patienceMs; ;) {
      const busy = await this.#takeOnce(wanted)
      if (busy.size === 0 || Date.now() >= deadline) return busy
      // All or nothing while waiting: holding some of the names would keep another batch waiting for them.
      const got = wanted.filter((n) => !busy.has(n))
      for (const n of got) this.#held.delete(n)
      await this.leases.release(got.map((n) => this.#key(n)))
      await new Promise((r) => setTimeout(r, 25 + Math.random() * 50))
    }
  }

  async #takeOnce(wanted: string[]): Promise<Set<string>> {
    const got = await this.leases.acquire(wanted.map((n) => this.#key(n)))
    const busy = new Set<string>()
    for (const n of wanted) {
      if (got.has(this.#key(n))) this.#held.add(n)
      else busy.add(n)
    }
    return busy
  }

  /** Lets go of every leased name except `keep` (lower case). */
  async releaseExcept(keep: Set<string>): Promise<void> {
    const gone = [...this.#held].filter((n) => !keep.has(n))
    for (const n of gone) this.#held.delete(n)
    await this.leases.release(gone.map((n) => this.#key(n)))
  }

  releaseAll(): Promise<void> {
    return this.releaseExcept(new Set())
  }
}

/** A name another batch holds: taken for this batch (no person's external key owns it here). */
const heldElsewhere = '\u0000leased by another batch'

type CreateArgs = Parameters<typeof createAccountsHoldingNames> extends [...infer A, NameLeases] ? A : never

async function createAccounts(...args: CreateArgs) {
  const [ctx, batch] = args
  const names = new NameLeases(ctx.leases, batch.connection.id)
  try {
    await createAccountsHoldingNames(...args, names)
  } finally {
    await names.releaseAll()
  }
}

async function createAccountsHoldingNames(
  ctx: AppContext & { leases: Leases },
  batch: ReconcileBatch,
  newcomers: { items: BatchItem[]; wanted: AccountData }[],
  give: (p: { items: BatchItem[] }, a: Account) => void,
  failPerson: (p: { items: BatchItem[] }, err: unknown) => void,
  names: NameLeases,
) {
  const { adapter, connection } = batch
  const rules = adapter.loginNameRules
  // Fields the LMS requires for a new account that a person lacks: that person waits for the data (never a
  // made-up value); the others go on. Asked only when someone needs a new account.
  if (adapter.requiredPersonFields) {
    let required: string[]
    try {
      required = await batch.call(newcomers.flatMap((p) => p.items), () => adapter.requiredPersonFields!())
    } catch (err) {
      for (const p of newcomers) failPerson(p, err)
      return
    }
    newcomers = newcomers.filter((p) => {
      const problems = requiredFieldProblems(p.items[0]!.person, required, adapter)
      const first = problems[0]
      if (!first) return true
      failPerson(p, new LmsError(first.code, 'permanent', first.message, { field: first.field, personId: p.items[0]!.person.personId }, 'record'))
      return false
    })
    if (newcomers.length === 0) return
  }
  const items = newcomers.flatMap((p) => p.items)
  // Login names: first the plain candidates of everyone; only the taken ones get their suffixes looked up.
  // Each name is leased before the LMS is asked about it (NameLeases); one leased by another batch is taken.
  // Keyed by the lower-cased name (chooseLoginName).
  const takenBy = new Map<string, string | null>()
  // The names looked up for each person: a request for one name goes into the step logs of the persons it was for.
  const askedFor = new Map<BatchItem, Set<string>>()
  const ask = (persons: { items: BatchItem[]; wanted: AccountData }[], candidates: (p: { wanted: AccountData }) => string[]) => {
    const names = persons.flatMap((p) => {
      const own = candidates(p)
      for (const i of p.items) {
        const asked = askedFor.get(i) ?? new Set<string>()
        askedFor.set(i, asked)
        for (const n of own) asked.add(n)
      }
      return own
    })
    return [...new Set(names)]
  }
  const lookUp = async (wanted: string[]) => {
    for (const name of await names.take(wanted)) takenBy.set(name.toLowerCase(), heldElsewhere)
    const free = wanted.filter((n) => takenBy.get(n.toLowerCase()) !== heldElsewhere)
    if (free.length === 0) return
    const found = await batch.call(items, () => adapter.findByLoginNames(free), (i) => askedFor.get(i) ?? [])
    for (const [name, a] of found) takenBy.set(name.toLowerCase(), a.externalKey)
  }
  try {
    await lookUp(ask(newcomers, (p) => [p.wanted.loginName]))
    // Namesakes in the batch need suffixes too: every name a person may get has been leased and looked up.
    const plainCount = new Map<string, number>()
    for (const p of newcomers) plainCount.set(p.wanted.loginName.toLowerCase(), (plainCount.get(p.wanted.loginName.toLowerCase()) ?? 0) + 1)
    const suffixed = ask(newcomers.filter((p) => takenBy.has(p.wanted.loginName.toLowerCase()) || plainCount.get(p.wanted.loginName.toLowerCase())! > 1),
      (p) => loginNameCandidates(p.wanted.loginName, rules).slice(1))
    if (suffixed.length > 0) await lookUp(suffixed)
  } catch (err) {
    for (const p of newcomers) failPerson(p, err)
    return
  }

  const settings = connection.settings as { passwordLength?: number }
  const planned: { person: (typeof newcomers)[number]; loginName: string; password: string }[] = []
  // First come, first served: of two namesakes the one registered first gets the plain name.
  let pending = [...newcomers].sort((a, b) => firstRegistered(a.items) - firstRegistered(b.items))
  for (let count = defaultCandidateCount; pending.length > 0; count += defaultCandidateCount) {
    const unresolved: typeof pending = []
    for (const person of pending) {
      const loginName = chooseLoginName(person.wanted.loginName, takenBy, person.wanted.externalKey, rules, count)
      if (!loginName) {
        unresolved.push(person)
        continue
      }
      // Reserved for this person: another newcomer in the batch with the same name gets the next suffix.
      takenBy.set(loginName.toLowerCase(), person.wanted.externalKey)
      planned.push({ person, loginName, password: generatePassword({ length: settings.passwordLength }) })
    }
    pending = unresolved
    if (pending.length === 0) break
    if (count >= maxLoginNameCandidates) {
      for (const person of pending) {
        failPerson(person, new LmsError('LOGIN_NAME_NO_FREE_SUFFIX', 'permanent',
          `login name ${person.wanted.loginName} and its ${maxLoginNameCandidates - 1} numbered variants all belong to other accounts`))
      }
      break
    }
    // The next suffixes of the names still without a free one, in one lookup.
    const next = ask(pending, (p) => loginNameCandidates(p.wanted.loginName, rules, count + defaultCandidateCount).slice(count))
    try {
      await lookUp(next)
    } catch (err) {
      for (const p of pending) failPerson(p, err)
      break
    }
  }
  // Only the chosen names stay leased, until their create call has answered.
  await names.releaseExcept(new Set(planned.map((p) => p.loginName.toLowerCase())))
  // The credentials mails wait (password encrypted) before the create: a crash after the LMS created
  // the accounts cannot lose a password; the next run finds the account and sends it.
  await prepareCredentialsMails(ctx, planned.flatMap((p) => p.person.items.map((i) => ({
    registration: i.registration, to: p.person.wanted.email, loginName: p.loginName, password: p.password,
  }))))

  const byItem = new Map(planned.flatMap((p) => p.person.items.map((i) => [i, p] as const)))
  // Bisect over one item per person (its first registration stands for the others).
  const heads = planned.map((p) => p.person.items[0]!)
  // An LMS with a limit per call (ILIAS: 50 until its import costs are measured, then about 5 s of import
  // each — batch-size-policy.ts) gets calls of nearly equal size; they go at once, as far as the connection's
  // maxConcurrentCalls lets them: each is a different set of persons with leased names.
  const chunks = splitEvenly(heads, adapter.maxAccountsPerCall ?? heads.length)
  await Promise.all(chunks.map((chunk) => batch.bisect(chunk,
    (part) => adapter.createAccounts(part.map((i) => {
      const p = byItem.get(i)!
      return { ...p.person.wanted, loginName: p.loginName, password: p.password }
    })),
    async (part, created) => {
      await saveAccountLinks(ctx.db, part.map((head, n) => ({
        connectionId: connection.id, personRef: head.registration.personRef, lmsUserId: created[n]!.lmsUserId,
        loginName: byItem.get(head)!.loginName, createdByUs: true,
      })))
      for (const [n, head] of part.entries()) {
        const p = byItem.get(head)!
        const c = created[n]!
        give(p.person, { lmsUserId: c.lmsUserId, loginName: p.loginName, created: true, email: p.person.wanted.email })
        for (const i of p.person.items) batch.step(i, { step: 'create-account', outcome: 'ok', detail: `account ${c.lmsUserId} created as ${p.loginName}` })
      }
    }, (head) => [byItem.get(head)!.person.wanted.externalKey])))
  // A head's failure is its person's failure.
  for (const p of planned) {
    const head = p.person.items[0]!
    if (head.error !== undefined) for (const i of p.person.items.slice(1)) batch.fail(i, head.error)
  }
}

/** Suffixes are looked up ten at a time up to this many names (a thousand namesakes is not a small limit). */
const maxLoginNameCandidates = 1000

const firstRegistered = (items: BatchItem[]) => Math.min(...items.map((i) => i.registration.createdAt.getTime()))

/**
 * An account the lookup must find, so that "not found" can be trusted before anything is created: a person of
 * this batch coursebridge already linked, else the account linked most recently on the connection (its key rides
 * along in the same lookup), else none (the adapter then uses an account every site has).
 */
async function visibilityCanary(ctx: AppContext, batch: ReconcileBatch, people: Map<string, { wanted: AccountData }>,
  links: Map<string, LmsAccountLink>): Promise<VisibilityCanary> {
  for (const [personRef, link] of links) {
    const wanted = people.get(personRef)?.wanted
    if (wanted && wanted.externalKey !== '') return { known: { lmsUserId: link.lmsUserId, externalKey: wanted.externalKey } }
  }
  const other = await findCanaryLink(ctx.db, batch.connection.id)
  if (!other) return { known: null }
  const externalKey = toAccountData(other.person, batch.mapping, batch.adapter.loginNameRules).externalKey
  return { known: { lmsUserId: other.lmsUserId, externalKey } }
}

function duplicateKeyError(key: string, accounts: Pick<LmsAccount, 'lmsUserId' | 'loginName'>[]) {
  const names = accounts.map((a) => `${a.lmsUserId} (${a.loginName ?? '?'})`).join(' and ')
  return new LmsError('LMS_DUPLICATE_EXTERNAL_KEY', 'permanent',
    `external key ${key} is held by several accounts: ${names}; coursebridge does not pick one`,
    { externalKey: key, accounts: names })
}
