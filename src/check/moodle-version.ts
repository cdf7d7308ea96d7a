// Which Moodle line the check talks to: from core_webservice_get_site_info where the token may call it, else
// from the shapes of the probes' answers (4.1 names its exception classes without the core\exception\ prefix,
// 5.0 answers the enrol probe with a PHP TypeError and says invalidrecordunknown for "not found").
import { moodleVersionLabels, moodleVersionOf, type MoodleVersion } from '../lms/moodle/moodle-versions.ts'
import type { Answer } from './moodle-probes.ts'
import { say, type CheckText } from './check-text.ts'

export interface VersionFinding {
  line: MoodleVersion | null
  /** How it was found, for the check item. */
  how: CheckText
  /** A release below 4.1: not supported. */
  tooOld: boolean
}

export function versionFromSiteInfo(siteInfo: Answer): VersionFinding | null {
  if (!siteInfo.ok || !siteInfo.value || typeof siteInfo.value !== 'object') return null
  const { version, release } = siteInfo.value as { version?: unknown; release?: unknown }
  if (typeof version !== 'string' && typeof version !== 'number') return null
  const found = moodleVersionOf(version)
  const named = typeof release === 'string' ? say('check.version.release', { lms: release }) : say('check.version.number', { lms: String(version) })
  if (!found) return { line: null, how: say('check.version.tooOld', { named }), tooOld: true }
  const how = found.exact ? say('check.version.site', { named }) : say('check.version.siteInexact', { named, line: moodleVersionLabels[found.line] })
  return { line: found.line, how, tooOld: false }
}

/** From the answers the probes got: the exception class names and the shapes only some lines give. */
export function versionFromAnswers(answers: Answer[]): VersionFinding | null {
  const errors = answers.flatMap((a) => (a.ok ? [] : [a.error]))
  const classes = errors.map((e) => e.details['exception']).filter((c): c is string => typeof c === 'string')
  if (errors.some((e) => e.details['exception'] === 'TypeError' || e.details['errorcode'] === 'invalidrecordunknown')) {
    return { line: '5.0', how: say('check.version.by50'), tooOld: false }
  }
  const moodleClasses = classes.filter((c) => /exception$/.test(c) && c !== 'webservice_access_exception' && c !== 'dml_missing_record_exception')
  if (moodleClasses.length === 0) return null
  if (moodleClasses.some((c) => c.startsWith('core\\exception\\'))) {
    return { line: '4.5', how: say('check.version.by45'), tooOld: false }
  }
  return { line: '4.1', how: say('check.version.by41'), tooOld: false }
}
