// The review list (accounts found by a person's e-mail, waiting for a decision), its two actions, and the
// adoption report that compares every person with the LMS before go-live (read-only).
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import type { AppContext } from '../../services/context.ts'
import { adoptionReport, decideAccountReview, listAccountReviews } from '../../services/account-adoption.ts'
import { parseInput } from '../api-error.ts'
import { operation } from '../api-docs.ts'
import * as answers from '../api-schemas.ts'
import { connectionParams } from './connections.ts'

const query = z.strictObject({
  connectionId: z.string().max(64).optional(),
  state: z.enum(['open', 'all']).default('open').describe('open: waiting for a decision or for the decision to be carried out; all: also the done ones.'),
})
const reviewParams = z.object({ id: z.string().describe('The review id.') })
const linkBody = z.strictObject({ lmsUserId: z.string().max(64).optional().describe('Which account to link when several hold the e-mail address.') }).default({})

type ListedReview = Awaited<ReturnType<typeof listAccountReviews>>[number]
const reviewView = (r: Omit<ListedReview, 'personEmail' | 'personRef' | 'tenantId'> & Partial<ListedReview>) => ({
  id: r.id, connectionId: r.connectionId, connectionName: r.connectionName, personId: r.personId, personName: r.personName,
  reason: r.reason, why: r.why, candidates: r.candidates, status: r.status, note: r.note,
  createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt ? r.decidedAt.toISOString() : null,
})

export function accountReviewRoutes(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/account-reviews', {
    schema: operation({
      operationId: 'listAccountReviews', tag: 'Account reviews', summary: 'The review list: LMS accounts found by a person\'s e-mail, waiting for a decision',
      querystring: query, ok: { 200: answers.lists.accountReviews },
    }),
  }, async (request) => {
    const q = parseInput(query, request.query, 'query')
    const rows = await listAccountReviews(ctx, request.tenantId, {
      connectionId: q.connectionId, status: q.state === 'all' ? ['open', 'link', 'new-account', 'done'] : undefined,
    })
    return { items: rows.map(reviewView) }
  })

  const decide = async (tenantId: string, id: string, decision: 'link' | 'new-account', lmsUserId?: string) => {
    const { review, registrationsQueued } = await decideAccountReview(ctx, tenantId, id, decision, lmsUserId)
    const [listed] = (await listAccountReviews(ctx, tenantId, { status: ['open', 'link', 'new-account', 'done'] })).filter((r) => r.id === review.id)
    return { review: reviewView(listed!), registrationsQueued }
  }

  app.post<{ Params: { id: string } }>('/api/v1/account-reviews/:id/link', {
    schema: operation({
      operationId: 'linkAccountReview', tag: 'Account reviews', summary: 'Link it: adopt the account (the external key is written into it)',
      description: 'The person\'s registrations on the connection are reconciled again: the account gets the external key, is linked and '
        + 'reused, and the person gets the "new course available" mail (never new login details).',
      params: reviewParams, body: linkBody, ok: { 202: answers.accountReviewDecision },
      errors: { 404: ['ACCOUNT_REVIEW_NOT_FOUND'], 409: ['ACCOUNT_REVIEW_DONE'] },
    }),
  }, async (request, reply) => {
    const body = parseInput(linkBody, request.body ?? {})
    return reply.code(202).send(await decide(request.tenantId, request.params.id, 'link', body.lmsUserId))
  })

  app.post<{ Params: { id: string } }>('/api/v1/account-reviews/:id/new-account', {
    schema: operation({
      operationId: 'newAccountForReview', tag: 'Account reviews', summary: 'Create a new account instead of using the one found',
      description: 'Moodle refuses a second account with the same e-mail address unless "Allow accounts with same email" is on; '
        + 'then the entry comes back to the list with a note saying so (LMS_ACCOUNT_SAME_EMAIL_REFUSED).',
      params: reviewParams, ok: { 202: answers.accountReviewDecision },
      errors: { 404: ['ACCOUNT_REVIEW_NOT_FOUND'], 409: ['ACCOUNT_REVIEW_DONE'] },
    }),
  }, async (request, reply) => reply.code(202).send(await decide(request.tenantId, request.params.id, 'new-account')))

  app.get<{ Params: { id: string } }>('/api/v1/connections/:id/adoption-report', {
    schema: operation({
      operationId: 'getAdoptionReport', tag: 'Account reviews', summary: 'Compare every person with the LMS before go-live (read-only)',
      description: 'Looks every person up by external key, then the rest by e-mail (ignoring case), in batched LMS calls: matched by key, '
        + 'adoptable (an account with the e-mail and no key), conflicts (an account with the e-mail and another key, or several), not found. '
        + 'Nothing is written in the LMS or in coursebridge.',
      params: connectionParams, ok: { 200: answers.adoptionReportView }, errors: { 404: ['CONNECTION_NOT_FOUND'] },
    }),
  }, async (request) => adoptionReport(ctx, request.tenantId, request.params.id))
}
