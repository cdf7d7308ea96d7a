/**
 * In-memory ILIAS speaking SOAP 1.1 rpc/encoded (urn:ilUserAdministration) over node:http, with the
 * behaviour of contracts/ilias/ (README + exchanges). Serves the test suite and sandbox connections.
 *
 *   const sim = createIliasSimulator({ client: 'default', adminUser: 'soapadmin', adminPassword: 'secret', latencyMs: 0 })
 *   const url = await sim.start(0)      // → http://127.0.0.1:<port>/webservice/soap/server.php
 *   await sim.stop()
 *
 * Profiles: { profile: '5.2' } behaves as the live ILIAS 5.2.7 recorded in test/contracts/ilias/live-5.2
 * with 5.2's defaults (Gender required and only m/f, no field flagged for export, <Login> needed on
 * Update, text/html and empty faults for session and learning-progress errors, padded progress values);
 * the default 'newest' follows the exchanges synthesized from the ILIAS 10 source.
 *   sim.setRequireGender(false)         // Standard Fields → Gender → "Required" unticked
 *   sim.setExportFields(['firstname', 'email', …])   // Standard Fields → column "Export"
 *   sim.importCostMs = 300              // importUsers answers after 300 ms per user record
 *   createIliasSimulator({ …, cost: calibratedIlias(4) })   // ../../simulator-cost.ts: at most 4 calls served at
 *                                        // once, each after its measured time per call and per user
 *
 * Switches
 *   sim.setSoapEnabled(false)           // login still works, every other call: Server "SOAP is not enabled …"
 *   await sim.setDown(true)             // closes the port (connection refused); setDown(false) reopens the same port
 *   sim.failNext(n, 503)                // next n requests: that HTTP status with an HTML body, no SOAP
 *   sim.expireSessions()                // every sid is now "Session invalid"
 *   sim.latencyMs = 50                  // delay before each answer
 *
 * Data (ids as in a fresh ILIAS: root ref 1, System User Folder ref 7, root user usr_id 6 = adminUser,
 * global roles Administrator 2, User 4, Guest 5; new objects from obj_id 300, new refs from 80)
 *   sim.addCourse({ title, refId?, objId?, parentRefId?, importId? }) → refId
 *   sim.addCategory({ title, refId?, objId?, parentRefId? }) → refId
 *   sim.addUser({ login, password?, firstname?, lastname?, email?, importId?, usrId?, … }) → usrId
 *   sim.addMember(courseRefId, usrId, 'Member' | 'Tutor' | 'Admin')
 *   sim.trash(refId)                    // object moved to the trash
 *   sim.removeGlobalRole(roleId)
 *   sim.setLearningProgress(usrId, courseRefId, 'passed' | 'completed' | 'failed' | 'in_progress' | 'not_attempted', at = now)
 *                                        // records a change in ut_lp_marks with that timestamp (UTC wall time)
 * Reading
 *   sim.credentials → { client, username, password } of the SOAP account
 *   sim.users() → SimUserView[] (no passwords)     sim.members(refId) → { usrId, role }[]
 *   sim.checkPassword(login, password) → boolean   sim.calls → { [operation]: count }
 *
 * Not modelled: permissions (the SOAP account may do everything), terms of service, ILIAS 5.1's
 * nusoap fault format, getCourseXML/searchUser and the other ~85 operations of the WSDL.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WorkerPool, type CostModel } from '../../simulator-cost.ts'
import { runOperation, type SimContext } from './operations.ts'
import { createSoapHttpServer, type HttpBehaviour } from './soap-server.ts'
import { IliasWorld, passwordMatches, profileFor, type IliasProfile, type MemberRole, type NewSimUser } from './world.ts'

export interface IliasSimulatorOptions {
  client: string
  adminUser: string
  adminPassword: string
  latencyMs?: number
  /** What each SOAP call costs and how many are served at once (../../simulator-cost.ts; none: answered at once). */
  cost?: CostModel | null
  /** URL path of the SOAP script. */
  path?: string
  /** '5.2' (the live recording's installation) or 'newest' (default). */
  profile?: IliasProfile['version']
  /** usr_id of the SOAP account (6, the root user, unless given; the 5.2 recording used 268). */
  adminUsrId?: number
  /** Runs after every SOAP call, before its answer is sent (the sandbox stores its state). */
  afterCall?: () => Promise<void>
}

export type SimProgressStatus = 'passed' | 'completed' | 'failed' | 'in_progress' | 'not_attempted'
const lpNumber: Record<SimProgressStatus, number> = { not_attempted: 0, in_progress: 1, completed: 2, passed: 2, failed: 3 }

export interface SimUserView {
  usrId: number
  login: string
  firstname: string
  lastname: string
  email: string
  importId: string
  active: boolean
  language: string
  gender: string
  globalRoles: number[]
  fields: { postalCode: string; birthday: string; phoneHome: string; phoneMobile: string; phoneOffice: string }
}

