// The working state of one reconcile batch (the registrations of one connection): the items, their step
// logs, and which of them already failed. Batch phases take the items still open and record per item.
import type { CallRecord, LmsAdapter } from '../lms/lms-adapter.ts'
import { LmsError } from '../lms/lms-adapter.ts'
import type { AdapterFactory } from '../lms/adapter-factory.ts'
import type { Connection } from '../store/connections.ts'
import type { CourseDefinition } from '../store/course-definitions.ts'
import type { NewStep, ObservedPatch, Registration } from '../store/registrations.ts'
import type { JobContext } from './queue.ts'
import type { Person } from '../domain/person.ts'
import type { FieldMapping } from '../domain/field-mapping.ts'

/** One LMS call as a step of a registration's log. */
export function callStep(c: CallRecord): NewStep {
  return {
    step: 'lms-call', function: c.function, durationMs: Math.round(c.durationMs), items: c.items,
    outcome: c.outcome, errorCode: c.errorCode,
  }
}

export interface BatchItem {
  job: JobContext
  registration: Registration
  course: CourseDefinition
  person: Person
  steps: NewStep[]
  /**
   * The state the batch reached for this item (active, cancelled, waiting…): written with the step log in
   * one transaction at the end of the batch, so no reader sees the state without the steps that led to it.
   */
  settled?: ObservedPatch
  /** The registration's open notifications are resolved in that same transaction. */
  clearNotifications?: boolean
  /** Set once the item failed; later phases skip it. */
  error?: unknown
}

export class ReconcileBatch {
  constructor(
    readonly connection: Connection,
    readonly adapter: LmsAdapter,
    readonly mapping: FieldMapping,
    readonly items: BatchItem[],
    private readonly adapters: AdapterFactory,
  ) {}

  /** Codes the LMS calls reported next to a good answer (CallRecord.notice), raised once per batch. */
  readonly notices = new Set<string>()

  open(): BatchItem[] {
    return this.items.filter((i) => i.error === undefined)
  }

  fail(item: BatchItem, error: unknown) {
    item.error ??= error
  }

  step(item: BatchItem, step: NewStep) {
    item.steps.push(step)
  }

  /**
   * Runs one LMS call on behalf of `items`: the call goes into each item's step log. A failure of the
   * call is left to the caller (which decides between failing all, bisecting, or failing one).
   */
  call<T>(items: BatchItem[], fn: () => Promise<T>): Promise<T> {
    const record = (c: CallRecord) => {
      if (c.notice) this.notices.add(c.notice)
      for (const item of items) item.steps.push(callStep(c))
    }
    return this.adapters.recordCalls(record, fn)
  }

  /**
   * Runs an all-or-nothing batch call (Moodle's create_users and enrol_manual_enrol_users fail as a whole
   * on one bad record). When the LMS refuses the data, the batch is split in halves until the bad record
   * is alone: it fails, the others go through. Other failures (LMS down, wrong token) fail the whole part.
   */
  async bisect<T>(items: BatchItem[], fn: (part: BatchItem[]) => Promise<T>, onDone: (part: BatchItem[], result: T) => Promise<void>) {
    if (items.length === 0) return
    try {
      const result = await this.call(items, () => fn(items))
      await onDone(items, result)
    } catch (err) {
      const refusesData = err instanceof LmsError && err.kind === 'permanent' && err.scope === 'record'
      if (!refusesData || items.length === 1) {
        for (const item of items) this.fail(item, err)
        return
      }
      const half = Math.ceil(items.length / 2)
      await this.bisect(items.slice(0, half), fn, onDone)
      await this.bisect(items.slice(half), fn, onDone)
    }
  }
}
