// The column layout of an import file (README "Bulk import"): one header row naming the columns, in any
// order; names are matched without regard to case or surrounding spaces.
import { ImportFileError } from './import-file-error.ts'

export const personColumns = [
  'personId', 'externId', 'firstName', 'namePrefix', 'lastName', 'initials', 'gender', 'email1', 'email2', 'email3',
  'freeField1', 'freeField2', 'freeField3', 'freeField4', 'freeField5', 'zipCode', 'birthDate',
  'phoneHome', 'phoneMobile', 'phoneOffice', 'language',
] as const
export const registrationColumns = ['courseCode', 'registrationId', 'action'] as const
export const importColumns = [...personColumns, ...registrationColumns] as const

export type ImportColumn = (typeof importColumns)[number]
export type PersonColumn = (typeof personColumns)[number]

export interface ImportLayout {
  /** The column of each cell position in the file. */
  columns: ImportColumn[]
  /**
   * Whether rows carry the person (a lastName column exists: each row upserts the person like
   * POST /persons) or only refer to a person stored before by personId.
   */
  withPerson: boolean
}

const byLowerName = new Map<string, ImportColumn>(importColumns.map((c) => [c.toLowerCase(), c]))

/** Reads the header row; a layout coursebridge cannot read is a file error, before any row is applied. */
export function readHeader(cells: string[]): ImportLayout {
  const columns: ImportColumn[] = []
  const unknown: string[] = []
  for (const cell of cells) {
    const column = byLowerName.get(cell.trim().toLowerCase())
    if (!column) unknown.push(cell.trim() === '' ? '(empty)' : JSON.stringify(cell.trim().slice(0, 40)))
    else if (columns.includes(column)) throw new ImportFileError(`line 1: the column ${column} appears twice in the header`)
    else columns.push(column)
  }
  if (unknown.length > 0) {
    throw new ImportFileError(`line 1: unknown column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} in the header; ` +
      `the columns are ${importColumns.join(', ')}`)
  }
  for (const required of ['personId', 'courseCode'] as const) {
    if (!columns.includes(required)) throw new ImportFileError(`line 1: the header has no ${required} column`)
  }
  const withPerson = columns.includes('lastName')
  const stray = columns.filter((c) => c !== 'personId' && (personColumns as readonly string[]).includes(c))
  if (!withPerson && stray.length > 0) {
    throw new ImportFileError(`line 1: person columns (${stray.join(', ')}) need a lastName column; ` +
      'leave all person columns but personId out to register persons stored before')
  }
  return { columns, withPerson }
}
