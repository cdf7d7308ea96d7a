// The floor for ILIAS: the least a script can do to register new persons in an ILIAS course over SOAP — per 50
// persons, in sequence, one importUsers (conflict rule 1, global role User) and then one assignCourseMember per
// person (ILIAS has no batched membership call). No lookups (the persons are new: their ids carry the run's
// prefix), no database, no queue, no retries, no mails. It speaks SOAP through coursebridge's SOAP client (the
// envelope and session handling only) and builds the import document with coursebridge's writer.
import { IliasSoapClient } from '../src/lms/ilias/ilias-soap-client.ts'
import { buildUserImportXml, parseImportResult } from '../src/lms/ilias/ilias-user-xml.ts'
import type { BaselineResult } from './baseline.ts'

export interface IliasBaselineTarget {
  url: string
  client: string
  username: string
  password: string
  /** Ref id of the course. */
  refId: number
}

/** ILIAS's standard global role "User" (obj id 4), as coursebridge's default. */
const userRole = { id: 4, title: 'User' }

/** Registers persons `${prefix}${0..size-1}` (new accounts) into the course; throws on any ILIAS error. */
export async function runIliasBaseline(target: IliasBaselineTarget, prefix: string, size: number, batch = 50): Promise<BaselineResult> {
  let calls = 0
  const soap = new IliasSoapClient({ baseUrl: target.url, client: target.client, username: target.username, password: target.password, observer: () => calls++ })
  const text = async (operation: string, params: Parameters<IliasSoapClient['call']>[1], items = 1) => {
    const answer = await soap.call(operation, params, items)
    if (answer.kind !== 'scalar') throw new Error(`baseline: ${operation} answered an array`)
    return answer.text
  }
  const started = performance.now()
  try {
    for (let from = 0; from < size; from += batch) {
      const ids = Array.from({ length: Math.min(batch, size - from) }, (_, k) => `${prefix}${from + k}`)
      const xml = buildUserImportXml(ids.map((id) => ({
        id: `baseline_${id}`, language: 'en', action: 'Insert' as const, login: id.toLowerCase(), globalRole: userRole,
        password: `Base-${id}-Pass1!`, firstname: 'Baseline', lastname: `User ${id}`, gender: 'f' as const, email: `${id.toLowerCase()}@example.org`,
      })))
      const protocol = await text('importUsers', {
        folder_id: { type: 'int', value: -1 }, usr_xml: { type: 'string', value: xml },
        conflict_rule: { type: 'int', value: 1 }, send_account_mail: { type: 'int', value: 0 },
      }, ids.length)
      const rows = parseImportResult(protocol)
      const created = rows.filter((r) => r.action === 'Insert' && r.userid > 0)
      if (created.length !== ids.length) throw new Error(`baseline: importUsers created ${created.length} of ${ids.length}: ${protocol.slice(0, 300)}`)
      for (const row of created) {
        const ok = await text('assignCourseMember', {
          course_id: { type: 'int', value: target.refId }, user_id: { type: 'int', value: row.userid }, type: { type: 'string', value: 'Member' },
        })
        if (ok !== 'true' && ok !== '1') throw new Error(`baseline: assignCourseMember answered ${ok}`)
      }
    }
    return { size, totalMs: performance.now() - started, calls }
  } finally {
    await soap.logout().catch(() => undefined)
  }
}
