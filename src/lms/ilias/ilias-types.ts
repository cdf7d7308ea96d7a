// Raw ILIAS shapes, validated with zod where they enter (contracts/ilias/README.md §3–4).
// They stay in this folder: the adapter turns them into the port's LMS-neutral types.
import { z } from 'zod'

/** xsd:int as ILIAS sends it ("312", "0", "-1"). */
export const soapInt = z.string().trim().regex(/^-?\d+$/, 'not an xsd:int').transform(Number)
export const soapBoolean = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')
export const soapIntArray = z.array(soapInt)

/** One row of the XMLResultSet importUsers returns (columns userid, login, action, message). */
export const importResultRow = z.object({
  userid: soapInt,
  login: z.string(),
  action: z.string(),
  message: z.string(),
})
export type ImportResultRow = z.infer<typeof importResultRow>

/** A `<User>` of getUserXML (ilUserXMLWriter): Id is `il_<inst_id>_usr_<usr_id>`. */
export const iliasUserRecord = z.object({
  id: z.string().regex(/^il_\d+_usr_\d+$/, 'not an ILIAS user id'),
  language: z.string(),
  login: z.string(),
  firstname: z.string(),
  lastname: z.string(),
  email: z.string(),
  active: z.string(),
  postalCode: z.string(),
  birthday: z.string(),
  phoneHome: z.string(),
  phoneMobile: z.string(),
  phoneOffice: z.string(),
})
export type IliasUserRecord = z.infer<typeof iliasUserRecord>

/** `<LPChange UserId ObjId RefIds Timestamp LPStatus/>` of getLearningProgressChanges (ilLPXmlWriter). */
export const lpChange = z.object({
  UserId: soapInt,
  ObjId: soapInt,
  RefIds: z.string().regex(/^(\d+(,\d+)*)?$/, 'not a ref id list'),
  Timestamp: z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'not an ILIAS timestamp'),
  LPStatus: z.enum(['0', '1', '2', '3']).transform(Number),
})
export type LpChange = z.infer<typeof lpChange>

/** `<User id status>` of getProgressInfo: status 1 in progress, 2 completed, 3 failed, 4 not attempted. */
export const progressInfoUser = z.object({
  id: soapInt,
  status: z.enum(['1', '2', '3', '4']).transform(Number),
})

/** `<Object type obj_id><Title/>…<References ref_id/></Object>` of getObjectByReference. */
export const iliasObject = z.object({
  type: z.string().min(1),
  objId: soapInt,
  title: z.string(),
})
export type IliasObject = z.infer<typeof iliasObject>

/** LP status numbers of ut_lp_marks (ilLPStatus::LP_STATUS_*_NUM), as getLearningProgressChanges sends them. */
export const lpStatusNum = { notAttempted: 0, inProgress: 1, completed: 2, failed: 3 } as const

/** Course member roles assignCourseMember accepts (case-sensitive), and isAssignedToCourse's codes. */
export const courseMemberRoles = ['Member', 'Tutor', 'Admin'] as const
export type CourseMemberRole = (typeof courseMemberRoles)[number]
export const assignedRoleCodes = { 1: 'Admin', 2: 'Member', 3: 'Tutor' } as const satisfies Record<number, CourseMemberRole>

/** Default global roles of every ILIAS installation (obj ids from ILIAS's setup: SYSTEM_ROLE_ID = 2). */
export const standardGlobalRoles: Record<string, number> = { Administrator: 2, User: 4, Guest: 5 }
