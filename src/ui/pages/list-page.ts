// One long list as a page of the Service Center (filters, sortable table, pages) and its CSV export
// (`<path>.csv`, the same filter): the logs, the attention list, persons, results, notifications and
// registrations are all made by this. A page is declared per request, in the request's language.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from '../html.ts'
import { i18nOf, sendPage, sessionOf, type PageI18n, type UiDeps } from '../ui-context.ts'
import type { NavKey } from '../layout.ts'
import { filterForm, pager, parseListQuery, sendCsv, sortHeader, type ListControls } from '../list-view.ts'
import { runList, type ListSpec } from '../../lists/list-query.ts'
import { listCourseDefinitions } from '../../store/course-definitions.ts'
import { listConnections } from '../../store/connections.ts'
import { translator } from '../i18n/i18n.ts'
import { dateTimeFormatter } from '../i18n/format-time.ts'

export interface ListPage<Row> {
  path: string
  spec: ListSpec<Row>
  title: string
  current?: NavKey
  statusLabels?: Record<string, string>
  searchLabel?: string
  /** Above the filters (an introduction, the logs' own navigation). */
  intro?: Html
  /** The table's columns: label and sort key. */
  columns: [label: string, sort?: string][]
  row: (r: Row, c: ListControls) => Html
  /** Shown instead of an empty table: without a filter, and with one. */
  empty: string
  noMatch: string
  /** Wraps the table (the attention list's retry form). */
  wrap?: (table: Html, c: ListControls) => Html
  /** The filter of the page opened without any (the notifications: the open ones). */
  defaults?: Record<string, string>
  /** Extra HTML after the list (a form on the same page). */
  after?: Html
}

const english: PageI18n = { ...translator('en'), timeZone: 'UTC', when: dateTimeFormatter('en', 'UTC') }

/** A list page in the language of a request. */
export type ListPageOf<Row> = (i18n: PageI18n) => ListPage<Row>

/** The list's query from the request: its own filter, or the page's default filter when it has none. */
function queryOf(p: { spec: ListSpec<unknown>; defaults?: Record<string, string> }, request: FastifyRequest, i18n: PageI18n) {
  const given = request.query as Record<string, unknown> | undefined
  const bare = !given || Object.keys(given).every((k) => k === 'done')
  return { ...parseListQuery(p.spec, bare && p.defaults ? { ...p.defaults } : given), timeZone: i18n.timeZone }
}

export async function renderListPage<Row>(deps: UiDeps, make: ListPageOf<Row>, request: FastifyRequest, reply: FastifyReply, o: { status?: number; error?: string | null } = {}) {
  const { ctx } = deps
  const { tenantId, csrfToken } = sessionOf(request)
  const i18n = i18nOf(request)
  const p = make(i18n)
  const query = queryOf(p as ListPage<unknown>, request, i18n)
  const [{ rows, total }, courses, connections] = await Promise.all([
    runList(ctx.db, p.spec, tenantId, query),
    p.spec.course ? listCourseDefinitions(ctx.db, tenantId) : Promise.resolve([]),
    p.spec.connection ? listConnections(ctx.db, ctx.box, tenantId) : Promise.resolve([]),
  ])
  const c: ListControls = {
    path: p.path, spec: p.spec as ListSpec<unknown>, query, total, statusLabels: p.statusLabels, searchLabel: p.searchLabel, csrfToken, i18n,
    courses: courses.map((x) => ({ code: x.code, name: x.name })), connections: connections.map((x) => ({ id: x.id, name: x.name })),
  }
  const filtered = Boolean(query.q || query.status || query.course || query.connection || query.from || query.to)
  const table = html`<div class="table-wrap"><table data-list="${p.spec.name}">
  <caption>${p.title}</caption>
  <thead><tr>${p.columns.map(([label, key]) => sortHeader(c, label, key))}</tr></thead>
  <tbody>${rows.map((r) => p.row(r, c))}</tbody>
</table></div>`
  const body = html`<h1>${p.title}</h1>
${p.intro ?? ''}
${filterForm(c)}
${pager(c)}
${rows.length === 0 ? html`<p class="empty">${filtered ? p.noMatch : p.empty}</p>` : p.wrap ? p.wrap(table, c) : table}
${p.after ?? ''}`
  return sendPage(request, reply, { title: p.title, current: p.current, body, status: o.status, error: o.error })
}

/** Registers the page and its CSV export (every row the page's filter matches, in the page's sort). */
export function listPageRoutes<Row>(ui: FastifyInstance, deps: UiDeps, make: ListPageOf<Row>) {
  const declared = make(english)
  const path = declared.path.replace(/^\/ui/, '')
  ui.get(path, async (request, reply) => renderListPage(deps, make, request, reply))
  ui.get(`${path}.csv`, async (request, reply) => {
    const { tenantId, adminUserId } = sessionOf(request)
    request.log.info({ list: declared.spec.name, adminUserId }, 'list exported as CSV')
    return sendCsv(reply, deps.ctx.db, declared.spec, tenantId, queryOf(declared as ListPage<unknown>, request, i18nOf(request)))
  })
}
