// The simulator's data: ILIAS's object/reference model in memory. Users are objects too
// (obj_id == usr_id); courses have an obj_id and a ref_id (the number in the address bar).
// Fixed ids as in every ILIAS installation: root folder ref/obj 1, System User Folder ref/obj 7,
// root user usr_id 6, global roles Administrator 2, User 4, Guest 5.
import { createHash } from 'node:crypto'

export type MemberRole = 'Admin' | 'Tutor' | 'Member'

export interface SimUser {
  usrId: number
  login: string
  password: string
  firstname: string
  lastname: string
  email: string
  gender: string
  birthday: string
  postalCode: string
  phoneHome: string
  phoneMobile: string
  phoneOffice: string
  matriculation: string
  active: boolean
  language: string
  authMode: string
  /** ExternalAccount (ext_account): unique per auth mode. */
  extAccount: string
  globalRoles: Set<number>
  /** usr_data.approve_date / last_update as ILIAS writes them ("YYYY-MM-DD HH:MM:SS", server wall time). */
  approveDate: string
  lastUpdate: string
}

export interface SimObject {
  objId: number
  type: string
  title: string
  importId: string
  /** Creation order; getObjIdByImportId returns the newest. */
  created: number
}

export interface SimRef {
  refId: number
  objId: number
  parentRefId: number
  deleted: boolean
}

export interface LpMark {
  usrId: number
  objId: number
  /** ut_lp_marks status: 0 not attempted, 1 in progress, 2 completed, 3 failed. */
  status: number
  changedAt: Date
}

export type NewSimUser = Partial<Omit<SimUser, 'globalRoles' | 'login'>> & { login: string; importId?: string; globalRoles?: number[] }

/**
 * How a simulated installation behaves. '5.2' is the live ILIAS 5.2.7 of test/contracts/ilias/live-5.2
 * with its defaults; 'newest' follows the exchanges synthesized from the ILIAS 10 source.
 */
export interface IliasProfile {
  version: '5.2' | 'newest'
  /** Standard Fields → Gender → Required (5.2 default: on). */
  requireGender: boolean
  /** Gender values the import parser accepts (5.2: m, f). */
  genders: readonly string[]
  /** Standard Fields whose "Export" flag is on: only these appear in getUserXML / searchUser (5.2 default: none). */
  exportFields: Set<string>
  /** Time importUsers spends per user record (the live 5.2 took ~0.13–0.3 s). */
  importCostMs: number
}

export const exportableFields = ['firstname', 'lastname', 'gender', 'email', 'birthday', 'matriculation', 'zipcode', 'phone_home', 'phone_mobile', 'phone_office'] as const

export function profileFor(version: IliasProfile['version']): IliasProfile {
  return version === '5.2'
    ? { version, requireGender: true, genders: ['m', 'f'], exportFields: new Set(), importCostMs: 0 }
    : { version, requireGender: false, genders: ['m', 'f', 'n'], exportFields: new Set(exportableFields), importCostMs: 0 }
}

/**
 * A password as the simulator keeps it: in clear, or — in a sandbox restored from coursebridge's database,
 * which keeps no participant's password in clear — as 'sha256:<salt>:<hex of sha256(salt + password)>'.
 */
export function passwordMatches(stored: string, given: string): boolean {
  const hashed = /^sha256:([0-9a-f]+):([0-9a-f]{64})$/.exec(stored)
  if (!hashed) return stored === given
  return createHash('sha256').update(hashed[1]! + given).digest('hex') === hashed[2]
}

export class IliasWorld {
  readonly objects = new Map<number, SimObject>()
  readonly refs = new Map<number, SimRef>()
  readonly users = new Map<number, SimUser>()
  readonly globalRoles = new Map<number, string>([[2, 'Administrator'], [4, 'User'], [5, 'Guest']])
  /** Course obj_id → usr_id → course roles. */
  readonly members = new Map<number, Map<number, Set<MemberRole>>>()
  readonly lpMarks = new Map<string, LpMark>()
  /** Course obj_id → obj ids of its local roles il_crs_admin/tutor/member_<ref>. */
  readonly courseRoles = new Map<number, Record<MemberRole, number>>()
  #nextObjId = 300
  #nextRefId = 80
  #created = 0
  /** Server wall time for new users' approve_date / last_update. */
  now: () => string = () => new Date().toISOString().replace('T', ' ').slice(0, 19)

