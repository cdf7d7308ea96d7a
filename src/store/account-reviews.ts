// The review list: LMS accounts found by a person's e-mail that wait for an administrator's decision before
// coursebridge uses them (link = adopt that account, new-account = create another one). One row per person and
// connection; the next reconcile of the person carries the decision out and marks the row done.
import { randomUUID } from 'node:crypto'
import type { Queryable } from './database.ts'

/** Why the account was put on the list. */
export const reviewReasons = ['email-no-key', 'email-other-key', 'email-several'] as const
export type ReviewReason = (typeof reviewReasons)[number]

export const reviewStatuses = ['open', 'link', 'new-account', 'done'] as const
export type ReviewStatus = (typeof reviewStatuses)[number]

/** The LMS account as the lookup showed it (what the administrator needs to decide). */
export interface ReviewCandidate {
  lmsUserId: string
  loginName: string | null
  email: string | null
  firstName: string | null
  lastName: string | null
  /** The key the account holds (another person's, for 'email-other-key'); null when it has none. */
  externalKey: string | null
}

export interface AccountReview {
  id: string
  tenantId: string
  connectionId: string
  personRef: string
  reason: ReviewReason
  /** The accounts found (one, or several for 'email-several'). */
  candidates: ReviewCandidate[]
  status: ReviewStatus
  /** Set when a decision could not be carried out (e.g. the LMS refused a second account with this e-mail). */
  note: string | null
  createdAt: Date
  decidedAt: Date | null
}

interface Row {
  id: string
  tenant_id: string
  connection_id: string
  person_ref: string
  reason: ReviewReason
  candidate: ReviewCandidate[]
  status: ReviewStatus
  note: string | null
  created_at: Date
  decided_at: Date | null
}

const fromRow = (r: Row): AccountReview => ({
  id: r.id, tenantId: r.tenant_id, connectionId: r.connection_id, personRef: r.person_ref, reason: r.reason,
  candidates: r.candidate, status: r.status, note: r.note, createdAt: r.created_at, decidedAt: r.decided_at,
})

export interface NewReview {
  tenantId: string
  connectionId: string
  personRef: string
  reason: ReviewReason
  candidates: ReviewCandidate[]
  note?: string | null
}

/** Puts persons on the list (open again when they were there: the LMS may have changed since). One statement. */
export async function openReviews(db: Queryable, reviews: NewReview[]): Promise<void> {
  if (reviews.length === 0) return
  await db.query(
    `INSERT INTO account_reviews (id, tenant_id, connection_id, person_ref, reason, candidate, note)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[])
     ON CONFLICT (connection_id, person_ref) DO UPDATE SET reason = EXCLUDED.reason, candidate = EXCLUDED.candidate,
       note = EXCLUDED.note, status = 'open', decided_at = NULL, created_at = CASE WHEN account_reviews.status = 'done'
       THEN now() ELSE account_reviews.created_at END`,
    [reviews.map(() => randomUUID()), reviews.map((r) => r.tenantId), reviews.map((r) => r.connectionId),
      reviews.map((r) => r.personRef), reviews.map((r) => r.reason), reviews.map((r) => JSON.stringify(r.candidates)),
      reviews.map((r) => r.note ?? null)],
  )
}

/** The rows of these persons on one connection, by person (any status). */
export async function findReviews(db: Queryable, connectionId: string, personRefs: string[]): Promise<Map<string, AccountReview>> {
  if (personRefs.length === 0) return new Map()
  const { rows } = await db.query<Row>('SELECT * FROM account_reviews WHERE connection_id = $1 AND person_ref = ANY($2)', [connectionId, personRefs])
  return new Map(rows.map((r) => [r.person_ref, fromRow(r)]))
}

/** Decisions carried out. */
export async function markReviewsDone(db: Queryable, ids: string[]): Promise<void> {
  if (ids.length === 0) return
  await db.query(`UPDATE account_reviews SET status = 'done' WHERE id = ANY($1)`, [ids])
}

export interface ListedReview extends AccountReview {
  personId: string
  personName: string
  personEmail: string | null
  connectionName: string
}

/** The list of a tenant, newest first; open ones and those whose decision waits for the next reconcile by default. */
export async function listReviews(db: Queryable, tenantId: string, f: { connectionId?: string; status?: ReviewStatus[]; limit?: number } = {}): Promise<ListedReview[]> {
  const { rows } = await db.query<Row & { person_id: string; data: Record<string, unknown>; connection_name: string }>(
    `SELECT r.*, p.person_id, p.data, c.name AS connection_name FROM account_reviews r
       JOIN persons p ON p.id = r.person_ref JOIN connections c ON c.id = r.connection_id
     WHERE r.tenant_id = $1 AND ($2::text IS NULL OR r.connection_id = $2) AND r.status = ANY($3)
     ORDER BY r.created_at DESC, r.id LIMIT $4`,
    [tenantId, f.connectionId ?? null, f.status ?? ['open', 'link', 'new-account'], f.limit ?? 500],
  )
  return rows.map((r) => {
    const d = r.data as { firstName?: string; namePrefix?: string; lastName?: string; email1?: string }
    return {
      ...fromRow(r), personId: r.person_id, connectionName: r.connection_name, personEmail: d.email1 ?? null,
      personName: [d.firstName, d.namePrefix, d.lastName].filter((p) => p && p !== '').join(' '),
    }
  })
}

export async function getReview(db: Queryable, tenantId: string, id: string): Promise<AccountReview | null> {
  const { rows } = await db.query<Row>('SELECT * FROM account_reviews WHERE tenant_id = $1 AND id = $2', [tenantId, id])
  return rows[0] ? fromRow(rows[0]) : null
}

/**
 * Records a decision on an open review (or changes one not yet carried out). `lmsUserId` picks the account to link
 * among several candidates. Returns null when the review is not open for a decision.
 */
export async function decideReview(db: Queryable, tenantId: string, id: string, decision: 'link' | 'new-account', lmsUserId?: string): Promise<AccountReview | null> {
  const { rows } = await db.query<Row>(
    `UPDATE account_reviews SET status = $3, decided_at = now(), note = NULL,
       candidate = CASE WHEN $4::text IS NULL THEN candidate
         ELSE (SELECT coalesce(jsonb_agg(c), '[]'::jsonb) FROM jsonb_array_elements(candidate) c WHERE c->>'lmsUserId' = $4) END
     WHERE tenant_id = $1 AND id = $2 AND status IN ('open', 'link', 'new-account') RETURNING *`,
    [tenantId, id, decision, lmsUserId ?? null],
  )
  return rows[0] ? fromRow(rows[0]) : null
}

/** The registrations meant to be active of a person on a connection: the ones a decision moves on. */
export async function registrationsToMoveOn(db: Queryable, connectionId: string, personRef: string): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT r.id FROM registrations r JOIN course_definitions c ON c.id = r.course_definition_id
     WHERE r.person_ref = $1 AND c.connection_id = $2 AND r.desired = 'active'`,
    [personRef, connectionId],
  )
  return rows.map((r) => r.id)
}
