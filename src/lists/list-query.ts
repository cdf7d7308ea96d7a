// Lists that scale: one declaration per list (what it reads, how it filters and sorts, its CSV columns),
// and one query builder for all of them. The API, the Service Center's pages and the CSV exports all read a
// list through here, so a filter means the same thing everywhere.
//
// Paging is by offset with a limit (the page sizes below); the total comes from a count over the same
// filter. Filters: state, course (code), connection (id), date range (days in the tenant's time zone, both
// inclusive) and a text search on the person (TMS person id exactly, or part of the name or e-mail address).
import { z } from 'zod'
import type { Queryable } from '../store/database.ts'

export const pageSizes = [25, 50, 100, 200] as const
export const defaultPageSize = 50

export interface CsvColumn<Row> {
  header: string
  value: (row: Row) => string | number | boolean | Date | null | undefined
}

/** A placeholder ($n) in, an SQL condition out. */
type Condition = (placeholder: string) => string

export interface ListSpec<Row> {
  /** Names the export file. */
  name: string
  /** FROM … JOIN … (aliases the other parts use). */
  from: string
  select: string
  /** The tenant column. */
  tenant: string
  /** A condition every row of this list meets (the attention list's states, the step log's calls). */
  where?: string
  /** The states a row can be in, and the condition for one. */
  statuses?: readonly string[]
  status?: Condition
  course?: Condition
  connection?: Condition
  /** The text search on the person (see personSearch). */
  search?: (exact: string, like: string) => string
  /** The column the date range applies to. */
  date: string
  /** Sort keys → SQL expressions; the id breaks ties. */
  sorts: Record<string, string>
  defaultSort: readonly [key: string, dir: 'asc' | 'desc']
  id: string
  columns: CsvColumn<Row>[]
}

/** The person search most lists use: p = persons. */
export const personSearch = (p: string, extraExact: string[] = []) => (exact: string, like: string) =>
  `(${[`${p}.person_id = ${exact}`, ...extraExact.map((c) => `${c} = ${exact}`),
    `concat_ws(' ', ${p}.data->>'firstName', ${p}.data->>'namePrefix', ${p}.data->>'lastName') ILIKE ${like}`,
    `${p}.data->>'email1' ILIKE ${like}`].join(' OR ')})`

const day = z.iso.date()

/**
 * The query a list takes (API querystring and page URL alike), with the states and sort keys of this list.
 * Empty values are dropped before parsing (an HTML form sends "status=" for "all").
 */
export function listQuerySchema(spec: ListSpec<unknown>) {
  const sortKeys = Object.keys(spec.sorts) as [string, ...string[]]
  return z.strictObject({
    q: z.string().max(200).optional().describe('Person: the TMS person id exactly, or part of the name or e-mail address.'),
    ...(spec.statuses ? { status: z.enum(spec.statuses as [string, ...string[]]).optional() } : {}),
    ...(spec.course ? { course: z.string().max(100).optional().describe('A course code.') } : {}),
    ...(spec.connection ? { connection: z.string().max(64).optional().describe('A connection id.') } : {}),
    from: day.optional().describe('From this day (UTC), inclusive.'),
    to: day.optional().describe('Up to this day (UTC), inclusive.'),
    sort: z.enum(sortKeys).optional(),
    dir: z.enum(['asc', 'desc']).optional(),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
    limit: z.coerce.number().int().refine((n) => (pageSizes as readonly number[]).includes(n), `one of ${pageSizes.join(', ')}`)
      .default(defaultPageSize).describe(`Page size: ${pageSizes.join(', ')}.`),
  })
}

export interface ListQuery {
  q?: string
  status?: string
  course?: string
  connection?: string
  from?: string
  to?: string
  sort?: string
  dir?: 'asc' | 'desc'
  offset: number
  limit: number
  /** The time zone the days of the date range are in (the tenant's); UTC without one. */
  timeZone?: string
}

/** Drops empty values (an HTML form's "all") and keeps the first of a repeated one. */
export function cleanQuery(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries((raw ?? {}) as Record<string, unknown>)) {
    const value = Array.isArray(v) ? v[0] : v
    if (typeof value === 'string' && value.trim() !== '') out[k] = value.trim()
  }
  return out
}

