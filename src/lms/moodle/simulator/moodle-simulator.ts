/**
 * In-memory Moodle speaking the REST protocol exactly as recorded in test/contracts/moodle: 4.5.6 by default,
 * 4.1.11 or 5.0 with `version: '4.1' | '5.0'` (test/contracts/moodle/versions/, see version-profile.ts).
 *
 *   const sim = createMoodleSimulator({ world: 'recorded-site', version: '4.5', latencyMs: 0, debug: false, maxInputVars: 5000 })
 *   const url = await sim.start(0)            // 'http://127.0.0.1:PORT'; POST url + '/webservice/rest/server.php'
 *   sim.token / sim.plusToken                 // tokens of ws user 3 for the two services (options.serviceNames)
 *   await sim.stop()
 *
 * Making the site "wrong" the ways a web-service set-up can be wrong:
 *   sim.setSetting('enablewebservices' | 'webserviceprotocols' | 'showuseridentity' | 'debug' | ..., value)
 *   sim.removeCapability(cap) / addCapability(cap)           // the ws role, system context
 *   sim.removeFunctionFromService(service, fn) / addFunctionToService(service, fn)   // service: shortname or id
 *   sim.setServiceEnabled(service, bool); sim.setTokenValidUntil(token, unixSeconds); sim.setTokenIpRestriction(token, '10.0.0.1')
 *   sim.setWsUserAuth('manual' | 'webservice'); sim.setSitePolicy({ compulsory, agreedByWsUser })
 * Failure knobs: await sim.setDown(true|false) (refused connections, same port when up again),
 *   sim.failNext(n, status = 503), sim.latencyMs = 30.
 * Cost (../../simulator-cost.ts): createMoodleSimulator({ cost: calibratedMoodle(4) }) serves at most 4 calls at
 *   once, each after its measured time per call and per record; sim.cost = null (default) answers at once;
 *   latencyMs comes on top of it, for every request, without a queue. sim.workers: the pool's counters.
 * State: sim.addUser({...}) → id, sim.addCourse({...}) → id, sim.addCohort({...}) → id, sim.users(), sim.userById(id),
 *   sim.findUsers(pred), sim.enrolments(courseId), sim.cohortMembers(cohortId), sim.checkPassword(username, pw),
 *   sim.calls, sim.events, sim.completeCourse(userId, courseId, { timeCompleted?, grade? }),
 *   sim.tickCompletionCriterion(userId, courseId, time?), sim.runCompletionCron(),
 *   sim.enrol(userId, courseId, opts?), sim.addCohortMember(cohortId, userId),
 *   sim.setNextUserId(n), sim.setNow(unixSeconds | null), sim.createToken(opts) → token.
 * Everything lives in the instance: several simulators can run in one process.
 */
import { defaultMoodleVersion, type MoodleVersion } from '../moodle-versions.ts'
import type { WsFunction } from './call-context.ts'
import { buildFunctionRegistry } from './function-registry.ts'
import { markCourseComplete, resetCourseCompletion, runCompletionCron, tickCriterion } from './functions/completion-functions.ts'
import { SimulatorHttpServer } from './http-server.ts'
import type { PhpArray } from './php-form.ts'
import { handleRest } from './rest-server.ts'
import { buildWorld, defaultServiceNames, type ServiceNames, type WorldName } from './worlds.ts'
import { enrolmentKey, type SimCourse, type SimSettings, type SimState, type SimUser } from './state.ts'
import { handleTokenRequest } from './token-endpoint.ts'
import { deleteUser, insertUser, passwordMatches, type NewUserInput } from './user-records.ts'
import { versionProfiles } from './version-profile.ts'
import { callCostMs, wait, WorkerPool, type CostModel } from '../../simulator-cost.ts'
import { completionBody, sendCompletion, type PluginDelivery, type ResultsPluginConfig } from './results-plugin.ts'

export interface MoodleSimulatorOptions {
  world?: WorldName
  /** The Moodle line to play: '4.1', '4.5' (default) or '5.0' (see version-profile.ts). */
  version?: MoodleVersion
  latencyMs?: number
  /** What each web-service call costs and how many are served at once (none: answered at once). */
  cost?: CostModel | null
  debug?: boolean
  /** PHP max_input_vars (Moodle asks for at least 5000). */
  maxInputVars?: number
  /** Clock in unix seconds; defaults to the real time. */
  now?: () => number
  /** Shortnames of the two external services (default coursebridge / coursebridge_plus). */
  serviceNames?: ServiceNames
  /** Runs after every web-service call, before its answer is sent (the sandbox stores its state). */
  afterCall?: () => Promise<void>
}

