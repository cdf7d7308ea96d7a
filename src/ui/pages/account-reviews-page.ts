// Accounts to review: LMS accounts found by a person's e-mail that wait for a decision (link it / create a new
// account), and the adoption report that compares every person with the LMS before go-live (read-only).
import type { FastifyInstance } from 'fastify'
import { html, type Html } from '../html.ts'
import { csrfField, uiBase } from '../layout.ts'
import { formOf, i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import { adoptionReport, decideAccountReview, listAccountReviews, type AdoptionReport, type ReportEntry } from '../../services/account-adoption.ts'
import { listConnections } from '../../store/connections.ts'
import type { ReviewCandidate } from '../../store/account-reviews.ts'

export function accountReviewRoutes(ui: FastifyInstance, { ctx }: UiDeps) {
  ui.get('/account-reviews', async (request, reply) => {
    const { tenantId, csrfToken } = sessionOf(request)
    const i18n = i18nOf(request)
    const { t } = i18n
    const query = request.query as { decided?: string; connection?: string }
    const reviews = await listAccountReviews(ctx, tenantId)
    const connections = await listConnections(ctx.db, ctx.box, tenantId)
    const report = query.connection && connections.some((c) => c.id === query.connection)
      ? await adoptionReport(ctx, tenantId, query.connection) : null
    const decided = query.decided === 'link' ? t('accountReviews.decided.link') : query.decided === 'new-account' ? t('accountReviews.decided.newAccount') : null
    const states = { open: t('accountReviews.state.open'), link: t('accountReviews.state.link'), 'new-account': t('accountReviews.state.newAccount'), done: '' }
    const body = html`
<h1>${t('accountReviews.title')}</h1>
<p>${t('accountReviews.intro')}</p>
${decided ? html`<p class="notice" role="status">${decided}</p>` : ''}
${reviews.length === 0 ? html`<p>${t('accountReviews.none')}</p>` : html`
<table class="account-reviews">
  <caption>${t('accountReviews.caption', { count: reviews.length })}</caption>
  <thead><tr><th scope="col">${t('accountReviews.col.person')}</th><th scope="col">${t('accountReviews.col.connection')}</th>
    <th scope="col">${t('accountReviews.col.account')}</th><th scope="col">${t('accountReviews.col.why')}</th>
    <th scope="col">${t('accountReviews.col.state')}</th><th scope="col">${t('accountReviews.col.actions')}</th></tr></thead>
  <tbody>${reviews.map((r) => html`<tr data-review-id="${r.id}">
    <td>${r.personName || r.personId}<br><span class="subtle">${r.personId}</span></td>
    <td><a href="${uiBase}/connections/${r.connectionId}">${r.connectionName}</a></td>
    <td>${r.candidates.map((c) => candidate(t, c))}</td>
    <td>${r.why}</td>
    <td>${states[r.status]}${r.note ? html`<p class="hint">${r.note}</p>` : ''}</td>
    <td>${r.status === 'done' ? '' : html`
      ${r.candidates.map((c) => html`<form method="post" action="${uiBase}/account-reviews/${r.id}/link">${csrfField(csrfToken)}
        <input type="hidden" name="lmsUserId" value="${c.lmsUserId}">
        <button type="submit" class="primary">${r.candidates.length === 1 ? t('accountReviews.linkIt') : t('accountReviews.linkAccount', { id: c.lmsUserId })}</button>
        ${c.externalKey ? html`<p class="hint">${t('accountReviews.replacesKey', { key: c.externalKey })}</p>` : ''}
      </form>`)}
      <p class="hint">${t('accountReviews.linkHint')}</p>
      <form method="post" action="${uiBase}/account-reviews/${r.id}/new-account">${csrfField(csrfToken)}
        <button type="submit">${t('accountReviews.newAccount')}</button>
      </form>
      <p class="hint">${t('accountReviews.newAccountHint')}</p>`}</td>
  </tr>`)}</tbody>
</table>`}
<section aria-labelledby="report-h" class="panel">
  <h2 id="report-h">${t('accountReviews.report.title')}</h2>
  <p>${t('accountReviews.report.intro')}</p>
  <form method="get" action="${uiBase}/account-reviews" class="stack">
    <label>${t('accountReviews.report.connection')}
      <select name="connection">${connections.map((c) => html`<option value="${c.id}"${c.id === query.connection ? html` selected` : ''}>${c.name}</option>`)}</select></label>
    <button type="submit">${t('accountReviews.report.run')}</button>
  </form>
  ${report ? reportView(i18n, report) : ''}
</section>`
    return sendPage(request, reply, { title: t('accountReviews.title'), current: 'account-reviews', body })
  })

  ui.post<{ Params: { id: string } }>('/account-reviews/:id/link', async (request, reply) => {
    const lmsUserId = formOf(request).lmsUserId || undefined
    await decideAccountReview(ctx, sessionOf(request).tenantId, request.params.id, 'link', lmsUserId)
    return reply.redirect(`${uiBase}/account-reviews?decided=link`, 303)
  })

  ui.post<{ Params: { id: string } }>('/account-reviews/:id/new-account', async (request, reply) => {
    await decideAccountReview(ctx, sessionOf(request).tenantId, request.params.id, 'new-account')
    return reply.redirect(`${uiBase}/account-reviews?decided=new-account`, 303)
  })
}

function candidate(t: PageI18n['t'], c: ReviewCandidate): Html {
  const name = [c.firstName, c.lastName].filter(Boolean).join(' ')
  return html`<div class="candidate" data-lms-user-id="${c.lmsUserId}"><strong>${c.lmsUserId}</strong> ${c.loginName ?? ''}<br>${c.email ?? ''}<br>${name}
    <br><span class="subtle">${c.externalKey ? t('accountReviews.key', { key: c.externalKey }) : t('accountReviews.noKey')}</span></div>`
}

function reportView({ t }: PageI18n, r: AdoptionReport): Html {
  const list = (entries: ReportEntry[], total: number) => entries.length === 0 ? '' : html`<ul>${entries.slice(0, 50).map((e) => html`<li>${e.personId} · ${e.email}${
    e.accounts.map((a) => html` → ${a.lmsUserId} (${a.loginName ?? '?'}${a.externalKey ? `, ${a.externalKey}` : ''})`)}</li>`)}
    ${total > Math.min(50, entries.length) ? html`<li>${t('accountReviews.report.more', { count: total - Math.min(50, entries.length) })}</li>` : ''}</ul>`
  return html`<div class="adoption-report" role="status">
  <h3>${t('accountReviews.report.result', { name: r.connectionName, policy: r.policy })}</h3>
  <dl class="facts">
    <dt>${t('accountReviews.report.persons')}</dt><dd data-count="persons">${r.counts.persons}</dd>
    <dt>${t('accountReviews.report.matchedByKey')}</dt><dd data-count="matchedByKey">${r.counts.matchedByKey}</dd>
    <dt>${t('accountReviews.report.adoptable')}</dt><dd data-count="adoptable">${r.counts.adoptable}${list(r.adoptable, r.counts.adoptable)}</dd>
    <dt>${t('accountReviews.report.conflicts')}</dt><dd data-count="conflicts">${r.counts.conflicts}${list(r.conflicts, r.counts.conflicts)}</dd>
    <dt>${t('accountReviews.report.notFound')}</dt><dd data-count="notFound">${r.counts.notFound}
      ${r.counts.notFoundUnsure > 0 ? html`<p class="hint">${t('accountReviews.report.unsure', { count: r.counts.notFoundUnsure })}</p>` : ''}</dd>
  </dl>
  <p class="hint">${t('accountReviews.report.calls', { count: r.lmsCalls })}</p>
</div>`
}
