// Builds the adapter for a connection, once per connection (ILIAS keeps its SOAP session in it).
// The step log gets each call through an AsyncLocalStorage recorder, so one adapter serves every job.
// Every adapter runs behind its connection's limiter (connection-limiter.ts), kept across forget().
import { AsyncLocalStorage } from 'node:async_hooks'
import type { CallObserver, CallRecord, LmsAdapter } from './lms-adapter.ts'
import type { Connection } from '../store/connections.ts'
import { MoodleAdapter } from './moodle/moodle-adapter.ts'
import type { MoodleSimulator } from './moodle/simulator/index.ts'
import type { IliasSimulator } from './ilias/simulator/index.ts'
import type { MoodleVersion } from './moodle/moodle-versions.ts'
import { ConnectionLimiter, LimitedAdapter, type LimiterState } from './connection-limiter.ts'
import type { SandboxStateStore } from './sandbox-state-store.ts'
import type { ValidationTarget } from '../domain/person-validation.ts'
import { keepSandboxState } from './sandbox-persistence.ts'
import { CallCostEstimates, type RecordsPerCall } from './call-cost-estimates.ts'

export interface Sandbox {
  lms: 'moodle' | 'ilias'
  url: string
  moodle?: MoodleSimulator
  ilias?: IliasSimulator
}

export interface AdapterFactory {
  get(connection: Connection): Promise<LmsAdapter>
  /** Runs fn with every LMS call it makes reported to observer (the step log of one job). */
  recordCalls<T>(observer: CallObserver, fn: () => Promise<T>): Promise<T>
  /**
   * The connection's LMS as person validation sees it (login-name rules, names with tags, column sizes), without
   * calling it or starting a sandbox (the import's checks in a process of their own).
   */
  validationTarget(connection: Connection): Promise<ValidationTarget>
  /** Drops the cached adapter (credentials or settings changed). */
  forget(connectionId: string): void
  /** The simulator behind a sandbox connection (started on first use; its data kept by sandboxState when given). */
  sandbox(connection: Connection): Promise<Sandbox>
  /** Per connection id: the concurrency limit, calls in flight and queued, pause (for /metrics and the UI). */
  limits(): Map<string, LimiterState>
  /** Per connection id: what each LMS function's calls cost, as estimated for choosing records per call. */
  callCosts(connectionId: string): CallCostEstimates | undefined
  stop(): Promise<void>
}

const sandboxIliasCredentials = { client: 'sandbox', username: 'soapadmin', password: 'sandbox-Password1!' }

export interface AdapterFactoryOptions {
  timeoutMs: number
  /**
   * Every HTTP request an LMS client makes, with the connection's name (for the metrics). The REST and
   * SOAP clients report each request to their call observer; this sees the same records.
   */
  onRequest?: (connectionName: string, call: CallRecord) => void
  /**
   * Where a sandbox connection's simulated LMS keeps its state (coursebridge's database), so a restart
   * changes nothing it holds. Without it the sandbox lives in memory.
   */
  sandboxState?: (connectionId: string) => SandboxStateStore
}

