// What an LMS call costs in the simulators: time per call plus time per record, per function, and a
// number of parallel "PHP workers" (a PHP-FPM pool, Apache's prefork children) that serve the calls: at
// most `workers` calls are served at once, the others wait in arrival order, as requests wait for a free
// worker in front of a real site. The numbers are milliseconds of the LMS's own work; the simulator waits
// them out (no CPU is burnt), so the connector sees the time a real site takes without the simulator's
// process loading the machine.
//
// The calibrated figures were measured on a real Moodle 4.5.6 (PHP 8.2, PostgreSQL, 2 cores), the average of
// two calls each, and on an ILIAS 5.2 importing users; least-squares fits of (records, ms):
//
//   function                     1 record   10       100      fit
//   core_user_get_users_by_field   66 ms    44 ms    47 ms   45 ms + 0.02 ms/value (the first call was cold)
//   core_user_create_users         75 ms   250 ms  1986 ms   56 ms + 19.3 ms/user (password hashing)
//   enrol_manual_enrol_users       80 ms   182 ms  1086 ms   75 ms + 10.1 ms/enrolment
//   ILIAS importUsers             300 ms     —    13300 ms  169 ms + 131 ms/user
//
// Calls without a figure of their own (reads, the connection check, ILIAS's other operations) cost the
// model's `otherMs` each. The flat model is the simulators' old behaviour: `latencyMs` per call, any
// number served at once (`workers: Infinity`).

/** Time of one call: `baseMs` + `perRecordMs` × the records it carries. */
export interface CallCost {
  baseMs: number
  perRecordMs: number
}

export interface CostModel {
  name: 'calibrated' | 'flat'
  /** Calls served at once; the others queue (Infinity: no queue). */
  workers: number
  /** Per function (Moodle wsfunction, ILIAS SOAP operation). */
  functions: Readonly<Record<string, CallCost>>
  /** A call of a function not listed. */
  otherMs: number
}

/** Moodle 4.5.6 as measured (see above), with `workers` PHP workers (4 unless given). */
export function calibratedMoodle(workers = 4): CostModel {
  return {
    name: 'calibrated',
    workers,
    functions: {
      core_user_get_users_by_field: { baseMs: 45, perRecordMs: 0.02 },
      core_user_create_users: { baseMs: 56, perRecordMs: 19.3 },
      enrol_manual_enrol_users: { baseMs: 75, perRecordMs: 10.1 },
    },
    otherMs: 45,
  }
}

/** ILIAS 5.2 importing users as measured; its other operations at the cost of a Moodle read. */
export function calibratedIlias(workers = 4): CostModel {
  return {
    name: 'calibrated',
    workers,
    functions: { importUsers: { baseMs: 169, perRecordMs: 131 } },
    otherMs: 45,
  }
}

/** Every call `latencyMs`, whatever it carries, any number at once. */
export function flatCost(latencyMs: number): CostModel {
  return { name: 'flat', workers: Infinity, functions: {}, otherMs: latencyMs }
}

/** Milliseconds one call of `fn` with `records` records costs under `model`. */
export function callCostMs(model: CostModel, fn: string, records: number): number {
  const c = model.functions[fn]
  return c ? c.baseMs + c.perRecordMs * records : model.otherMs
}

/** Reads `--latency`'s forms: `calibrated`, or a whole number of milliseconds (flat). */
export function parseCostOption(value: string, lms: 'moodle' | 'ilias', workers?: number): CostModel {
  if (value === 'calibrated') return lms === 'moodle' ? calibratedMoodle(workers) : calibratedIlias(workers)
  const ms = Number(value)
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`latency: 'calibrated' or a whole number of milliseconds, not ${value}`)
  return flatCost(ms)
}

/**
 * The PHP workers: run() starts fn when fewer than `size` run, else when an earlier one ends (FIFO).
 * Counts what it served, for tests and the benchmark.
 */
export class WorkerPool {
  #running = 0
  readonly #waiting: (() => void)[] = []
  /** The most that ever ran at once. */
  peak = 0
  served = 0

  constructor(public size: number) {}

  get running(): number {
    return this.#running
  }

  get queued(): number {
    return this.#waiting.length
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.#running >= this.size || this.#waiting.length > 0) await new Promise<void>((resolve) => this.#waiting.push(resolve))
    else this.#running++
    this.peak = Math.max(this.peak, this.#running)
    try {
      return await fn()
    } finally {
      this.served++
      const next = this.#waiting.shift()
      // The slot passes straight to the next in line (running stays the same), so no newcomer overtakes it.
      if (next) next()
      else this.#running--
    }
  }
}

export const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))
