// The parts every long list of the Service Center shares: the filter form (person, state, course,
// connection, date range, page size), sortable column headers, "rows 1–50 of 2 000" with previous/next,
// and the CSV export of exactly what the filter matches. The lists themselves are in src/lists/.
import type { FastifyReply } from 'fastify'
import { html, type Html } from './html.ts'
import { selectField, textField } from './form-fields.ts'
import { cleanQuery, effectiveSort, listQuerySchema, pageSizes, allRows, type ListQuery, type ListSpec } from '../lists/list-query.ts'
import { csvFileName, csvStream } from '../lists/csv.ts'
import type { Queryable } from '../store/database.ts'
import type { PageI18n } from './ui-context.ts'
import { localeTags } from './i18n/format-time.ts'

/** The list's query from a page URL: empty fields mean "all"; a value the list does not know is dropped. */
export function parseListQuery(spec: ListSpec<unknown>, raw: unknown): ListQuery {
  const schema = listQuerySchema(spec)
  const known = new Set(Object.keys(schema.shape))
  const values = Object.fromEntries(Object.entries(cleanQuery(raw)).filter(([k]) => known.has(k)))
  for (;;) {
    const parsed = schema.safeParse(values)
    if (parsed.success) return parsed.data as ListQuery
    const bad = new Set(parsed.error.issues.map((i) => String(i.path[0] ?? '')))
    const before = Object.keys(values).length
    for (const key of Object.keys(values)) if (bad.has(key) || bad.has('')) delete values[key]
    if (Object.keys(values).length === before) return schema.parse({}) as ListQuery
  }
}

const filterKeys = ['q', 'status', 'course', 'connection', 'from', 'to', 'sort', 'dir', 'limit'] as const

/** The URL of the list with the query (and changes to it); defaults are left out. */
export function listHref(path: string, q: ListQuery, change: Partial<Record<keyof ListQuery, string | number | undefined>> = {}): string {
  const params = new URLSearchParams()
  const merged = { ...q, ...change } as Record<string, unknown>
  for (const key of [...filterKeys, 'offset'] as const) {
    const value = merged[key]
    if (value === undefined || value === '' || (key === 'offset' && value === 0)) continue
    params.set(key, String(value))
  }
  const s = params.toString()
  return s ? `${path}?${s}` : path
}

export interface ListControls {
  path: string
  spec: ListSpec<unknown>
  query: ListQuery
  total: number
  /** Words for the states (status filter); without them the list has no state filter. */
  statusLabels?: Record<string, string>
  courses?: { code: string; name: string }[]
  connections?: { id: string; name: string }[]
  searchLabel?: string
  /** For rows with a form of their own. */
  csrfToken?: string
  i18n: PageI18n
}

export function filterForm(c: ListControls): Html {
  const q = c.query
  const { t } = c.i18n
  const [sort, dir] = effectiveSort(c.spec, q)
  return html`<form method="get" action="${c.path}" class="filters" role="search" aria-label="${t('logs.filter.label')}">
  ${c.spec.search ? textField({ label: c.searchLabel ?? t('logs.filter.person'), name: 'q', type: 'search', value: q.q ?? '' }) : ''}
  ${c.statusLabels && c.spec.statuses ? selectField({
    label: t('logs.filter.state'), name: 'status', value: q.status ?? '',
    options: [['', t('logs.filter.allStates')], ...c.spec.statuses.map((s) => [s, c.statusLabels![s] ?? s] as const)],
  }) : ''}
  ${c.courses && c.spec.course ? selectField({
    label: t('logs.filter.course'), name: 'course', value: q.course ?? '',
    options: [['', t('logs.filter.allCourses')], ...c.courses.map((x) => [x.code, `${x.code} — ${x.name}`] as const)],
  }) : ''}
  ${c.connections && c.spec.connection && c.connections.length > 1 ? selectField({
    label: t('logs.filter.connection'), name: 'connection', value: q.connection ?? '',
    options: [['', t('logs.filter.allConnections')], ...c.connections.map((x) => [x.id, x.name] as const)],
  }) : ''}
  ${textField({ label: t('logs.filter.from'), name: 'from', type: 'date', value: q.from ?? '' })}
  ${textField({ label: t('logs.filter.to'), name: 'to', type: 'date', value: q.to ?? '' })}
  ${selectField({ label: t('logs.filter.pageSize'), name: 'limit', value: String(q.limit), options: pageSizes.map((n) => [String(n), String(n)] as const) })}
  <input type="hidden" name="sort" value="${sort}"><input type="hidden" name="dir" value="${dir}">
  <button type="submit">${t('logs.filter.apply')}</button>
  <a class="button-link" href="${c.path}">${t('logs.filter.clear')}</a>
</form>`
}

/** A column header; with a sort key, a link that sorts by it (again: the other way round). */
export function sortHeader(c: ListControls, label: string, key?: string): Html {
  if (!key) return html`<th scope="col">${label}</th>`
  const [sort, dir] = effectiveSort(c.spec, c.query)
  const active = sort === key
  const next = active && dir === 'asc' ? 'desc' : 'asc'
  return html`<th scope="col"${active ? html` aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"` : ''}><a href="${listHref(c.path, c.query, { sort: key, dir: next, offset: 0 })}">${label}${active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</a></th>`
}

/** "Rows 51–100 of 2 000", previous/next, and the export of the filtered rows. */
export function pager(c: ListControls): Html {
  const { t, locale } = c.i18n
  const n = (x: number) => x.toLocaleString(localeTags[locale])
  const { offset, limit } = c.query
  const first = c.total === 0 ? 0 : offset + 1
  const last = Math.min(offset + limit, c.total)
  return html`<nav class="pager" aria-label="${t('logs.pager.label')}">
  <p data-list-total="${c.total}">${c.total === 0 ? t('logs.pager.none') : t('logs.pager.rows', { first: n(first), last: n(last), total: n(c.total) })}</p>
  ${offset > 0 ? html`<a class="button-link" rel="prev" href="${listHref(c.path, c.query, { offset: Math.max(0, offset - limit) })}">${t('logs.pager.previous')}</a>` : ''}
  ${last < c.total ? html`<a class="button-link" rel="next" href="${listHref(c.path, c.query, { offset: offset + limit })}">${t('logs.pager.next')}</a>` : ''}
  ${c.total === 0 ? '' : html`<a class="button-link" download href="${listHref(`${c.path}.csv`, c.query, { offset: 0 })}">${t('logs.pager.export', { total: n(c.total) })}</a>`}
</nav>`
}

/** Streams every row the filter matches as CSV (the page's own sort, all pages). */
export function sendCsv<Row>(reply: FastifyReply, db: Queryable, spec: ListSpec<Row>, tenantId: string, q: ListQuery) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${csvFileName(spec.name)}"`)
    .send(csvStream(spec.columns, allRows(db, spec, tenantId, q)))
}
