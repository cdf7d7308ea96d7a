// The bodies the Moodle plugin (moodle-plugin/local_coursebridge) pushes, after the signature has been
// verified. Built by the plugin's plain PHP class classes/local/result_payload.php; its README.md
// ("What is sent") is the human-readable version of this file. Keys arrive in the documented order,
// but nothing here depends on it.
//
// Strict objects (STYLE: validate at the edge): a plugin that adds a field needs a coursebridge that
// knows it; the body carries moodle.plugin (the plugin's version number) to tell which one sent it.
import { z } from 'zod'

/** Dot-free, header-safe: the same value as the webhook-id header. */
const eventId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/)
const unixSeconds = z.number().int().nonnegative()
const moodleId = z.number().int().positive()

const moodleSite = z.strictObject({
  /** Moodle's wwwroot, e.g. https://moodle.example.org */
  site: z.url(),
  /** The plugin's version number (version.php), e.g. 2025112300. */
  plugin: z.number().int().positive(),
})

export const moodleGradeSchema = z.strictObject({
  /** value: points; scale: positions 1..n on the course total's scale. */
  type: z.enum(['value', 'scale']),
  final: z.number(),
  min: z.number(),
  max: z.number(),
  /** Grade to pass, null when the course sets none. */
  pass: z.number().nullable(),
  /** (final - min) / (max - min) * 100, two decimals; null when max <= min. */
  percentage: z.number().nullable(),
})

export const moodleCourseCompletedSchema = z.strictObject({
  type: z.literal('course.completed'),
  /** moodle-<16 hex site key>-<course_completions id>-<timecompleted>; equals the webhook-id header. */
  id: eventId,
  moodle: moodleSite,
  user: z.strictObject({
    id: moodleId,
    /** Moodle's idnumber (our external key); null when the account has none. */
    idnumber: z.string().min(1).nullable(),
  }),
  course: z.strictObject({
    id: moodleId,
    shortname: z.string().min(1),
    idnumber: z.string().min(1).nullable(),
  }),
  timecompleted: unixSeconds,
  /** The course total for the learner; null when the course has no grade or the learner none yet. */
  grade: moodleGradeSchema.nullable(),
})

export const moodleTestEventSchema = z.strictObject({
  type: z.literal('webhook.test'),
  /** moodle-<16 hex site key>-test-<time>-<hex nonce> */
  id: eventId,
  moodle: moodleSite,
  timecreated: unixSeconds,
})

export const moodleWebhookBodySchema = z.discriminatedUnion('type', [
  moodleCourseCompletedSchema,
  moodleTestEventSchema,
])

export type MoodleGrade = z.infer<typeof moodleGradeSchema>
export type MoodleCourseCompleted = z.infer<typeof moodleCourseCompletedSchema>
export type MoodleTestEvent = z.infer<typeof moodleTestEventSchema>
export type MoodleWebhookBody = z.infer<typeof moodleWebhookBodySchema>

export type MoodleBodyParse =
  | { ok: true; body: MoodleWebhookBody }
  | { ok: false; code: 'WEBHOOK_BODY_INVALID' | 'WEBHOOK_ID_MISMATCH'; message: string }

/**
 * Parses a body whose signature has already been verified. `webhookId` is the verified webhook-id
 * header: the body must name the same event, so a signed body cannot be replayed under another id.
 */
export function parseMoodleWebhookBody(raw: string, webhookId: string): MoodleBodyParse {
  let json: unknown
  try {
    json = JSON.parse(raw)
  } catch {
    return { ok: false, code: 'WEBHOOK_BODY_INVALID', message: 'The body is not JSON.' }
  }
  const parsed = moodleWebhookBodySchema.safeParse(json)
  if (!parsed.success) {
    return { ok: false, code: 'WEBHOOK_BODY_INVALID', message: z.prettifyError(parsed.error) }
  }
  if (parsed.data.id !== webhookId) {
    return { ok: false, code: 'WEBHOOK_ID_MISMATCH', message: `The body's id ${parsed.data.id} is not the webhook-id ${webhookId}.` }
  }
  return { ok: true, body: parsed.data }
}
