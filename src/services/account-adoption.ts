// The review list's decisions and the adoption report: what the Service Center, the API and the CLI call.
// A decision is recorded here and carried out by the next reconcile of the person (no LMS call in a request);
// the report is read-only: it compares every person with the LMS (by key, then by e-mail ignoring case).
import type { AppContext } from './context.ts'
import { ServiceError } from './context.ts'
import { getConnection } from '../store/connections.ts'
import { decideReview, getReview, listReviews, registrationsToMoveOn, type ReviewStatus } from '../store/account-reviews.ts'
import { listPersons } from '../store/persons.ts'
import { fieldMappingSchema, toAccountData } from '../domain/field-mapping.ts'
import type { Person } from '../domain/person.ts'
import type { LmsAccount } from '../lms/lms-adapter.ts'
import { matchingPolicyOf, reviewReasonText } from '../jobs/reconcile-adoption.ts'

export async function listAccountReviews(ctx: AppContext, tenantId: string, f: { connectionId?: string; status?: ReviewStatus[] } = {}) {
  const rows = await listReviews(ctx.db, tenantId, f)
  return rows.map((r) => ({ ...r, why: reviewReasonText[r.reason] }))
}

/**
 * "Link it" (adopt the account; `lmsUserId` picks one of several candidates) or "create a new account". The
 * person's registrations on the connection are reconciled again, which carries the decision out.
 */
export async function decideAccountReview(ctx: AppContext, tenantId: string, id: string, decision: 'link' | 'new-account', lmsUserId?: string) {
  const review = await getReview(ctx.db, tenantId, id)
  if (!review) throw new ServiceError(404, 'ACCOUNT_REVIEW_NOT_FOUND', 'There is no such review.')
  if (review.status === 'done') throw new ServiceError(409, 'ACCOUNT_REVIEW_DONE', 'This review was carried out already.')
  if (decision === 'link') {
    if (lmsUserId === undefined && review.candidates.length > 1) {
      throw new ServiceError(400, 'INVALID_INPUT', 'Several accounts hold the e-mail address: say which one to link.', [{ path: 'lmsUserId', message: 'required: several candidates' }])
    }
    if (lmsUserId !== undefined && !review.candidates.some((c) => c.lmsUserId === lmsUserId)) {
      throw new ServiceError(400, 'INVALID_INPUT', 'That account is not a candidate of this review.', [{ path: 'lmsUserId', message: 'not a candidate' }])
    }
  }
  const decided = await decideReview(ctx.db, tenantId, id, decision, decision === 'link' ? lmsUserId ?? review.candidates[0]!.lmsUserId : undefined)
  if (!decided) throw new ServiceError(409, 'ACCOUNT_REVIEW_DONE', 'This review was carried out already.')
  const registrations = await registrationsToMoveOn(ctx.db, review.connectionId, review.personRef)
  await ctx.queue.enqueueReconciles(registrations)
  ctx.log.info({ connectionId: review.connectionId, reviewId: id, decision, registrations: registrations.length }, `account review decided: ${decision}`)
  return { review: decided, registrationsQueued: registrations.length }
}

export interface ReportEntry {
  personId: string
  externalKey: string
  email: string
  accounts: { lmsUserId: string; loginName: string | null; email: string | null; externalKey: string | null }[]
  reason?: string
}

export interface AdoptionReport {
  connectionId: string
  connectionName: string
  policy: string
  checkedAt: string
  counts: { persons: number; matchedByKey: number; adoptable: number; conflicts: number; notFound: number; notFoundUnsure: number }
  /** Entries per list, at most `listLimit` each; the counts cover everyone. */
  listLimit: number
  matchedByKey: ReportEntry[]
  adoptable: ReportEntry[]
  conflicts: ReportEntry[]
  notFound: ReportEntry[]
  /** How e-mail addresses were compared: 'any-case', 'partly' (some only as given and in lower case), or 'none' (LMS without e-mail lookup). */
  emailLookup: 'any-case' | 'partly' | 'none'
  lmsCalls: number
}

