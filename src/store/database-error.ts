// What a failed statement may tell a log: its name (the first words: "INSERT INTO persons") and the error
// code. Database errors carry more: PGlite attaches the statement's parameters, PostgreSQL's `detail`
// quotes the values ("Key (email)=(anna@example.org) already exists"), and a message can quote the value
// it could not read. Those are person data, password hashes and secrets; they never leave this module.
export class DatabaseQueryError extends Error {
  override readonly name = 'DatabaseQueryError'
  constructor(
    /** SQLSTATE, e.g. 23505. */
    readonly code: string,
    /** The statement's first words. */
    readonly statement: string,
    /** The constraint a violation names (a schema name, not data). */
    readonly constraint?: string,
  ) {
    const what = sqlstateText[code] ?? `SQLSTATE ${code}`
    super(`database error ${code} (${what}) in "${statement}"${constraint ? `, constraint ${constraint}` : ''}`)
  }
}

/**
 * PostgreSQL's own wording for the codes callers read (no data in them). pg-boss tells a race of two
 * processes creating its schema by "already exists" and "division by zero", a missing queue by "foreign key".
 */
const sqlstateText: Record<string, string> = {
  '23505': 'unique violation', '23503': 'foreign key violation', '23502': 'not null violation', '23514': 'check violation',
  '42P07': 'relation already exists', '42710': 'object already exists', '42P06': 'schema already exists',
  '42P01': 'relation does not exist', '42703': 'column does not exist', '22012': 'division by zero',
  '22P02': 'invalid text representation', '22001': 'value too long', '53100': 'disk full', '25006': 'read only transaction',
  '40001': 'serialization failure', '40P01': 'deadlock detected', '57014': 'query canceled', '57P01': 'admin shutdown',
}

const isSqlstate = (code: unknown): code is string => typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)

/** The first words of a statement, enough to know which one failed: "INSERT INTO persons", "UPDATE mails". */
export function statementName(sql: string): string {
  const words = sql.replace(/--[^\n]*\n/g, ' ').trim().split(/\s+/)
  const first = (words[0] ?? '').toUpperCase()
  const take = first === 'INSERT' || first === 'DELETE' || first === 'WITH' ? 3 : first === 'SELECT' ? 1 : 2
  const name = words.slice(0, take).join(' ').replace(/[^A-Za-z0-9_ .()]/g, '')
  if (first !== 'SELECT') return name.slice(0, 80)
  const from = /\bFROM\s+([A-Za-z0-9_."]+)/i.exec(sql)
  return `SELECT … FROM ${from ? from[1]!.replace(/"/g, '') : '?'}`.slice(0, 80)
}

/**
 * The error to throw in place of what the database library threw: a database error (it has a SQLSTATE)
 * becomes a DatabaseQueryError; anything else (a refused connection, a file-system error of the embedded
 * database) holds no statement data and is thrown as it is, for the callers that read its code.
 */
export function safeDatabaseError(err: unknown, sql: string): unknown {
  const e = (err ?? {}) as { code?: unknown; constraint?: unknown }
  if (!isSqlstate(e.code)) return err
  const constraint = typeof e.constraint === 'string' && /^[A-Za-z0-9_]{1,63}$/.test(e.constraint) ? e.constraint : undefined
  return new DatabaseQueryError(e.code, statementName(sql), constraint)
}

/** Runs one statement; a failure comes out as a DatabaseQueryError. */
export async function guarded<T>(sql: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (err) {
    throw safeDatabaseError(err, sql)
  }
}
