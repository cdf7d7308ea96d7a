// What a web-service function sees while it runs: the state, the token's user, the clock, and the
// checks Moodle functions make (require_capability, validate_context → require_login).
import { moodleException, requiredCapability, requireLogin, type ErrorContext } from './moodle-exceptions.ts'
import type { Description } from './param-validation.ts'
import type { SimCourse, SimState, SimUser } from './state.ts'

export interface CallContext extends ErrorContext {
  state: SimState
  user: SimUser
  serviceId: number
  /** Unix seconds (the simulator's clock). */
  now: number
  siteUrl: string
  /**
   * Text the PHP code echoed directly during the call (PHPMailer's debugsmtp transcript): it lands in the
   * body in front of the JSON, because only debugging() output is suppressed by NO_DEBUG_DISPLAY.
   */
  echoed?: string[]
}

export interface WsFunction {
  name: string
  /** external_functions.version as site_info reports it. */
  version: string
  params: Description
  run(ctx: CallContext, params: Record<string, unknown>): unknown
}

export function isSiteAdmin(ctx: CallContext): boolean {
  return ctx.state.adminIds.has(ctx.user.id)
}

/** The ws role is assigned in the system context, so a capability holds in every context. */
export function hasCapability(ctx: CallContext, capability: string): boolean {
  return isSiteAdmin(ctx) || ctx.state.capabilities.has(capability)
}

export function requireCapability(ctx: CallContext, capability: string): void {
  if (!hasCapability(ctx, capability)) throw requiredCapability(ctx, capability)
}

export function isActivelyEnrolled(state: SimState, courseId: number, userId: number, now: number): boolean {
  const e = state.enrolments.get(`${courseId}:${userId}`)
  return !!e && e.status === 0 && e.timeStart <= now && (e.timeEnd === 0 || e.timeEnd > now)
}

/**
 * external_api::validate_context() calls require_login($course, ..., $preventredirect = true):
 * first the site policy (skipped for auth=webservice users in 4.5, lib/moodlelib.php), then course access
 * (enrolled, or moodle/course:view).
 */
export function validateContext(ctx: CallContext, course?: SimCourse): void {
  const { settings } = ctx.state
  if (settings.sitePolicyCompulsory && !ctx.user.policyagreed && ctx.user.auth !== 'webservice' && !isSiteAdmin(ctx)) {
    throw moodleException(ctx, 'sitepolicynotagreed', 'error', `${ctx.siteUrl}/admin/tool/policy/index.php`)
  }
  if (course && !hasCapability(ctx, 'moodle/course:view') && !isActivelyEnrolled(ctx.state, course.id, ctx.user.id, ctx.now)) {
    throw requireLogin(ctx)
  }
}
