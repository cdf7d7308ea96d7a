// Raw shapes of Moodle REST answers, as recorded from Moodle 4.5.6 (test/contracts/moodle). They stay
// in this folder: the adapter turns them into the port's LMS-neutral types. Objects are loose (extra
// members allowed) because Moodle adds fields between versions; what we read is checked.
import { z } from 'zod'

/** Every REST error: HTTP 200 with this body. `errorcode` is missing when a PHP Error leaks; `debuginfo` only with debugging on. */
export const moodleExceptionSchema = z.object({
  exception: z.string(),
  errorcode: z.string().optional(),
  message: z.string().optional(),
  debuginfo: z.string().optional(),
})
export type MoodleException = z.infer<typeof moodleExceptionSchema>

const customFieldSchema = z.object({ shortname: z.string(), value: z.string().nullable().optional() })

/** core_user_get_users_by_field: fields vanish when capabilities are missing (username without viewalldetails, email without viewuseridentity). */
export const moodleUserSchema = z.object({
  id: z.number(),
  username: z.string().optional(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  email: z.string().optional(),
  idnumber: z.string().optional(),
  suspended: z.boolean().optional(),
  customfields: z.array(customFieldSchema).optional(),
})
export type MoodleUser = z.infer<typeof moodleUserSchema>
export const moodleUsersSchema = z.array(moodleUserSchema)

/** core_user_get_users: {users, warnings}. */
export const getUsersResultSchema = z.object({ users: moodleUsersSchema, warnings: z.array(z.unknown()).default([]) })

/** core_user_create_users: one entry per created user, in request order. */
export const createUsersResultSchema = z.array(z.object({ id: z.number(), username: z.string() }))

/** Per-item warnings of update_users ({item,itemid,warningcode,message}) and add_cohort_members ({warningcode,message}). */
export const moodleWarningSchema = z.object({
  item: z.string().optional(),
  itemid: z.number().optional(),
  warningcode: z.string(),
  message: z.string(),
})
export type MoodleWarning = z.infer<typeof moodleWarningSchema>
export const warningsResultSchema = z.object({ warnings: z.array(moodleWarningSchema).default([]) })

/** enrol_manual_enrol_users, enrol_manual_unenrol_users, core_cohort_delete_cohort_members answer the JSON literal null. */
export const nullResultSchema = z.null()

/** core_course_get_courses_by_field: idnumber is not returned (recorded), shortname and fullname are. */
export const coursesByFieldSchema = z.object({
  courses: z.array(z.object({ id: z.number(), shortname: z.string(), fullname: z.string() })),
})

const cohortSchema = z.object({ id: z.number(), name: z.string(), idnumber: z.string() })
export const searchCohortsSchema = z.object({ cohorts: z.array(cohortSchema) })
export const getCohortsSchema = z.array(cohortSchema)

/** core_completion_get_course_completion_status. */
export const completionStatusSchema = z.object({
  completionstatus: z.object({
    completed: z.boolean(),
    aggregation: z.number(),
    completions: z.array(
      z.object({
        type: z.number(),
        title: z.string(),
        status: z.string(),
        complete: z.boolean(),
        timecompleted: z.number().nullable(),
      }),
    ),
  }),
})

/** core_enrol_get_enrolled_users with userfields=id: only the ids are read. */
export const enrolledUserIdsSchema = z.array(z.object({ id: z.number() }))
