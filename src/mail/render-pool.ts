// Every Liquid render of a template an administrator wrote (preview, test mail, real mails, the trial render at
// save time) runs in a small pool of worker threads; the templates coursebridge ships, which have no loop, range
// or sort, render in the calling thread (see `here` below). Liquid's own limits do not hold everything: `sort` copies a large range outside its
// memory count, and nested loops keep the thread busy for seconds. A worker has a heap of its own
// (resourceLimits) and each task a time limit; a worker that exceeds either is terminated and
// replaced, and the caller gets a TemplateError TEMPLATE_TOO_EXPENSIVE. The time limit counts the
// worker's CPU time where Node can tell it (Worker#cpuUsage, Node 24): on a busy machine a plain
// credentials mail may wait seconds for a core, and that wait must not turn it into a refused mail.
// A hard wall-clock cap (five times the limit) still ends a render that never gets to finish. The API's event loop only passes
// messages, so /healthz and every other request answer while the worst template renders.
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { extname } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Logger } from 'pino'
import { createTemplateRenderer, TemplateError, type RenderedMail, type TemplateRenderer, type TemplateValidation } from './template-renderer.ts'
import { isBuiltInTemplate } from './default-templates.ts'
import type { DocumentTemplate, MailContext } from './template-model.ts'
import type { TemplateProblem } from './template-analysis.ts'

export type RenderRequest = { id: number } & (
  | { op: 'validate'; template: unknown }
  | { op: 'render'; template: DocumentTemplate; context: MailContext }
  | { op: 'sentAndKept'; template: DocumentTemplate; context: MailContext; password: string | undefined; mask: string }
  | { op: 'sentAndKeptMany'; items: SentAndKeptItem[] }
)

/** One mail of renderSentAndKeptMany. */
export interface SentAndKeptItem {
  template: DocumentTemplate
  context: MailContext
  password: string | undefined
  mask: string
}

/** What renderSentAndKeptMany answers for each mail, in order: the two mails, or the template's error. */
export type SentAndKeptOutcome = { ok: true; value: { sent: RenderedMail; kept: RenderedMail } } | { ok: false; error: TemplateError }

/** The worker's answer per mail of a sentAndKeptMany task (errors as data: a TemplateError does not cross threads). */
export type SentAndKeptResult =
  | { ok: true; value: { sent: RenderedMail; kept: RenderedMail } }
  | { ok: false; template: { code: TemplateError['code']; message: string; problems: TemplateProblem[] } }

export type RenderResponse =
  | { ready: true }
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; template: { code: TemplateError['code']; message: string; problems: TemplateProblem[] } }
  | { id: number; ok: false; message: string }

/** The renderer the service uses: the same operations as createTemplateRenderer's, answered by the pool. */
export interface TemplateRenderPool {
  validateTemplate(template: unknown): Promise<TemplateValidation>
  renderTemplate(template: DocumentTemplate, context: MailContext): Promise<RenderedMail>
  renderSentAndKept(template: DocumentTemplate, context: MailContext, password: string | undefined, mask: string): Promise<{ sent: RenderedMail; kept: RenderedMail }>
  /**
   * renderSentAndKept for many mails in one task: one message each way instead of one per mail (the messages, the
   * threads' wake-ups and the CPU-time reads were most of a mail's rendering cost). The task has one mail's time
   * limit; a batch stopped as too expensive is rendered again mail by mail, so that only the mails of the runaway
   * template fail.
   */
  renderSentAndKeptMany(items: SentAndKeptItem[]): Promise<SentAndKeptOutcome[]>
  /** Worker threads running now (0 before the first render and after idleMs without one). */
  threads(): number
  /** Terminates the workers; tasks still waiting fail. */
  close(): Promise<void>
}

