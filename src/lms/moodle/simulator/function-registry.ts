// Every external function the simulator knows (mdl_external_functions). A name not listed here answers
// "Can't find data record in database table external_functions." like an unknown function in Moodle.
import type { WsFunction } from './call-context.ts'
import { cohortFunctions } from './functions/cohort-functions.ts'
import { completionFunctions } from './functions/completion-functions.ts'
import { courseFunctions, siteInfoFunction } from './functions/course-site-functions.ts'
import { enrolFunctions } from './functions/enrol-functions.ts'
import { userFunctions } from './functions/user-functions.ts'

export function buildFunctionRegistry(): Map<string, WsFunction> {
  const registry = new Map<string, WsFunction>()
  for (const fn of [...userFunctions, ...enrolFunctions, ...cohortFunctions, ...completionFunctions, ...courseFunctions]) {
    registry.set(fn.name, fn)
  }
  // Core functions carry the site's version, enrol_manual ones their plugin's (recorded per line).
  const siteInfo = siteInfoFunction((name, profile) => (name.startsWith('enrol_manual_') ? profile.enrolManualVersion : profile.version))
  registry.set(siteInfo.name, siteInfo)
  return registry
}
