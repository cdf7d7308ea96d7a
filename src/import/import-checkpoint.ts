// How far an import file got (table import_checkpoints, migration 20), keyed by tenant and the file's
// SHA-256: a changed file is a new import, the same file continues after its last done line.
import type { Queryable } from '../store/database.ts'

export interface Checkpoint {
  fileName: string
  totalRows: number
  /** The last line applied or refused; rows up to it are not read again. */
  lastLine: number
  rowsDone: number
  rowsApplied: number
  rowsRefused: number
  startedAt: Date
  finishedAt: Date | null
}

interface Row {
  file_name: string
  total_rows: number
  last_line: number
  rows_done: number
  rows_applied: number
  rows_refused: number
  started_at: Date
  finished_at: Date | null
}

const fromRow = (r: Row): Checkpoint => ({
  fileName: r.file_name, totalRows: r.total_rows, lastLine: r.last_line, rowsDone: r.rows_done,
  rowsApplied: r.rows_applied, rowsRefused: r.rows_refused, startedAt: r.started_at, finishedAt: r.finished_at,
})

export async function findCheckpoint(db: Queryable, tenantId: string, sha256: string): Promise<Checkpoint | null> {
  const { rows } = await db.query<Row>('SELECT * FROM import_checkpoints WHERE tenant_id = $1 AND file_sha256 = $2', [tenantId, sha256])
  return rows[0] ? fromRow(rows[0]) : null
}

/** Starts the file from its first row (a new file, or one imported completely before). */
export async function startCheckpoint(db: Queryable, tenantId: string, sha256: string, fileName: string, totalRows: number) {
  const { rows } = await db.query<Row>(
    `INSERT INTO import_checkpoints (tenant_id, file_sha256, file_name, total_rows) VALUES ($1, $2, $3, $4)
     ON CONFLICT (tenant_id, file_sha256) DO UPDATE SET file_name = EXCLUDED.file_name, total_rows = EXCLUDED.total_rows,
       last_line = 0, rows_done = 0, rows_applied = 0, rows_refused = 0, started_at = now(), updated_at = now(), finished_at = NULL
     RETURNING *`,
    [tenantId, sha256, fileName, totalRows],
  )
  return fromRow(rows[0]!)
}

/** Records rows as done up to lastLine, after they were applied or refused (a chunk at a time). */
export async function advanceCheckpoint(db: Queryable, tenantId: string, sha256: string, lastLine: number, applied: number, refused: number) {
  await db.query(
    `UPDATE import_checkpoints SET last_line = $3, rows_done = rows_done + $4 + $5,
       rows_applied = rows_applied + $4, rows_refused = rows_refused + $5, updated_at = now()
     WHERE tenant_id = $1 AND file_sha256 = $2`,
    [tenantId, sha256, lastLine, applied, refused],
  )
}

export async function finishCheckpoint(db: Queryable, tenantId: string, sha256: string) {
  const { rows } = await db.query<Row>(
    'UPDATE import_checkpoints SET finished_at = now(), updated_at = now() WHERE tenant_id = $1 AND file_sha256 = $2 RETURNING *',
    [tenantId, sha256],
  )
  return fromRow(rows[0]!)
}
