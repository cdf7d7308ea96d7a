// One CSV row → what to do with it, validated by the same zod schemas as the API (POST /registrations
// with a person, or with a personId), so a row the import accepts is one the API would accept.
import { z } from 'zod'
import { registrationCreateSchema } from '../services/registrations.ts'
import type { ImportColumn, ImportLayout } from './import-columns.ts'

export type RegistrationInput = z.output<typeof registrationCreateSchema>

export type RowAction =
  | { kind: 'register'; input: RegistrationInput }
  | { kind: 'cancel'; externalId?: string; personId?: string; courseCode?: string }

export interface RowProblem {
  /** A column name, or "(row)" for the row as a whole. */
  column: string
  message: string
}

export type RowOutcome = { ok: true; action: RowAction } | { ok: false; problems: RowProblem[] }

const shape = registrationCreateSchema.shape
const cancelSchema = z
  .strictObject({ externalId: shape.externalId, personId: shape.personId, courseCode: shape.courseCode.optional() })
  .superRefine((c, ctx) => {
    if (!c.externalId && !(c.personId && c.courseCode)) {
      ctx.addIssue({ code: 'custom', path: ['externalId'], message: 'a cancel row needs the registrationId, or the personId and the courseCode' })
    }
  })

/** Where an API field lives in the file. */
function columnOf(path: PropertyKey[]): string {
  const [first, second] = path
  if (first === 'person' && typeof second === 'string') return second
  if (first === 'externalId') return 'registrationId'
  return typeof first === 'string' ? first : '(row)'
}

/** A zod issue in words a training administrator reads, naming the column (not "Too small: expected string …"). */
function plainMessage(column: string, issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 ? `${column} is empty` : `${column} needs at least ${issue.minimum} characters`
    case 'too_big':
      return `${column} is longer than the ${issue.maximum} characters it may have`
    case 'invalid_type':
      return `${column} is missing`
    default:
      return `${column}: ${issue.message}`
  }
}

/** One problem per column: the first zod finds (an empty personId would otherwise be reported twice). */
export function problemsOf(error: z.ZodError): RowProblem[] {
  const byColumn = new Map<string, RowProblem>()
  for (const issue of error.issues) {
    const column = columnOf(issue.path)
    if (!byColumn.has(column)) byColumn.set(column, { column, message: plainMessage(column, issue) })
  }
  return [...byColumn.values()]
}

export function readRow(layout: ImportLayout, cells: string[]): RowOutcome {
  if (cells.length !== layout.columns.length) {
    return { ok: false, problems: [{ column: '(row)', message: `the row has ${cells.length} fields, the header ${layout.columns.length}: a separator too many or too few` }] }
  }
  const value = new Map<ImportColumn, string>()
  const problems: RowProblem[] = []
  layout.columns.forEach((column, i) => {
    const cell = cells[i]!
    // PostgreSQL text and jsonb cannot hold U+0000; refused here rather than failing in the database.
    if (cell.includes('\u0000')) problems.push({ column, message: `${column} contains a NUL character` })
    if (cell.trim() !== '') value.set(column, cell)
  })
  if (problems.length > 0) return { ok: false, problems }

  const action = (value.get('action') ?? 'register').trim().toLowerCase()
  if (action === 'cancel') {
    const parsed = cancelSchema.safeParse({
      externalId: value.get('registrationId'), personId: value.get('personId'), courseCode: value.get('courseCode'),
    })
    if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) }
    return { ok: true, action: { kind: 'cancel', ...parsed.data } }
  }
  if (action !== 'register') return { ok: false, problems: [{ column: 'action', message: 'action must be register or cancel (or empty: register)' }] }

  const input: Record<string, unknown> = { courseCode: value.get('courseCode') ?? '' }
  if (value.has('registrationId')) input.externalId = value.get('registrationId')
  if (layout.withPerson) {
    const person: Record<string, unknown> = { personId: value.get('personId') ?? '', lastName: value.get('lastName') ?? '' }
    for (const column of layout.columns) {
      if (column === 'courseCode' || column === 'registrationId' || column === 'action') continue
      if (value.has(column)) person[column] = value.get(column)
    }
    input.person = person
  } else {
    input.personId = value.get('personId') ?? ''
  }
  const parsed = registrationCreateSchema.safeParse(input)
  if (!parsed.success) return { ok: false, problems: problemsOf(parsed.error) }
  return { ok: true, action: { kind: 'register', input: parsed.data } }
}