export function createIliasSimulator(options: IliasSimulatorOptions) {
  const world = new IliasWorld(options.adminUser, options.adminPassword, options.adminUsrId)
  const profile = profileFor(options.profile ?? 'newest')
  const calls: Record<string, number> = {}
  const ctx: SimContext = {
    world, client: options.client, adminUser: options.adminUser, sessions: new Map(), soapEnabled: true, httpPath: 'http://127.0.0.1', profile,
  }
  const behaviour: HttpBehaviour = {
    path: options.path ?? '/webservice/soap/server.php',
    latencyMs: options.latencyMs ?? 0,
    failures: { remaining: 0, status: 500 },
    handle: (operation, params) => runOperation(ctx, operation, params),
    cost: () => ctx.costMs ?? 0,
    records: () => ctx.records ?? 1,
    costModel: options.cost ?? null,
    workers: new WorkerPool(options.cost?.workers ?? Infinity),
    count: (operation) => { calls[operation] = (calls[operation] ?? 0) + 1 },
    afterCall: options.afterCall,
  }
  let server: Server | null = null
  let port = 0

  const listen = (wanted: number) => new Promise<void>((resolve, reject) => {
    const s = createSoapHttpServer(behaviour)
    s.once('error', reject)
    s.listen(wanted, '127.0.0.1', () => {
      server = s
      port = (s.address() as AddressInfo).port
      ctx.httpPath = `http://127.0.0.1:${port}`
      resolve()
    })
  })
  const close = () => new Promise<void>((resolve) => {
    const s = server
    server = null
    if (!s) return resolve()
    s.close(() => resolve())
    s.closeAllConnections()
  })
  const courseObj = (refId: number) => {
    const ref = world.refs.get(refId)
    if (!ref || world.objects.get(ref.objId)?.type !== 'crs') throw new Error(`simulator: ref ${refId} is not a course`)
    return ref.objId
  }

  return {
    /** The SOAP account a sandbox connection logs in with (the connection check needs it besides the adapter). */
    credentials: { client: options.client, username: options.adminUser, password: options.adminPassword } as const,
    /** The simulated installation's data (the sandbox stores and restores it). */
    world,
    get latencyMs() { return behaviour.latencyMs },
    get profile(): Readonly<IliasProfile> { return profile },
    get importCostMs() { return profile.importCostMs },
    set importCostMs(ms: number) { profile.importCostMs = ms },
    setRequireGender(required: boolean) { profile.requireGender = required },
    setExportFields(fields: string[]) { profile.exportFields = new Set(fields) },
    /** The next obj_id (users and objects share the sequence). */
    setNextObjId(id: number) { world.setNextObjId(id) },
    /** Server wall time written as approve_date / last_update of new and changed users. */
    setClock(now: () => string) { world.now = now },
    set latencyMs(ms: number) { behaviour.latencyMs = ms },
    get cost(): CostModel | null { return behaviour.costModel },
    set cost(model: CostModel | null) {
      behaviour.costModel = model
      behaviour.workers.size = model?.workers ?? Infinity
    },
    /** The PHP workers that serve the calls under a cost model (peak: the most at once). */
    get workers(): WorkerPool { return behaviour.workers },
    /** Calls received, by operation. */
    calls,
    async start(wantedPort = 0): Promise<string> {
      await listen(wantedPort)
      return `${ctx.httpPath}${behaviour.path}`
    },
    stop: close,
    setSoapEnabled(enabled: boolean) { ctx.soapEnabled = enabled },
    async setDown(down: boolean) {
      if (down) await close()
      else if (!server) await listen(port)
    },
    failNext(n: number, status = 500) { behaviour.failures = { remaining: n, status } },
    expireSessions() { ctx.sessions.clear() },
    addCourse(c: { title: string; refId?: number; objId?: number; parentRefId?: number; importId?: string; localRoles?: Record<MemberRole, number> }): number {
      const { objId, refId } = world.addObject('crs', c.title, { ...c, parentRefId: c.parentRefId ?? 1 })
      if (c.localRoles) world.courseRoles.set(objId, c.localRoles)
      return refId!
    },
    addCategory(c: { title: string; refId?: number; objId?: number; parentRefId?: number }): number {
      return world.addObject('cat', c.title, { ...c, parentRefId: c.parentRefId ?? 1 }).refId!
    },
    addUser(user: NewSimUser): number {
      return world.addUser(user)
    },
    addMember(courseRefId: number, usrId: number, role: MemberRole = 'Member') {
      world.courseMembers(courseObj(courseRefId)).set(usrId, new Set([role]))
    },
    removeMember(courseRefId: number, usrId: number) {
      world.courseMembers(courseObj(courseRefId)).delete(usrId)
    },
    trash(refId: number) {
      const ref = world.refs.get(refId)
      if (ref) ref.deleted = true
    },
    removeGlobalRole(roleId: number) { world.globalRoles.delete(roleId) },
    setLearningProgress(usrId: number, courseRefId: number, status: SimProgressStatus, at: Date = new Date()) {
      world.setLp(usrId, courseObj(courseRefId), lpNumber[status], at)
    },
    users(): SimUserView[] {
      return [...world.users.values()].map((u) => ({
        usrId: u.usrId, login: u.login, firstname: u.firstname, lastname: u.lastname, email: u.email,
        importId: world.objects.get(u.usrId)?.importId ?? '', active: u.active, language: u.language, gender: u.gender, globalRoles: [...u.globalRoles],
        fields: { postalCode: u.postalCode, birthday: u.birthday, phoneHome: u.phoneHome, phoneMobile: u.phoneMobile, phoneOffice: u.phoneOffice },
      }))
    },
    members(courseRefId: number): { usrId: number; role: MemberRole }[] {
      return [...world.courseMembers(courseObj(courseRefId))].flatMap(([usrId, roles]) => [...roles].map((role) => ({ usrId, role })))
    },
    checkPassword(login: string, password: string): boolean {
      const user = world.userByLogin(login)
      return user !== undefined && passwordMatches(user.password, password)
    },
  }
}

export type IliasSimulator = ReturnType<typeof createIliasSimulator>
