// What an ILIAS connection is configured with, validated once when the adapter is built.
import { z } from 'zod'
import type { CallObserver } from '../lms-adapter.ts'
import type { RecordsPerCall } from '../call-cost-estimates.ts'

export interface IliasAdapterOptions {
  /** SOAP endpoint, e.g. https://host/ilias/webservice/soap/server.php (ILIAS 10: https://host/soap/server.php). */
  baseUrl: string
  client: string
  username: string
  password: string
  /** importUsers folder: -1 = System User Folder (ref 7), or a category ref id (local user administration). */
  userFolderRefId?: number | string
  /** Title of the global role new accounts get. */
  globalRole?: string
  /** Its obj id; known for ILIAS's standard roles (User 4, Guest 5, Administrator 2), required otherwise. */
  globalRoleId?: number
  /** Prefix that makes the external key a non-numeric import id. */
  importIdPrefix?: string
  /** User@Language of new accounts (ISO 639-1). */
  language?: string
  /** Time zone of the ILIAS server: learning-progress timestamps are its local wall time. */
  timeZone?: string
  timeoutMs?: number
  /** Extra timeout per user record of an importUsers call (default 1000 ms; ILIAS needs ~0.3 s per user). */
  importTimeoutPerUserMs?: number
  observer?: CallObserver
  /** Users per importUsers call chosen from the measured costs (call-cost-estimates.ts); without it 50. */
  recordsPerCall?: RecordsPerCall
  /** Page for the credentials mail; derived from baseUrl when absent. */
  loginUrl?: string
}

export const optionsSchema = z.object({
  baseUrl: z.url(),
  client: z.string().min(1),
  username: z.string().min(1),
  password: z.string().min(1),
  // Settings arrive as text from the Service Center; '' means "use the default".
  userFolderRefId: z.union([z.number().int(), z.string().trim().regex(/^(-1|\d*)$/)])
    .optional().transform((v) => (v === undefined || v === '' ? -1 : Number(v))),
  globalRole: z.string().trim().optional().transform((v) => (v ? v : 'User')),
  globalRoleId: z.number().int().positive().optional(),
  importIdPrefix: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/, 'must start with a letter or _ so the import id is never numeric').default('tms_person_'),
  language: z.string().regex(/^[a-z]{2}$/).default('en'),
  timeZone: z.string().default('UTC'),
  timeoutMs: z.number().int().positive().default(30_000),
  importTimeoutPerUserMs: z.number().int().nonnegative().default(1_000),
  observer: z.custom<CallObserver>((v) => typeof v === 'function').optional(),
  recordsPerCall: z.custom<RecordsPerCall>((v) => typeof v === 'function').optional(),
  loginUrl: z.url().optional(),
})

/** The SOAP script's address → ILIAS's start page for the same client. */
export function homeUrlFor(baseUrl: string, client: string): string {
  const url = new URL(baseUrl)
  url.pathname = url.pathname.replace(/(\/webservice)?\/soap\/server\.php$/, '') + '/'
  url.search = new URLSearchParams({ client_id: client }).toString()
  return url.toString()
}

/** The SOAP script's address → ILIAS's login page for the same client. */
export function loginUrlFor(baseUrl: string, client: string): string {
  const url = new URL(baseUrl)
  url.pathname = url.pathname.replace(/(\/webservice)?\/soap\/server\.php$/, '') + '/login.php'
  url.search = new URLSearchParams({ client_id: client }).toString()
  return url.toString()
}
