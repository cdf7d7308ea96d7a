// Adoption of accounts that exist in the LMS without coursebridge's key: a person not found by external key is
// looked up by e-mail (compared ignoring case) when the connection's matching policy says so. An account with that
// e-mail and no key is adopted (policy 'adopt': the key is written into it, it is linked and reused) or put on the
// review list (policy 'review'); one that carries another key is always a conflict for the review list. Never a
// second account for a person whose e-mail an account holds, unless an administrator chose "create a new account".
import type { LmsAccount, LmsAdapter } from '../lms/lms-adapter.ts'
import { LmsError } from '../lms/lms-adapter.ts'
import { findReviews, openReviews, type AccountReview, type ReviewCandidate, type ReviewReason } from '../store/account-reviews.ts'
import type { Connection } from '../store/connections.ts'
import type { AccountData } from '../lms/lms-adapter.ts'
import type { Queryable } from '../store/database.ts'
import type { BatchItem, ReconcileBatch } from './reconcile-batch.ts'

export const matchingPolicies = ['key-only', 'adopt', 'review'] as const
export type MatchingPolicy = (typeof matchingPolicies)[number]

/** The connection's policy; key-only where the LMS cannot look accounts up by e-mail. */
export function matchingPolicyOf(connection: Connection, adapter: Pick<LmsAdapter, 'findByEmails'>): MatchingPolicy {
  const policy = (connection.settings as { accountMatching?: MatchingPolicy }).accountMatching ?? 'key-only'
  return adapter.findByEmails ? policy : 'key-only'
}

export type EmailDecision =
  | { kind: 'create' }
  | { kind: 'adopt'; account: LmsAccount; byAdministrator: boolean }
  | { kind: 'review'; reason: ReviewReason; candidates: LmsAccount[] }

/**
 * What to do with a person not found by external key, given the accounts that hold the person's e-mail (any case)
 * and the person's row on the review list, if any. Pure: the domain decides, the job does.
 */
export function decideByEmail(policy: MatchingPolicy, externalKey: string, found: LmsAccount[], review: AccountReview | undefined): EmailDecision {
  if (review?.status === 'new-account') return { kind: 'create' }
  // An account holding this person's key would have been found by key (Moodle compares idnumber exactly).
  const candidates = found.filter((a) => (a.externalKey ?? '').toLowerCase() !== externalKey.toLowerCase())
  if (review?.status === 'link') {
    const chosen = candidates.find((a) => a.lmsUserId === review.candidates[0]?.lmsUserId)
    if (chosen) return { kind: 'adopt', account: chosen, byAdministrator: true }
  }
  if (policy === 'key-only' || candidates.length === 0) return { kind: 'create' }
  if (candidates.length > 1) return { kind: 'review', reason: 'email-several', candidates }
  const [only] = candidates as [LmsAccount]
  if (only.externalKey) return { kind: 'review', reason: 'email-other-key', candidates }
  return policy === 'adopt' ? { kind: 'adopt', account: only, byAdministrator: false } : { kind: 'review', reason: 'email-no-key', candidates }
}

export const reviewReasonText: Record<ReviewReason, string> = {
  'email-no-key': 'holds the person\'s e-mail address (compared ignoring case) and has no external key',
  'email-other-key': 'holds the person\'s e-mail address (compared ignoring case) but carries another external key',
  'email-several': 'several accounts hold the person\'s e-mail address (compared ignoring case)',
}

export function toCandidate(a: LmsAccount): ReviewCandidate {
  return { lmsUserId: a.lmsUserId, loginName: a.loginName, email: a.email, firstName: a.firstName, lastName: a.lastName, externalKey: a.externalKey }
}

/** The registration's failure while its account waits on the review list. */
export function reviewError(reason: ReviewReason, candidates: LmsAccount[], externalKey: string): LmsError {
  const names = candidates.map((a) => `${a.lmsUserId} (${a.loginName ?? '?'}${a.externalKey ? `, key ${a.externalKey}` : ''})`).join(' and ')
  return new LmsError('LMS_ACCOUNT_REVIEW', 'needs-admin',
    `account ${names} ${reviewReasonText[reason]}; it waits on the review list (link it, or create a new account)`,
    { reason, externalKey, accounts: names }, 'record')
}

/** Codes with which an LMS refuses a second account with an e-mail address another account holds. */
export const emailTakenCodes = new Set(['MOODLE_EMAIL_TAKEN', 'MOODLE_EMAIL_TAKEN_OTHER_CASE'])

interface Newcomer { items: BatchItem[]; wanted: AccountData }

/**
 * Sorts the persons not found by key: those whose e-mail an account holds are adopted or put on the review list
 * (their items fail with LMS_ACCOUNT_REVIEW); the others are left to be created. One batched e-mail lookup for all.
 */
export async function matchByEmail<P extends Newcomer>(db: Queryable, batch: ReconcileBatch, newcomers: P[]): Promise<{
  create: P[]; adopt: { person: P; account: LmsAccount; review?: AccountReview }[]; decided: Map<string, AccountReview>
}> {
  const { adapter, connection } = batch
  const decided = new Map<string, AccountReview>()
  if (newcomers.length === 0 || !adapter.findByEmails) return { create: newcomers, adopt: [], decided }
  const policy = matchingPolicyOf(connection, adapter)
  const refOf = (p: P) => p.items[0]!.registration.personRef
  const reviews = await findReviews(db, connection.id, newcomers.map(refOf))
  for (const [ref, r] of reviews) if (r.status === 'link' || r.status === 'new-account') decided.set(ref, r)
  const asked = newcomers.filter((p) => policy !== 'key-only' || reviews.get(refOf(p))?.status === 'link')
  if (asked.length === 0) return { create: newcomers, adopt: [], decided }
  const items = asked.flatMap((p) => p.items)
  let lookup: Awaited<ReturnType<NonNullable<LmsAdapter['findByEmails']>>>
  try {
    lookup = await batch.call(items, () => adapter.findByEmails!(asked.map((p) => p.wanted.email)))
  } catch (err) {
    for (const i of items) batch.fail(i, err)
    return { create: newcomers.filter((p) => !asked.includes(p)), adopt: [], decided }
  }
  const create: P[] = []
  const adopt: { person: P; account: LmsAccount; review?: AccountReview }[] = []
  const toReview: Parameters<typeof openReviews>[1] = []
  for (const person of newcomers) {
    const review = reviews.get(refOf(person))
    const found = asked.includes(person) ? lookup.found.get(person.wanted.email.toLowerCase()) ?? [] : []
    const decision = decideByEmail(policy, person.wanted.externalKey, found, review)
    if (decision.kind === 'create') {
      create.push(person)
      continue
    }
    if (decision.kind === 'adopt') {
      adopt.push({ person, account: decision.account, review })
      continue
    }
    const head = person.items[0]!
    toReview.push({ tenantId: head.registration.tenantId, connectionId: connection.id, personRef: refOf(person),
      reason: decision.reason, candidates: decision.candidates.map(toCandidate),
      note: review?.status === 'link' ? 'the account chosen to link no longer holds this e-mail address' : null })
    for (const i of person.items) {
      i.steps.push({ step: 'match-by-email', outcome: 'skipped', errorCode: 'LMS_ACCOUNT_REVIEW',
        detail: `account ${decision.candidates.map((a) => a.lmsUserId).join(', ')} ${reviewReasonText[decision.reason]}; put on the review list` })
      batch.fail(i, reviewError(decision.reason, decision.candidates, person.wanted.externalKey))
    }
  }
  await openReviews(db, toReview)
  return { create, adopt, decided }
}