const personsPerPage = 1000
/** Addresses looked up one by one in any case (Moodle's core_user_get_users takes one per call) per report. */
const anyCaseLookupsPerReport = 200

/** Every person of the tenant against the LMS of one connection: nothing is written anywhere. */
export async function adoptionReport(ctx: AppContext, tenantId: string, connectionId: string, listLimit = 1000): Promise<AdoptionReport> {
  const connection = await getConnection(ctx.db, ctx.box, tenantId, connectionId)
  if (!connection) throw new ServiceError(404, 'CONNECTION_NOT_FOUND', 'There is no such connection.')
  const adapter = await ctx.adapters.get(connection)
  const mapping = fieldMappingSchema.parse(connection.mapping)
  const wanted: { personId: string; externalKey: string; email: string }[] = []
  for (let offset = 0; ; offset += personsPerPage) {
    const page = await listPersons<Person & { erased?: boolean }>(ctx.db, tenantId, personsPerPage, offset)
    for (const p of page) {
      if (p.data.erased) continue
      const a = toAccountData(p.data, mapping, adapter.loginNameRules)
      wanted.push({ personId: p.person_id, externalKey: a.externalKey, email: a.email })
    }
    if (page.length < personsPerPage) break
  }
  let calls = 0
  const counted = <T>(fn: () => Promise<T>) => ctx.adapters.recordCalls(() => { calls++ }, fn)
  const byKey = await counted(() => adapter.findByExternalKeys(wanted.map((w) => w.externalKey).filter((k) => k !== ''), { known: null }))
  const view = (a: LmsAccount) => ({ lmsUserId: a.lmsUserId, loginName: a.loginName, email: a.email, externalKey: a.externalKey })
  const report: AdoptionReport = {
    connectionId, connectionName: connection.name, policy: matchingPolicyOf(connection, adapter), checkedAt: new Date().toISOString(),
    counts: { persons: wanted.length, matchedByKey: 0, adoptable: 0, conflicts: 0, notFound: 0, notFoundUnsure: 0 },
    listLimit, matchedByKey: [], adoptable: [], conflicts: [], notFound: [], emailLookup: adapter.findByEmails ? 'any-case' : 'none', lmsCalls: 0,
  }
  const put = (list: 'matchedByKey' | 'adoptable' | 'conflicts' | 'notFound', entry: ReportEntry) => {
    report.counts[list]++
    if (report[list].length < listLimit) report[list].push(entry)
  }
  const rest: typeof wanted = []
  for (const w of wanted) {
    const accounts = w.externalKey === '' ? [] : byKey.get(w.externalKey) ?? []
    if (accounts.length > 1) put('conflicts', { ...w, accounts: accounts.map(view), reason: 'several accounts hold the external key' })
    else if (accounts.length === 1) put('matchedByKey', { ...w, accounts: accounts.map(view) })
    else rest.push(w)
  }
  let unsure = new Set<string>()
  let byEmail = new Map<string, LmsAccount[]>()
  if (adapter.findByEmails && rest.length > 0) {
    const lookup = await counted(() => adapter.findByEmails!(rest.map((w) => w.email), { anyCaseLimit: anyCaseLookupsPerReport }))
    byEmail = lookup.found
    unsure = new Set(lookup.unsure)
    if (unsure.size > 0) report.emailLookup = 'partly'
  }
  for (const w of rest) {
    const accounts = byEmail.get(w.email.toLowerCase()) ?? []
    if (accounts.length === 0) {
      if (unsure.has(w.email.toLowerCase())) report.counts.notFoundUnsure++
      put('notFound', { ...w, accounts: [] })
    } else if (accounts.length > 1) put('conflicts', { ...w, accounts: accounts.map(view), reason: reviewReasonText['email-several'] })
    else if (accounts[0]!.externalKey) put('conflicts', { ...w, accounts: accounts.map(view), reason: reviewReasonText['email-other-key'] })
    else put('adoptable', { ...w, accounts: accounts.map(view), reason: reviewReasonText['email-no-key'] })
  }
  report.lmsCalls = calls
  return report
}
