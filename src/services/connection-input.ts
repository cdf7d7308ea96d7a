// What an administrator sends to create or change a connection. Credentials are write-only.
import { z } from 'zod'
import { fieldMappingSchema as mappingSchema } from '../domain/field-mapping.ts'
import { moodleVersions } from '../lms/moodle/moodle-versions.ts'
import { matchingPolicies } from '../jobs/reconcile-adoption.ts'

const url = z.string().trim().url().max(500).refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://')

export const connectionTypes = ['moodle', 'ilias', 'sandbox'] as const

const settingsSchema = z.strictObject({
  /** Which LMS a sandbox connection simulates. */
  sandboxLms: z.enum(['moodle', 'ilias']).optional(),
  /** Which Moodle line a Moodle sandbox plays (the simulator's version profile; 4.5 when not set). */
  sandboxMoodleVersion: z.enum(moodleVersions).optional(),
  /** Records per LMS call; keeps calls under PHP's max_input_vars. */
  maxRecordsPerCall: z.number().int().min(1).max(500).optional(),
  /** LMS calls at once for this connection (the limiter lowers it while the LMS is slow or failing). */
  maxConcurrentCalls: z.number().int().min(1).max(64).optional(),
  passwordLength: z.number().int().min(8).max(64).optional(),
  /**
   * How a person not found by external key is matched: 'key-only' (default: a new account), 'adopt' (an account with
   * the person's e-mail, any case, and no key is taken over) or 'review' (such an account goes on the review list).
   */
  accountMatching: z.enum(matchingPolicies).optional(),
  iliasUserFolderRefId: z.string().trim().max(20).optional(),
  iliasGlobalRole: z.string().trim().max(100).optional(),
})

const credentialsSchema = z.strictObject({
  token: z.string().trim().min(1).max(200).optional(),
  client: z.string().trim().min(1).max(100).optional(),
  username: z.string().trim().min(1).max(100).optional(),
  password: z.string().min(1).max(200).optional(),
})

export const connectionCreateSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(100),
    type: z.enum(connectionTypes),
    baseUrl: url.optional(),
    environment: z.enum(['live', 'training']).default('live'),
    active: z.boolean().default(true),
    credentials: credentialsSchema.default({}),
    mapping: mappingSchema.default(mappingSchema.parse({})),
    settings: settingsSchema.default({}),
  })
  .superRefine((c, ctx) => {
    if (c.type !== 'sandbox' && !c.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'required for a Moodle or ILIAS connection' })
    if (c.type === 'moodle' && !c.credentials.token) {
      ctx.addIssue({ code: 'custom', path: ['credentials', 'token'], message: 'a Moodle connection needs the web-service token' })
    }
    if (c.type === 'ilias' && c.settings.accountMatching && c.settings.accountMatching !== 'key-only') {
      ctx.addIssue({ code: 'custom', path: ['settings', 'accountMatching'], message: 'ILIAS connections match accounts by external key only' })
    }
    if (c.type === 'ilias') {
      for (const key of ['client', 'username', 'password'] as const) {
        if (!c.credentials[key]) ctx.addIssue({ code: 'custom', path: ['credentials', key], message: 'required for an ILIAS connection' })
      }
    }
  })

export const connectionUpdateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  baseUrl: url.optional(),
  environment: z.enum(['live', 'training']).optional(),
  active: z.boolean().optional(),
  credentials: credentialsSchema.optional(),
  mapping: mappingSchema.optional(),
  settings: settingsSchema.optional(),
})