export interface RenderPoolOptions {
  /**
   * Worker threads (default 1). Each costs ~20 MB resident (an isolate, Node's environment, liquidjs); a mail
   * renders in ~0.3 ms, so one keeps up with any mail stream, and a second only helps while a template runs
   * into its time limit.
   */
  size?: number
  /** Heap of one worker in MB (old generation; default 64). */
  heapMb?: number
  /** Limit of one render task in ms of the worker's CPU time (wall-clock where Node cannot tell; default 2000). */
  timeoutMs?: number
  /**
   * A worker that has rendered nothing for this long is ended (default 60 000 ms) and started again for the
   * next render (~0.1 s): an idle service does not keep its ~20 MB.
   */
  idleMs?: number
  log?: Logger
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

type Pending = {
  request: RenderRequest
  resolve: (value: unknown) => void
  reject: (err: Error) => void
}

interface Slot {
  worker: Worker | null
  /** The worker has loaded the renderer (it says so once). */
  ready: boolean
  task: Pending | null
  timer: NodeJS.Timeout | null
  /** Ends the idle worker (idleMs). */
  idle: NodeJS.Timeout | null
}

// Under tsx (tests, sources) this module is .ts and so is the worker; in the build both are .js.
const ownExtension = extname(fileURLToPath(import.meta.url))
const workerUrl = new URL(`./render-worker${ownExtension}`, import.meta.url)
// Only the module-loading flags go to a worker. A process-wide heap cap (npm start's --max-old-space-size) is not a
// flag a worker may take (its heap is resourceLimits), and Node 24's test runner hands its files dozens of
// process-wide options (--inspect-port, --test-isolation, --tls-cipher-list, …) that a worker refuses.
const workerExecArgv = (): string[] => {
  const out: string[] = []
  const argv = process.execArgv
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!
    if (/^--(import|require|conditions|loader|experimental-loader)=/.test(a) || a === '--enable-source-maps') out.push(a)
    else if (/^(--import|--require|-r|--conditions|-C|--loader|--experimental-loader)$/.test(a) && i + 1 < argv.length) out.push(a, argv[++i]!)
  }
  return out
}