export interface SimCall {
  wsfunction: string
  /** Number of records in the call's list parameter (users, enrolments, members, values), if any. */
  items?: number
  /** Unix milliseconds. */
  at: number
  /** The parameter names sent ("users[0][email]" …), only while sim.recordParams is on. */
  paramNames?: string[]
  /** The `field` parameter (core_user_get_users_by_field: id, idnumber, username, email). */
  field?: string
}

/** The flat names of a parsed PHP form ("users[0][email]"), in the order sent. */
function flatNames(params: PhpArray, prefix = ''): string[] {
  return [...params].flatMap(([key, value]) => {
    const name = prefix ? `${prefix}[${key}]` : String(key)
    return value instanceof Map ? flatNames(value, name) : [name]
  })
}

export interface EnrolmentView {
  userId: number
  roleId: number
  timeStart: number
  timeEnd: number
  suspended: boolean
}

type SettingName = keyof SimSettings | 'enablemobilewebservice'

const listParams = ['users', 'enrolments', 'members', 'values', 'cohortids']

export function createMoodleSimulator(options: MoodleSimulatorOptions = {}) {
  const clock = options.now ?? (() => Math.floor(Date.now() / 1000))
  let fixedNow: number | null = null
  const now = () => fixedNow ?? clock()
  const serviceNames = options.serviceNames ?? defaultServiceNames
  const version = options.version ?? defaultMoodleVersion
  if (!versionProfiles[version]) throw new Error(`simulator: unknown Moodle version ${String(version)}`)
  const { state, tokens } = buildWorld(options.world ?? 'recorded-site', now(), serviceNames, versionProfiles[version])
  state.settings.debug = options.debug ?? false
  const registry: Map<string, WsFunction> = buildFunctionRegistry()
  let maxInputVars = options.maxInputVars ?? 5000
  let failures: { remaining: number; status: number } = { remaining: 0, status: 503 }
  const calls: SimCall[] = []
  let cost: CostModel | null = options.cost ?? null
  const workers = new WorkerPool(cost?.workers ?? Infinity)

  let plugin: ResultsPluginConfig | null = null
  const pluginDeliveries: PluginDelivery[] = []
  /** The plugin's observer + ad-hoc task for the completion events fired since `from`. */
  async function notifyPlugin(from: number): Promise<void> {
    if (!plugin) return
    for (const event of state.events.slice(from)) {
      if (event.eventname !== '\\core\\event\\course_completed') continue
      const message = completionBody(state, http.baseUrl || 'http://127.0.0.1', event)
      if (message) pluginDeliveries.push(await sendCompletion(plugin, message, now()))
    }
  }

  const sim = {
    /** The Moodle line this simulator plays. */
    version,
    token: tokens.token,
    plusToken: tokens.plusToken,
    latencyMs: options.latencyMs ?? 0,
    /** The cost model of web-service calls (null: answered at once). */
    get cost(): CostModel | null {
      return cost
    },
    set cost(model: CostModel | null) {
      cost = model
      workers.size = model?.workers ?? Infinity
    },
    /** The PHP workers that serve the calls under a cost model (peak: the most at once). */
    get workers(): WorkerPool {
      return workers
    },
    /** Keep the parameter names of each call in sim.calls (off by default: benchmarks make many calls). */
    recordParams: false,
    /** Direct access to the simulated database, for tests that need more than the helpers. */
    state: state as SimState,
    calls,
    get events() {
      return state.events
    },
    get url(): string {
      return http.baseUrl
    },

    async start(port = 0, host = '127.0.0.1'): Promise<string> {
      return http.listen(port, host)
    },
    async stop(): Promise<void> {
      await http.close()
    },
    /** While down the port refuses connections; up again listens on the same port. */
    async setDown(down: boolean): Promise<void> {
      if (down) await http.close()
      else if (!http.listening) await http.reopen()
    },
    failNext(n: number, status = 503): void {
      failures = { remaining: n, status }
    },
    setMaxInputVars(n: number): void {
      maxInputVars = n
    },
    setNow(seconds: number | null): void {
      fixedNow = seconds
    },

    setSetting(name: SettingName, value: unknown): void {
      const s = state.settings as unknown as Record<string, unknown>
      if (!(name in s)) throw new Error(`simulator: unknown setting ${name}`)
      if ((name === 'webserviceprotocols' || name === 'showuseridentity') && typeof value === 'string') {
        value = value.split(',').map((x) => x.trim()).filter(Boolean)
      }
      s[name] = value
      // admin_setting_enablemobileservice also enables the moodle_mobile_app service.
      if (name === 'enablemobilewebservice') serviceByRef('moodle_mobile_app').enabled = Boolean(value)
    },
    removeCapability(cap: string): void {
      state.capabilities.delete(cap)
    },
    addCapability(cap: string): void {
      state.capabilities.add(cap)
    },
    removeFunctionFromService(service: string | number, fn: string): void {
      const s = serviceByRef(service)
      s.functions = s.functions.filter((f) => f !== fn)
    },
    addFunctionToService(service: string | number, fn: string): void {
      const s = serviceByRef(service)
      if (!s.functions.includes(fn)) s.functions.push(fn)
    },
    setServiceEnabled(service: string | number, enabled: boolean): void {
      serviceByRef(service).enabled = enabled
    },
    setTokenValidUntil(token: string, validUntil: number): void {
      tokenByValue(token).validUntil = validUntil
    },
    setTokenIpRestriction(token: string, restriction: string): void {
      tokenByValue(token).ipRestriction = restriction
    },
    /** An extra token (e.g. an expired or IP-restricted one) for a user and service. */
    createToken(opts: { service?: string | number; userId?: number; validUntil?: number; ipRestriction?: string } = {}): string {
      const token = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
      state.tokens.set(token, {
        token, userId: opts.userId ?? state.wsUserId, serviceId: serviceByRef(opts.service ?? serviceNames.main).id,
        validUntil: opts.validUntil ?? 0, ipRestriction: opts.ipRestriction ?? '',
      })
      return token
    },
    tokenExists(token: string): boolean {
      return state.tokens.has(token)
    },
    setWsUserAuth(auth: 'manual' | 'webservice'): void {
      wsUser().auth = auth
    },
    setSitePolicy(policy: { compulsory: boolean; agreedByWsUser: boolean }): void {
      state.settings.sitePolicyCompulsory = policy.compulsory
      wsUser().policyagreed = policy.agreedByWsUser
    },

    addUser(input: NewUserInput): number {
      return insertUser(state, input, now()).id
    },
    /** Deletes an account as an administrator does (delete_user(): the row stays, renamed and without idnumber). */
    deleteUser(id: number): void {
      const user = state.users.get(id)
      if (!user) throw new Error(`simulator: no user ${id}`)
      deleteUser(state, user, now())
    },
    setNextUserId(id: number): void {
      state.nextUserId = id
    },
    addCourse(input: { shortname: string; idnumber?: string; fullname?: string; manualEnrol?: boolean; id?: number;
      criteria?: SimCourse['criteria']; enablecompletion?: boolean }): number {
      const id = input.id ?? state.nextCourseId
      state.nextCourseId = Math.max(state.nextCourseId, id + 1)
      const sortorder = Math.min(10001, ...[...state.courses.values()].map((c) => c.sortorder)) - 1
      state.courses.set(id, {
        id, shortname: input.shortname, fullname: input.fullname ?? input.shortname, idnumber: input.idnumber ?? '',
        category: 1, sortorder, contextid: id + 10, visible: true, enablecompletion: input.enablecompletion ?? true,
        manualEnrol: input.manualEnrol ?? true, criteria: input.criteria ?? [], timemodified: now(),
      })
      return id
    },
    addCohort(input: { idnumber: string; name: string; id?: number }): number {
      const id = input.id ?? state.nextCohortId
      state.nextCohortId = Math.max(state.nextCohortId, id + 1)
      state.cohorts.set(id, { id, idnumber: input.idnumber, name: input.name, description: '', contextid: 1, visible: true, component: '', members: new Set() })
      return id
    },
    /** Enrols directly (no web-service checks), e.g. to set up a world. */
    enrol(userId: number, courseId: number, opts: { roleId?: number; timeStart?: number; timeEnd?: number; suspended?: boolean } = {}): void {
      const t = now()
      state.enrolments.set(enrolmentKey(courseId, userId), {
        userId, courseId, roleIds: [opts.roleId ?? 5], timeStart: opts.timeStart ?? 0, timeEnd: opts.timeEnd ?? 0,
        status: opts.suspended ? 1 : 0, timeCreated: t, timeModified: t,
      })
    },
    addCohortMember(cohortId: number, userId: number): void {
      const cohort = state.cohorts.get(cohortId)
      if (!cohort) throw new Error(`simulator: no cohort ${cohortId}`)
      cohort.members.add(userId)
    },

    users(): SimUser[] {
      return [...state.users.values()]
    },
    userById(id: number): SimUser | undefined {
      return state.users.get(id)
    },
    findUsers(pred: (u: SimUser) => boolean): SimUser[] {
      return [...state.users.values()].filter(pred)
    },
    enrolments(courseId: number): EnrolmentView[] {
      return [...state.enrolments.values()].filter((e) => e.courseId === courseId).map((e) => ({
        userId: e.userId, roleId: e.roleIds[0] ?? 0, timeStart: e.timeStart, timeEnd: e.timeEnd, suspended: e.status === 1,
      }))
    },
    cohortMembers(cohortId: number): number[] {
      return [...(state.cohorts.get(cohortId)?.members ?? [])]
    },
    checkPassword(username: string, password: string): boolean {
      const id = state.usernames.get(username)
      const user = id === undefined ? undefined : state.users.get(id)
      return !!user && passwordMatches(user, password)
    },

    /** completion_completion::mark_complete() as the admin would run it (fires course_completed). */
    completeCourse(userId: number, courseId: number, opts: { timeCompleted?: number; grade?: number } = {}): Promise<void> {
      const t = now()
      const before = state.events.length
      markCourseComplete(state, userId, courseId, opts.timeCompleted ?? t, state.adminIds.values().next().value ?? 2, t, opts.grade)
      return notifyPlugin(before)
    },
    /**
     * Installs the simulated results plugin (null removes it): every course completion is then POSTed,
     * signed, to config.url (or handed to config.send). Outcomes are kept in pluginDeliveries.
     */
    setResultsPlugin(config: ResultsPluginConfig | null): void {
      plugin = config
    },
    pluginDeliveries,
    /** Deletes a user's completion of a course (course reset); the next completion is a retake with a new row. */
    resetCompletion(userId: number, courseId: number): void {
      resetCourseCompletion(state, userId, courseId)
    },
    /** Ticks a completion criterion (index into the course's criteria); the course completes on the next cron. */
    tickCompletionCriterion(userId: number, courseId: number, time?: number, criterionIndex = 0): void {
      tickCriterion(state, userId, courseId, criterionIndex, time ?? now())
    },
    runCompletionCron(): Promise<void> {
      const before = state.events.length
      runCompletionCron(state, now(), state.adminIds.values().next().value ?? 2)
      return notifyPlugin(before)
    },
  }

  function serviceByRef(ref: string | number) {
    const service = [...state.services.values()].find((s) => s.id === ref || s.shortname === ref)
    if (!service) throw new Error(`simulator: no service ${ref}`)
    return service
  }
  function tokenByValue(token: string) {
    const t = state.tokens.get(token)
    if (!t) throw new Error('simulator: unknown token')
    return t
  }
  function wsUser(): SimUser {
    return state.users.get(state.wsUserId) as SimUser
  }

  const http = new SimulatorHttpServer({
    maxInputVars: () => maxInputVars,
    latencyMs: () => sim.latencyMs,
    takeFailure: () => {
      if (failures.remaining <= 0) return null
      failures.remaining--
      return failures.status
    },
    rest(params: PhpArray, remoteIp: string, siteUrl: string) {
      const wsfunction = params.get('wsfunction')
      const call: SimCall = { wsfunction: typeof wsfunction === 'string' ? wsfunction : '', at: Date.now() }
      if (sim.recordParams) call.paramNames = flatNames(params).filter((n) => n !== 'wstoken')
      const field = params.get('field')
      if (typeof field === 'string') call.field = field
      for (const name of listParams) {
        const list = params.get(name)
        if (list instanceof Map) {
          call.items = list.size
          break
        }
      }
      calls.push(call)
      const model = cost
      if (!model) return handleRest(state, registry, { params, remoteIp, now: now(), siteUrl })
      // A PHP worker takes the request, works the call's time, and only then is its change made and answered.
      return workers.run(async () => {
        await wait(callCostMs(model, call.wsfunction, call.items ?? 1))
        return handleRest(state, registry, { params, remoteIp, now: now(), siteUrl })
      })
    },
    token: (params: PhpArray) => handleTokenRequest(state, params),
    afterCall: options.afterCall,
  })

  return sim
}

export type MoodleSimulator = ReturnType<typeof createMoodleSimulator>
