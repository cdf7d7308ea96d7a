// Which Moodle line the check talks to: from core_webservice_get_site_info where the token may call it, else
// from the shapes of the probes' answers (4.1 names its exception classes without the core\exception\ prefix,
// 5.0 answers the enrol probe with a PHP TypeError and says invalidrecordunknown for "not found").
import { moodleVersionLabels, moodleVersionOf, type MoodleVersion } from '../lms/moodle/moodle-versions.ts'
import type { Answer } from './moodle-probes.ts'

export interface VersionFinding {
  line: MoodleVersion | null
  /** How it was found, for the check item. */
  how: string
  /** A release below 4.1: not supported. */
  tooOld: boolean
}

export function versionFromSiteInfo(siteInfo: Answer): VersionFinding | null {
  if (!siteInfo.ok || !siteInfo.value || typeof siteInfo.value !== 'object') return null
  const { version, release } = siteInfo.value as { version?: unknown; release?: unknown }
  if (typeof version !== 'string' && typeof version !== 'number') return null
  const found = moodleVersionOf(version)
  const named = typeof release === 'string' ? `release ${release}` : `version ${version}`
  if (!found) return { line: null, how: `site info says ${named}: older than Moodle 4.1`, tooOld: true }
  const exact = found.exact ? '' : ` (not a recorded release: treated as ${moodleVersionLabels[found.line]})`
  return { line: found.line, how: `site info says ${named}${exact}`, tooOld: false }
}

/** From the answers the probes got: the exception class names and the shapes only some lines give. */
export function versionFromAnswers(answers: Answer[]): VersionFinding | null {
  const errors = answers.flatMap((a) => (a.ok ? [] : [a.error]))
  const classes = errors.map((e) => e.details['exception']).filter((c): c is string => typeof c === 'string')
  if (errors.some((e) => e.details['exception'] === 'TypeError' || e.details['errorcode'] === 'invalidrecordunknown')) {
    return { line: '5.0', how: 'Moodle answered a probe the way only 5.0 does (a PHP TypeError, or "invalidrecordunknown")', tooOld: false }
  }
  const moodleClasses = classes.filter((c) => /exception$/.test(c) && c !== 'webservice_access_exception' && c !== 'dml_missing_record_exception')
  if (moodleClasses.length === 0) return null
  if (moodleClasses.some((c) => c.startsWith('core\\exception\\'))) {
    return { line: '4.5', how: 'Moodle names its exceptions core\\exception\\… (4.2 or later; 5.0 answers differently): 4.5 assumed', tooOld: false }
  }
  return { line: '4.1', how: 'Moodle names its exceptions without the core\\exception\\ prefix (4.1 or older)', tooOld: false }
}