function newWorker(options: WorkerOptions): Worker {
  if (ownExtension !== '.ts') return new Worker(workerUrl, options)
  // tsx's --import hooks do not reach a worker thread on Node 20: the worker registers them itself first.
  const tsx = import.meta.resolve('tsx/esm/api')
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(workerUrl.href)}))`
  return new Worker(boot, { ...options, eval: true })
}

/** CPU time (user + system) a worker thread has used in ms, or null where Node cannot tell (before Node 24). */
async function workerCpuMs(worker: Worker): Promise<number | null> {
  const cpuUsage = (worker as Worker & { cpuUsage?: () => Promise<{ user: number; system: number }> }).cpuUsage
  if (typeof cpuUsage !== 'function') return null
  try {
    const u = await cpuUsage.call(worker)
    return (u.user + u.system) / 1000
  } catch {
    return null // the worker has ended meanwhile
  }
}

export function createRenderPool(options: RenderPoolOptions = {}): TemplateRenderPool {
  const size = Math.max(1, options.size ?? 1)
  const heapMb = options.heapMb ?? 64
  const timeoutMs = options.timeoutMs ?? 2_000
  const wallCapMs = timeoutMs * 5
  const idleMs = options.idleMs ?? 60_000
  const slots: Slot[] = Array.from({ length: size }, () => ({ worker: null, ready: false, task: null, timer: null, idle: null }))
  const waiting: Pending[] = []
  let nextId = 1
  let closed = false

  function tooExpensive(request: RenderRequest, why: string): TemplateError {
    if (request.op === 'sentAndKeptMany' && request.items.length > 1) {
      // Not a failure yet: the mails are rendered again one by one, and the runaway template's are stopped (and logged) then.
      options.log?.info({ code: 'TEMPLATE_TOO_EXPENSIVE', templates: [...new Set(request.items.map((i) => i.template.key))], why },
        'template render of a batch stopped; rendering its mails one by one')
    } else {
      const key = request.op === 'validate' ? (request.template as { key?: unknown } | null)?.key
        : request.op === 'sentAndKeptMany' ? request.items[0]?.template.key : request.template.key
      options.log?.warn({ code: 'TEMPLATE_TOO_EXPENSIVE', template: typeof key === 'string' ? key : undefined, why }, 'template render stopped')
    }
    const message = `The template needed more ${why} than a mail may take to render, and was stopped. Shorten its loops and ranges.`
    return new TemplateError('TEMPLATE_TOO_EXPENSIVE', message, [{ code: 'TEMPLATE_TOO_EXPENSIVE', part: null, message }])
  }

  function spawn(slot: Slot): Worker {
    const worker = newWorker({
      execArgv: workerExecArgv(),
      resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: Math.min(16, Math.max(4, heapMb / 8)) },
    })
    worker.unref()
    worker.on('message', (response: RenderResponse) => {
      if ('ready' in response) {
        if (slot.worker === worker) slot.ready = true
        dispatch()
        if (!slot.task) rest(slot)
        return
      }
      const task = slot.task
      if (!task || task.request.id !== response.id) return
      settle(slot)
      if (response.ok) task.resolve(response.value)
      else if ('template' in response) task.reject(new TemplateError(response.template.code, response.template.message, response.template.problems))
      else task.reject(new Error(`template renderer failed: ${response.message}`))
      dispatch()
      if (!slot.task) rest(slot)
    })
    // An exhausted heap ends the worker with ERR_WORKER_OUT_OF_MEMORY; any other end of a busy worker is a failure too.
    const lost = (why: string) => {
      if (slot.worker !== worker) return
      const started = slot.ready
      slot.worker = null
      slot.ready = false
      const task = slot.task
      settle(slot)
      if (task) task.reject(tooExpensive(task.request, why))
      if (!started) {
        // A worker that cannot even load would be replaced forever: the waiting tasks fail instead.
        options.log?.error({ code: 'TEMPLATE_RENDER_FAILED', why }, 'template render worker could not start')
        for (const t of waiting.splice(0)) t.reject(new Error('the template renderer could not start'))
        return
      }
      dispatch()
    }
    worker.on('error', (err: Error & { code?: string }) => {
      if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') lost('memory')
      else {
        options.log?.error({ code: 'TEMPLATE_RENDER_FAILED', err: { message: err.message, code: err.code } }, 'template render worker failed')
        lost('resources')
      }
    })
    worker.on('exit', () => lost('resources'))
    return worker
  }

  function settle(slot: Slot) {
    if (slot.timer) clearTimeout(slot.timer)
    slot.timer = null
    slot.task = null
    slot.worker?.unref()
  }

  /** The slot's worker has no task: it is ended unless one comes within idleMs. */
  function rest(slot: Slot) {
    if (slot.idle) clearTimeout(slot.idle)
    const worker = slot.worker
    slot.idle = worker && !closed ? setTimeout(() => {
      slot.idle = null
      if (slot.worker !== worker || slot.task) return
      // Taken out of the slot first: its exit is then no loss (see lost()).
      slot.worker = null
      slot.ready = false
      void worker.terminate()
    }, idleMs) : null
    slot.idle?.unref()
  }

  function dispatch() {
    for (const slot of slots) {
      if (closed || waiting.length === 0) return
      if (slot.task) continue
      // A worker only for a task no idle or starting one will take: one mail does not start the whole pool.
      if (!slot.worker && slots.filter((s) => s.worker && !s.task).length >= waiting.length) continue
      if (!slot.worker) {
        slot.ready = false
        slot.worker = spawn(slot)
      }
      if (!slot.ready) continue
      const worker = slot.worker
      const task = waiting.shift()!
      slot.task = task
      if (slot.idle) clearTimeout(slot.idle)
      slot.idle = null
      worker.ref()
      const startedAt = Date.now()
      const cpuAtStart = workerCpuMs(worker)
      const stop = () => {
        if (slot.task !== task) return
        slot.worker = null
        slot.ready = false
        settle(slot)
        void worker.terminate()
        task.reject(tooExpensive(task.request, 'time'))
        dispatch()
      }
      const check = async () => {
        if (slot.task !== task) return
        const [now, before] = await Promise.all([workerCpuMs(worker), cpuAtStart])
        if (slot.task !== task) return
        const used = now === null || before === null ? null : now - before
        const left = used === null ? 0 : timeoutMs - used
        const wallLeft = wallCapMs - (Date.now() - startedAt)
        if (left <= 0 || wallLeft <= 0) return stop()
        slot.timer = setTimeout(() => void check(), Math.max(50, Math.min(left, wallLeft)))
      }
      slot.timer = setTimeout(() => void check(), timeoutMs)
      worker.postMessage(task.request)
    }
  }

  function submit<T>(request: DistributiveOmit<RenderRequest, 'id'>): Promise<T> {
    if (closed) return Promise.reject(new Error('the template renderer is closed'))
    return new Promise<T>((resolve, reject) => {
      waiting.push({ request: { ...request, id: nextId++ } as RenderRequest, resolve: resolve as (v: unknown) => void, reject })
      dispatch()
    })
  }

  /** A template's refusal as the outcome of its mail; any other error stays an error. */
  function failedOutcome(err: unknown): SentAndKeptOutcome {
    if (err instanceof TemplateError) return { ok: false, error: err }
    throw err
  }

  /** renderSentAndKeptMany's mails whose templates render in a worker. */
  async function inWorkers(items: SentAndKeptItem[]): Promise<SentAndKeptOutcome[]> {
    if (items.length === 0) return []
    let results: SentAndKeptResult[]
    try {
      results = await submit<SentAndKeptResult[]>({ op: 'sentAndKeptMany', items })
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err
      if (items.length === 1) return [{ ok: false as const, error: err }]
      if (err.code !== 'TEMPLATE_TOO_EXPENSIVE') throw err
      return Promise.all(items.map(({ template, context, password, mask }) => submit<{ sent: RenderedMail; kept: RenderedMail }>({ op: 'sentAndKept', template, context, password, mask })
        .then((value) => ({ ok: true as const, value }), failedOutcome)))
    }
    return results.map((r) => (r.ok ? r : { ok: false as const, error: new TemplateError(r.template.code, r.template.message, r.template.problems) }))
  }

  // The templates coursebridge ships have no loop, range or sort: nothing in them can outrun Liquid's own limits,
  // which hold in this thread too. They render here, and a worker thread (15–20 MB resident) starts only for a
  // template an administrator wrote: an institute on the built-in mails runs none.
  let local: TemplateRenderer | null = null
  const localRenderer = () => (local ??= createTemplateRenderer())
  const here = <T>(render: (renderer: TemplateRenderer) => T): Promise<T> => {
    if (closed) return Promise.reject(new Error('the template renderer is closed'))
    try {
      return Promise.resolve(render(localRenderer()))
    } catch (err) {
      return Promise.reject(err as Error)
    }
  }

  return {
    // A trial render stopped for its cost is a refusal like any other problem the validation finds.
    validateTemplate: (template) => submit<TemplateValidation>({ op: 'validate', template }).catch((err: unknown) => {
      if (err instanceof TemplateError) return { ok: false as const, problems: err.problems }
      throw err
    }),
    renderTemplate: (template, context) => isBuiltInTemplate(template)
      ? here((r) => r.renderTemplate(template, context))
      : submit({ op: 'render', template, context }),
    renderSentAndKept: (template, context, password, mask) => isBuiltInTemplate(template)
      ? here((r) => r.renderSentAndKept(template, context, password, mask))
      : submit({ op: 'sentAndKept', template, context, password, mask }),
    async renderSentAndKeptMany(all) {
      const outcomes: (SentAndKeptOutcome | undefined)[] = all.map((item) => {
        if (!isBuiltInTemplate(item.template)) return undefined
        try {
          return { ok: true as const, value: localRenderer().renderSentAndKept(item.template, item.context, item.password, item.mask) }
        } catch (err) {
          return failedOutcome(err)
        }
      })
      const elsewhere = all.flatMap((item, i) => (outcomes[i] ? [] : [{ item, i }]))
      const rendered = await inWorkers(elsewhere.map((r) => r.item))
      elsewhere.forEach(({ i }, n) => { outcomes[i] = rendered[n] })
      return outcomes as SentAndKeptOutcome[]
    },
    threads: () => slots.filter((slot) => slot.worker).length,
    async close() {
      closed = true
      for (const task of waiting.splice(0)) task.reject(new Error('the template renderer is closed'))
      await Promise.all(slots.map(async (slot) => {
        const worker = slot.worker
        const task = slot.task
        slot.worker = null
        slot.ready = false
        settle(slot)
        if (slot.idle) clearTimeout(slot.idle)
        slot.idle = null
        task?.reject(new Error('the template renderer is closed'))
        if (worker) await worker.terminate()
      }))
    },
  }
}

