// The ILIAS 5.2.7 installation the live recording (test/contracts/ilias/live-5.2) was made on, rebuilt in
// the simulator's '5.2' profile for one case at a time. Its users are not typed in here: they are made by
// replaying the recording's own successful importUsers requests (in usr_id order, up to the case being
// replayed), so they pass through the simulator's import exactly as they passed through ILIAS's.
// Membership and learning progress are set as the README ("Data used") and the answers show them at the
// time of each case; where a case saw an earlier state, its entry in `caseStates` says so.
import { readdirSync, readFileSync } from 'node:fs'
import { createXmlParser, textOf } from '../../../src/lms/ilias/ilias-xml.ts'
import { parseImportResult } from '../../../src/lms/ilias/ilias-user-xml.ts'
import { buildRequestEnvelope, parseResponseEnvelope } from '../../../src/lms/ilias/ilias-soap-client.ts'
import type { IliasSimulator } from '../../../src/lms/ilias/simulator/index.ts'

export const liveDir = new URL('../../contracts/ilias/live-5.2/', import.meta.url)
export const liveClient = 'cbilias'
export const liveAdmin = { user: 'soapadmin', password: 'live-Password1!', usrId: 268 }
export const courseRef = 67

export interface LiveCase {
  case: string
  request: { soap_action: string; body: string }
  response: { status: number; content_type: string; body: string }
  notes?: string
}

export function loadLiveCases(): { file: string; exchange: LiveCase }[] {
  return readdirSync(liveDir).filter((f) => f.endsWith('.json')).sort()
    .map((file) => ({ file, exchange: JSON.parse(readFileSync(new URL(file, liveDir), 'utf8')) as LiveCase }))
}

const envelopeParser = createXmlParser([])

/** The usr_xml, conflict rule and the usr_ids the recording's answer gave, of every successful import. */
function recordedImports(): { case: string; xml: string; rule: number; firstId: number; updates: boolean }[] {
  const imports: { case: string; xml: string; rule: number; firstId: number; updates: boolean }[] = []
  for (const { exchange } of loadLiveCases()) {
    if (!exchange.request.soap_action.endsWith('#importUsers') || exchange.response.status !== 200) continue
    const call = (envelopeParser.parse(exchange.request.body) as Record<string, any>)['Envelope']['Body']['importUsers']
    const answer = parseResponseEnvelope(exchange.response.body)
    if (!('result' in answer) || answer.result.kind !== 'scalar') continue
    const rows = parseImportResult(answer.result.text)
    const ok = rows.filter((r) => r.userid > 0)
    if (ok.length === 0) continue
    imports.push({
      case: exchange.case, xml: textOf(call['usr_xml']).replaceAll('{{PASSWORD}}', 'Recorded-Password1'),
      rule: Number(textOf(call['conflict_rule'])), firstId: Math.min(...ok.map((r) => r.userid)), updates: ok.every((r) => r.action === 'Update'),
    })
  }
  // Inserts first, then the updates of the same user in the order the recording made them.
  return imports.sort((a, b) => a.firstId - b.firstId || Number(a.updates) - Number(b.updates))
}

const imports = recordedImports()

