// What an administrator sends to create or change a course definition: the one set of rules the API
// (src/http/routes/course-definitions.ts) and the Service Center's course form (src/ui/pages/courses-page.ts) use.
import { z } from 'zod'

export const courseTargetSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('moodle-course'), by: z.enum(['id', 'shortname', 'idnumber']), value: z.string().trim().min(1, 'required').max(255),
  }),
  z.strictObject({
    type: z.literal('moodle-cohort'),
    by: z.enum(['id', 'idnumber'], { error: 'a cohort is found by id or idnumber' }),
    value: z.string().trim().min(1, 'required').max(100),
  }),
  z.strictObject({ type: z.literal('ilias-course'), refId: z.string().trim().min(1, 'required').regex(/^\d+$/, 'a numeric ref id') }),
]).superRefine((t, ctx) => {
  if (t.type !== 'ilias-course' && t.by === 'id' && t.value !== '' && !/^\d+$/.test(t.value)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: 'an id is a number' })
  }
})

// An ISO date or epoch milliseconds within what PostgreSQL's timestamptz and a course calendar hold
// (a coerced -8.64e15 is a valid JS date but out of PostgreSQL's range: a 500 before).
const date = z.union([z.string().max(40), z.number()]).pipe(z.coerce.date({ error: 'a date like 2025-09-01' }))
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 9999, 'must be a date between 1970 and 9999')
const role = z.string().trim().min(1).max(50)

const fields = {
  code: z.string().trim().min(1, 'required').max(100),
  name: z.string().trim().min(1, 'required').max(255),
  connectionId: z.string().uuid('choose a connection'),
  target: courseTargetSchema,
  /** Moodle role id (default 5, student) or ILIAS role (Member, Tutor, Admin; default Member). */
  role: role.nullable().default(null),
  enrolStart: date.nullable().default(null),
  enrolEnd: date.nullable().default(null),
}

const periodInOrder = (d: { enrolStart?: Date | null; enrolEnd?: Date | null }) => !d.enrolStart || !d.enrolEnd || d.enrolStart < d.enrolEnd
const periodIssue = { path: ['enrolEnd'], message: 'must be after enrolStart' }

export const courseDefinitionCreateSchema = z.strictObject(fields).refine(periodInOrder, periodIssue)

export const courseDefinitionUpdateSchema = z.strictObject({
  code: fields.code.optional(), name: fields.name.optional(), connectionId: fields.connectionId.optional(),
  target: courseTargetSchema.optional(), role: role.nullable().optional(),
  enrolStart: date.nullable().optional(), enrolEnd: date.nullable().optional(),
}).refine(periodInOrder, periodIssue)

export type CourseDefinitionInput = z.output<typeof courseDefinitionCreateSchema>
export type CourseDefinitionChange = z.output<typeof courseDefinitionUpdateSchema>

/**
 * The course form's fields (names as the API's paths: target.type, target.by, target.value; dates as the date
 * input sends them, empty for none) as the API's create body, for courseDefinitionCreateSchema.
 */
export function courseFormBody(f: Record<string, string | undefined>) {
  const value = f['target.value'] ?? ''
  const target = f['target.type'] === 'ilias-course' ? { type: 'ilias-course', refId: value }
    : { type: f['target.type'] ?? '', by: f['target.by'] ?? '', value }
  const optional = (s: string | undefined) => (s === undefined || s.trim() === '' ? null : s.trim())
  return {
    code: f.code ?? '', name: f.name ?? '', connectionId: f.connectionId ?? '', target,
    role: optional(f.role), enrolStart: optional(f.enrolStart), enrolEnd: optional(f.enrolEnd),
  }
}

/** An issue's path as the course form's field name (an ILIAS ref id is the form's target.value). */
export const courseFormField = (path: PropertyKey[]) => path.map(String).join('.').replace(/^target\.refId$/, 'target.value')