  constructor(adminUser: string, adminPassword: string, adminUsrId = 6) {
    this.addObject('root', 'ILIAS', { objId: 1, refId: 1, parentRefId: 0 })
    this.addObject('usrf', 'System User Folder', { objId: 7, refId: 7, parentRefId: 1 })
    for (const [id, title] of this.globalRoles) this.addObject('role', title, { objId: id })
    this.addUser({ usrId: adminUsrId, login: adminUser, password: adminPassword, firstname: 'root', lastname: 'user', globalRoles: [2] })
  }

  /** Creates an object, and a reference when refId or parentRefId is given. Returns obj and ref id. */
  addObject(type: string, title: string, opts: { objId?: number; refId?: number; parentRefId?: number; importId?: string } = {}): { objId: number; refId: number | null } {
    const objId = opts.objId ?? this.#nextObjId
    this.#nextObjId = Math.max(this.#nextObjId, objId + 1)
    this.objects.set(objId, { objId, type, title, importId: opts.importId ?? '', created: ++this.#created })
    if (opts.refId === undefined && opts.parentRefId === undefined) return { objId, refId: null }
    const refId = opts.refId ?? this.#nextRefId
    this.#nextRefId = Math.max(this.#nextRefId, refId + 1)
    this.refs.set(refId, { refId, objId, parentRefId: opts.parentRefId ?? 1, deleted: false })
    return { objId, refId }
  }

  addUser(input: NewSimUser): number {
    const usrId = input.usrId ?? this.#nextObjId
    this.addObject('usr', `${input.firstname ?? ''} ${input.lastname ?? ''}`.trim(), { objId: usrId, importId: input.importId })
    this.users.set(usrId, {
      usrId, login: input.login, password: input.password ?? '', firstname: input.firstname ?? '', lastname: input.lastname ?? '',
      email: input.email ?? '', gender: input.gender ?? '', birthday: input.birthday ?? '', postalCode: input.postalCode ?? '',
      phoneHome: input.phoneHome ?? '', phoneMobile: input.phoneMobile ?? '', phoneOffice: input.phoneOffice ?? '',
      matriculation: input.matriculation ?? '', active: input.active ?? true, language: input.language ?? 'en',
      authMode: input.authMode ?? 'default', extAccount: input.extAccount ?? '', globalRoles: new Set(input.globalRoles ?? [4]),
      approveDate: input.approveDate ?? this.now(), lastUpdate: input.lastUpdate ?? this.now(),
    })
    return usrId
  }

  deleteUser(usrId: number): void {
    this.users.delete(usrId)
    this.objects.delete(usrId)
    for (const members of this.members.values()) members.delete(usrId)
  }

  /** ilObjUser::getUserIdByLogin: case-insensitive. */
  userByLogin(login: string): SimUser | undefined {
    const wanted = login.toLowerCase()
    for (const user of this.users.values()) if (user.login.toLowerCase() === wanted) return user
    return undefined
  }

  /** The counters behind the ids handed out (the sandbox stores them with the maps). */
  get counters(): { nextObjId: number; nextRefId: number; created: number } {
    return { nextObjId: this.#nextObjId, nextRefId: this.#nextRefId, created: this.#created }
  }

  set counters(c: { nextObjId: number; nextRefId: number; created: number }) {
    this.#nextObjId = c.nextObjId
    this.#nextRefId = c.nextRefId
    this.#created = c.created
  }

  /** The next object id handed out (a replay sets it to the id the recording shows). */
  setNextObjId(id: number): void {
    this.#nextObjId = id
  }

  typeOfRef(refId: number): string | undefined {
    const ref = this.refs.get(refId)
    return ref ? this.objects.get(ref.objId)?.type : undefined
  }

  /** Ref ids of an object still in the tree. */
  refsOf(objId: number): number[] {
    return [...this.refs.values()].filter((r) => r.objId === objId && !r.deleted).map((r) => r.refId).sort((a, b) => a - b)
  }

  /** The local role ids of a course (made up on first use unless the course was given them). */
  localRoles(objId: number): Record<MemberRole, number> {
    let roles = this.courseRoles.get(objId)
    if (!roles) {
      roles = { Admin: this.addObject('role', 'il_crs_admin').objId, Tutor: this.addObject('role', 'il_crs_tutor').objId, Member: this.addObject('role', 'il_crs_member').objId }
      this.courseRoles.set(objId, roles)
    }
    return roles
  }

  courseMembers(objId: number): Map<number, Set<MemberRole>> {
    let members = this.members.get(objId)
    if (!members) {
      members = new Map()
      this.members.set(objId, members)
    }
    return members
  }

  setLp(usrId: number, objId: number, status: number, changedAt: Date): void {
    this.lpMarks.set(`${usrId}:${objId}`, { usrId, objId, status, changedAt })
  }
}
