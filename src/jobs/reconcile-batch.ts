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
   * Runs one LMS call on behalf of `items`: each request goes into the step log of the items it served. A
   * request that names the records it served (CallRecord.subjects: ILIAS makes one request per person) goes
   * to the items `subjectsOf` gives those names — so a batch of n persons logs n such requests, not n² —;
   * any other request (Moodle's batched calls, an ILIAS import, a subject no item claims) to every item of
   * the call. A failure of the call is left to the caller (which decides between failing all, bisecting, or
   * failing one).
   */
  call<T>(items: BatchItem[], fn: () => Promise<T>, subjectsOf?: SubjectsOf): Promise<T> {
    let served: Map<string, BatchItem[]> | undefined
    const record = (c: CallRecord) => {
      if (c.notice) this.notices.add(c.notice)
      served ??= subjectsOf && c.subjects ? itemsBySubject(items, subjectsOf) : undefined
      for (const item of (served && c.subjects && itemsServed(served, c.subjects)) || items) item.steps.push(callStep(c))
    }
    return this.adapters.recordCalls(record, fn)
  }

  /**
   * Runs an all-or-nothing batch call (Moodle's create_users and enrol_manual_enrol_users fail as a whole
   * on one bad record). When the LMS refuses the data, the batch is split in halves until the bad record
   * is alone: it fails, the others go through. Other failures (LMS down, wrong token) fail the whole part.
   */
  async bisect<T>(items: BatchItem[], fn: (part: BatchItem[]) => Promise<T>, onDone: (part: BatchItem[], result: T) => Promise<void>,
    subjectsOf?: SubjectsOf) {
    if (items.length === 0) return
    try {
      const result = await this.call(items, () => fn(items), subjectsOf)
      await onDone(items, result)
    } catch (err) {
      const refusesData = err instanceof LmsError && err.kind === 'permanent' && err.scope === 'record'
      if (!refusesData || items.length === 1) {
        for (const item of items) this.fail(item, err)
        return
      }
      const half = Math.ceil(items.length / 2)
      await this.bisect(items.slice(0, half), fn, onDone, subjectsOf)
      await this.bisect(items.slice(half), fn, onDone, subjectsOf)
    }
  }
}

/** How an item's records are named in the port call made for it (CallRecord.subjects). */
export type SubjectsOf = (item: BatchItem) => Iterable<string>

function itemsBySubject(items: BatchItem[], subjectsOf: SubjectsOf): Map<string, BatchItem[]> {
  const by = new Map<string, BatchItem[]>()
  for (const item of items) {
    for (const subject of subjectsOf(item)) {
      const list = by.get(subject)
      if (!list) by.set(subject, [item])
      else if (!list.includes(item)) list.push(item)
    }
  }
  return by
}

/** The items the subjects name; undefined when they name none of them (the request then counts for all). */
function itemsServed(by: Map<string, BatchItem[]>, subjects: readonly string[]): BatchItem[] | undefined {
  if (subjects.length === 1) return by.get(subjects[0]!)
  const served = new Set(subjects.flatMap((s) => by.get(s) ?? []))
  return served.size > 0 ? [...served] : undefined
}