export function createAdapterFactory(opts: AdapterFactoryOptions): AdapterFactory {
  const adapters = new Map<string, Promise<LmsAdapter>>()
  const sandboxes = new Map<string, Promise<Sandbox>>()
  const recorder = new AsyncLocalStorage<CallObserver>()
  const observer = (call: CallRecord) => recorder.getStore()?.(call)
  const limiters = new Map<string, ConnectionLimiter>()
  // Kept across forget() as the limiters are: new credentials do not make the site faster or slower.
  const costs = new Map<string, CallCostEstimates>()

  function costsFor(connection: Connection): CallCostEstimates {
    let c = costs.get(connection.id)
    if (!c) costs.set(connection.id, (c = new CallCostEstimates()))
    return c
  }

  function limiterFor(connection: Connection): ConnectionLimiter {
    const max = connection.settings.maxConcurrentCalls
    const settings = { maxConcurrentCalls: Number.isInteger(max) && (max as number) >= 1 ? (max as number) : undefined }
    let limiter = limiters.get(connection.id)
    if (limiter) limiter.configure(settings)
    else limiters.set(connection.id, (limiter = new ConnectionLimiter(settings)))
    return limiter
  }

  async function startSandbox(connection: Connection): Promise<Sandbox> {
    const lms = (connection.settings.sandboxLms as 'moodle' | 'ilias' | undefined) ?? 'moodle'
    // Loaded on first use: a site without a sandbox connection never loads simulator code.
    if (lms === 'ilias') {
      const { createIliasSimulator } = await import('./ilias/simulator/index.ts')
      const keeper = keepSandboxState(opts.sandboxState?.(connection.id))
      const ilias = createIliasSimulator({
        client: sandboxIliasCredentials.client,
        adminUser: sandboxIliasCredentials.username,
        adminPassword: sandboxIliasCredentials.password,
        afterCall: keeper.afterCall,
      })
      // A course to try things with, as the Moodle sandbox has (ref id shown in the Service Center).
      if (!(await keeper.restoreIlias(ilias))) ilias.addCourse({ title: 'Demo e-learning (sandbox)' })
      await keeper.saveNow()
      return { lms, ilias, url: await ilias.start(0) }
    }
    const { createMoodleSimulator } = await import('./moodle/simulator/index.ts')
    const version = connection.settings.sandboxMoodleVersion as MoodleVersion | undefined
    const keeper = keepSandboxState(opts.sandboxState?.(connection.id))
    const moodle = createMoodleSimulator({ world: 'recorded-site', version, afterCall: keeper.afterCall })
    await keeper.restoreMoodle(moodle)
    await keeper.saveNow()
    return { lms, moodle, url: await moodle.start(0) }
  }

  function sandbox(connection: Connection) {
    let s = sandboxes.get(connection.id)
    if (!s) {
      s = startSandbox(connection)
      sandboxes.set(connection.id, s)
    }
    return s
  }

  // Loaded on first use, as the simulators are: a site without an ILIAS connection never loads the SOAP client
  // and its XML parser (~1 MB of V8 heap; README, "The embedded database's memory").
  const iliasAdapter = async () => (await import('./ilias/ilias-adapter.ts')).IliasAdapter

  async function build(connection: Connection, observer: CallObserver, recordsPerCall: RecordsPerCall): Promise<LmsAdapter> {
    const settings = connection.settings as { maxRecordsPerCall?: number; iliasUserFolderRefId?: string; iliasGlobalRole?: string }
    if (connection.type === 'sandbox') {
      const s = await sandbox(connection)
      if (s.lms === 'ilias') {
        const IliasAdapter = await iliasAdapter()
        return new IliasAdapter({ baseUrl: s.url, ...sandboxIliasCredentials, timeoutMs: opts.timeoutMs, observer, recordsPerCall })
      }
      return new MoodleAdapter({
        baseUrl: s.url, token: s.moodle!.token, timeoutMs: opts.timeoutMs, maxRecordsPerCall: settings.maxRecordsPerCall, observer, recordsPerCall,
      })
    }
    if (connection.type === 'ilias') {
      const IliasAdapter = await iliasAdapter()
      return new IliasAdapter({
        baseUrl: connection.baseUrl,
        client: connection.credentials.client!,
        username: connection.credentials.username!,
        password: connection.credentials.password!,
        userFolderRefId: settings.iliasUserFolderRefId,
        globalRole: settings.iliasGlobalRole,
        timeoutMs: opts.timeoutMs,
        observer,
        recordsPerCall,
      })
    }
    return new MoodleAdapter({
      baseUrl: connection.baseUrl, token: connection.credentials.token!, timeoutMs: opts.timeoutMs,
      maxRecordsPerCall: settings.maxRecordsPerCall, observer, recordsPerCall,
    })
  }

  return {
    get(connection) {
      let a = adapters.get(connection.id)
      if (!a) {
        const limiter = limiterFor(connection)
        const name = connection.name
        const counted: CallObserver = opts.onRequest
          ? (call) => {
            try {
              opts.onRequest!(name, call)
            } catch {
              // metrics must never fail an LMS call
            }
            observer(call)
          }
          : observer
        const estimates = costsFor(connection)
        const recordsPerCall: RecordsPerCall = (fn, limits) => estimates.choose(fn, limits).size
        a = build(connection, limiter.observer(estimates.observer(counted)), recordsPerCall).then((inner) => new LimitedAdapter(inner, limiter))
        adapters.set(connection.id, a)
        a.catch(() => adapters.delete(connection.id))
      }
      return a
    },
    async validationTarget(connection) {
      if (connection.type !== 'sandbox') return this.get(connection)
      // An adapter of the sandbox's kind on an address it never calls: its traits only.
      return connection.settings.sandboxLms === 'ilias'
        ? new (await iliasAdapter())({ baseUrl: 'http://127.0.0.1:9', ...sandboxIliasCredentials, timeoutMs: opts.timeoutMs })
        : new MoodleAdapter({ baseUrl: 'http://127.0.0.1:9', token: 'unused', timeoutMs: opts.timeoutMs })
    },
    recordCalls: (obs, fn) => recorder.run(obs, fn),
    forget: (id) => void adapters.delete(id),
    sandbox,
    limits: () => new Map([...limiters].map(([id, limiter]) => [id, limiter.state()])),
    callCosts: (id) => costs.get(id),
    async stop() {
      for (const s of sandboxes.values()) {
        const box = await s.catch(() => null)
        await box?.moodle?.stop()
        await box?.ilias?.stop()
      }
      sandboxes.clear()
      adapters.clear()
      limiters.clear()
      costs.clear()
    },
  }
}