function whereOf(spec: ListSpec<unknown>, tenantId: string, q: ListQuery): { sql: string; params: unknown[] } {
  const params: unknown[] = [tenantId]
  const clauses = [`${spec.tenant} = $1`]
  const ph = (value: unknown) => {
    params.push(value)
    return `$${params.length}`
  }
  if (spec.where) clauses.push(spec.where)
  if (q.status && spec.status) clauses.push(spec.status(ph(q.status)))
  if (q.course && spec.course) clauses.push(spec.course(ph(q.course)))
  if (q.connection && spec.connection) clauses.push(spec.connection(ph(q.connection)))
  // A day starts at midnight in the tenant's time zone: "3 December" in Amsterdam begins at 23:00 UTC.
  const zone = q.from || q.to ? ph(q.timeZone ?? 'UTC') : ''
  if (q.from) clauses.push(`${spec.date} >= (${ph(q.from)}::date::timestamp AT TIME ZONE ${zone})`)
  if (q.to) clauses.push(`${spec.date} < ((${ph(q.to)}::date + 1)::timestamp AT TIME ZONE ${zone})`)
  const search = q.q?.trim()
  if (search && spec.search) {
    const exact = ph(search)
    clauses.push(spec.search(exact, ph(`%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)))
  }
  return { sql: clauses.join(' AND '), params }
}

function orderOf(spec: ListSpec<unknown>, q: ListQuery): string {
  const key = q.sort && Object.hasOwn(spec.sorts, q.sort) ? q.sort : spec.defaultSort[0]
  const dir = q.sort ? (q.dir ?? 'asc') : (q.dir ?? spec.defaultSort[1])
  const d = dir === 'desc' ? 'DESC' : 'ASC'
  return `${spec.sorts[key]} ${d} NULLS LAST, ${spec.id} ${d}`
}

/** The sort a list is shown in: the key and direction asked for, else the list's default. */
export function effectiveSort(spec: ListSpec<unknown>, q: Pick<ListQuery, 'sort' | 'dir'>): [string, 'asc' | 'desc'] {
  if (q.sort && Object.hasOwn(spec.sorts, q.sort)) return [q.sort, q.dir ?? 'asc']
  return [spec.defaultSort[0], q.dir ?? spec.defaultSort[1]]
}

/** One page of the list and the number of rows the filter matches. */
export async function runList<Row>(db: Queryable, spec: ListSpec<Row>, tenantId: string, q: ListQuery): Promise<{ rows: Row[]; total: number }> {
  const s = spec as ListSpec<unknown>
  const where = whereOf(s, tenantId, q)
  const { rows: counted } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${spec.from} WHERE ${where.sql}`, where.params)
  const n = where.params.length
  const { rows } = await db.query<Row>(
    `SELECT ${spec.select} FROM ${spec.from} WHERE ${where.sql} ORDER BY ${orderOf(s, q)} LIMIT $${n + 1} OFFSET $${n + 2}`,
    [...where.params, q.limit, q.offset],
  )
  return { rows, total: counted[0]?.n ?? 0 }
}

/** Every row the filter matches, in chunks (for a CSV export: memory stays flat however long the list). */
export async function* allRows<Row>(db: Queryable, spec: ListSpec<Row>, tenantId: string, q: ListQuery, chunk = 1000): AsyncGenerator<Row[]> {
  const s = spec as ListSpec<unknown>
  const where = whereOf(s, tenantId, q)
  const n = where.params.length
  for (let offset = 0; ; offset += chunk) {
    const { rows } = await db.query<Row>(
      `SELECT ${spec.select} FROM ${spec.from} WHERE ${where.sql} ORDER BY ${orderOf(s, q)} LIMIT $${n + 1} OFFSET $${n + 2}`,
      [...where.params, chunk, offset],
    )
    if (rows.length > 0) yield rows
    if (rows.length < chunk) return
  }
}

/** The ids of every row the filter matches (the attention list's "retry all filtered"), at most `max`. */
export async function allIds(db: Queryable, spec: ListSpec<unknown>, tenantId: string, q: ListQuery, max: number): Promise<string[]> {
  const where = whereOf(spec, tenantId, q)
  const { rows } = await db.query<{ id: string }>(
    `SELECT ${spec.id} AS id FROM ${spec.from} WHERE ${where.sql} ORDER BY ${orderOf(spec, q)} LIMIT $${where.params.length + 1}`,
    [...where.params, max],
  )
  return rows.map((r) => r.id)
}