/** Sends one SOAP call to the simulator as the SOAP account. */
async function call(url: string, sid: string, operation: string, params: Parameters<typeof buildRequestEnvelope>[1]): Promise<string> {
  const res = await fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: `"urn:ilUserAdministration#${operation}"` },
    body: buildRequestEnvelope(operation, { sid: { type: 'string', value: sid }, ...params }),
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${operation} while building the recorded installation: ${text}`)
  return text
}

export interface CaseState {
  /** Users with a usr_id below this exist; the next one gets it (default: all recorded users, next 402). */
  upTo?: number
  /** Course 67's members at the time of the case (default below). */
  members?: Record<number, 'Member' | 'Tutor' | 'Admin'>
  /** Learning progress "passed" for usr 288 (set before the getProgressInfo_filter_* cases only). */
  passed288?: boolean
  requireGender?: boolean
  exportFields?: string[]
  soapEnabled?: boolean
}

const defaultMembers: Record<number, 'Member' | 'Tutor' | 'Admin'> = {
  273: 'Member', 275: 'Member', 276: 'Member', 278: 'Member', 279: 'Member', 280: 'Member', 288: 'Member', 289: 'Tutor', 290: 'Admin',
}
function without(usrId: number): Record<number, 'Member' | 'Tutor' | 'Admin'> {
  return Object.fromEntries(Object.entries(defaultMembers).filter(([id]) => Number(id) !== usrId))
}
const exportOn = ['firstname', 'lastname', 'gender', 'email', 'birthday', 'matriculation']

/** The state each case saw, where it differs from the installation as the recording left it. */
export const caseStates: Record<string, CaseState> = {
  getObjIdByImportId_user: { upTo: 399 },
  getObjIdByImportId__after_update_old_id: { upTo: 399 },
  getObjIdByImportId__after_update_new_id: { upTo: 399 },
  isAssignedToCourse_member: { members: { ...defaultMembers, 281: 'Member' } },
  isAssignedToCourse_not_assigned: { members: without(280) },
  isAssignedToCourse_after_exclude: { members: without(289) },
  isAssignedToCourse_after_reassign: { members: { ...defaultMembers, 289: 'Member' } },
  getProgressInfo_course: { members: { 273: 'Member', 275: 'Member', 276: 'Member', 278: 'Member', 279: 'Member', 280: 'Member', 281: 'Member' } },
  getProgressInfo_filter_completed: { passed288: true },
  getProgressInfo_filter_in_progress_failed: { passed288: true },
  getProgressInfo_filter_not_attempted: { passed288: true },
  importUsers_insert_without_gender_not_required: { requireGender: false },
  fault_soap_disabled: { soapEnabled: false },
  getUserXML_birthdays_export_fields_on: { exportFields: exportOn },
  getUserXML_list_export_fields_on: { exportFields: exportOn },
  searchUser_by_email_export_fields_on: { exportFields: exportOn },
}

/** The usr_id a recorded import case created first, so the replay of that case starts there. */
export function insertedBy(caseName: string): number | undefined {
  return imports.find((i) => i.case === caseName && !i.updates)?.firstId
}

/** Builds the installation as `caseName` saw it, in a started '5.2' simulator. */
export async function buildInstallation(sim: IliasSimulator, url: string, caseName: string): Promise<void> {
  const state = caseStates[caseName] ?? {}
  const upTo = state.upTo ?? insertedBy(caseName) ?? 402
  sim.addCourse({ title: 'Coursebridge Test Course', refId: courseRef, objId: 269, localRoles: { Admin: 270, Tutor: 271, Member: 272 } })
  // Users of earlier test runs on that installation (only what the answers show of them).
  const earlier: [number, string, string, string][] = [
    [273, 'tms.p1001', 'Erika', 'Mustermann'], [274, 'earlier.274', 'Earlier', 'User'], [275, 'JoseNunez-Orsted', 'José', 'Ñúñez-Ørsted'],
    [276, 'BenvanderBerg', 'Ben', 'van der Berg'], [277, 'earlier.277', 'Earlier', 'User'], [278, 'DieterWeiss', 'Dieter', 'Weiß'],
    [279, 'ChloeMuller', 'Chloé', 'Müller'],
  ]
  for (const [usrId, login, firstname, lastname] of earlier) sim.addUser({ usrId, login, firstname, lastname, gender: 'f', language: 'de' })
  const login = await fetch(url, {
    method: 'POST', headers: { 'Content-Type': 'text/xml; charset=utf-8', SOAPAction: '"urn:ilUserAdministration#login"' },
    body: buildRequestEnvelope('login', {
      client: { type: 'string', value: liveClient }, username: { type: 'string', value: liveAdmin.user }, password: { type: 'string', value: liveAdmin.password },
    }),
  })
  const answer = parseResponseEnvelope(await login.text())
  const sid = 'result' in answer && answer.result.kind === 'scalar' ? answer.result.text : ''
  for (const recorded of imports) {
    if (recorded.firstId >= upTo) continue
    sim.setRequireGender(recorded.case !== 'importUsers_insert_without_gender_not_required')
    if (!recorded.updates) sim.setNextObjId(recorded.firstId)
    await call(url, sid, 'importUsers', {
      folder_id: { type: 'int', value: -1 }, usr_xml: { type: 'string', value: recorded.xml },
      conflict_rule: { type: 'int', value: recorded.rule }, send_account_mail: { type: 'int', value: 0 },
    })
  }
  await call(url, sid, 'logout', {})
  sim.setNextObjId(upTo)
  sim.setRequireGender(state.requireGender ?? true)
  sim.setExportFields(state.exportFields ?? [])
  sim.setSoapEnabled(state.soapEnabled ?? true)
  for (const [usrId, role] of Object.entries(state.members ?? defaultMembers)) {
    if (sim.users().some((u) => u.usrId === Number(usrId))) sim.addMember(courseRef, Number(usrId), role)
  }
  // Learning progress as the README and the answers show it: server clock UTC for these rows.
  const passed: [number, string][] = [[274, '07:50:46'], [275, '07:53:51'], [276, '07:54:14'], [281, '07:59:59']]
  for (const [usrId, time] of passed) sim.setLearningProgress(usrId, courseRef, 'passed', new Date(`2026-12-03T${time}Z`))
  if (state.passed288) sim.setLearningProgress(288, courseRef, 'passed', new Date('2026-12-03T08:10:00Z'))
}
