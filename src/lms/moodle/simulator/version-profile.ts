// What differs between the Moodle lines the simulator can play, each taken from its recording
// (contracts/moodle/ for 4.5.6, contracts/moodle/versions/4.1/ and versions/5.0/ with their READMEs).
// Everything not listed here answers the same on all three lines.
import type { MoodleVersion } from '../moodle-versions.ts'

export interface VersionProfile {
  line: MoodleVersion
  /** core_webservice_get_site_info release / version. */
  release: string
  version: string
  /** Version of the enrol_manual plugin functions in site info (the core ones carry `version`). */
  enrolManualVersion: string
  /** 4.5 and 5.0 throw core\exception\moodle_exception etc.; 4.1 the plain class names. */
  namespacedExceptions: boolean
  /**
   * user_get_user_details() adds firstname/lastname only for a site admin or with moodle/site:viewfullnames
   * (4.1, 5.0); 4.5.6 also when the full-name format uses them (the default).
   */
  namesNeedViewFullnames: boolean
  /** User records carry trackforums, custom fields displayvalue (not on 4.1). */
  trackforums: boolean
  customfieldDisplayvalue: boolean
  /** Cohort records carry customfields, course records courseimage (not on 4.1). */
  cohortCustomfields: boolean
  courseImage: boolean
  /** summaryformat of an empty course summary (4.1 reports FORMAT_HTML). */
  emptySummaryFormat: number
  /** Theme image URLs for a REST client: 4.1 gave most of them the non-SVG "_s" variant (it asks the user agent). */
  svgIconsForRestClients: boolean
  /**
   * 5.0 with debugging off drops the table from dml_missing_record_exception: errorcode invalidrecordunknown,
   * "Can't find data record in database." for users, courses, cohorts and functions alike.
   */
  anonymousMissingRecord: boolean
  /** enrol_manual_enrol_users with an unknown user id: 4.5 invaliduser, 4.1 coding_exception, 5.0 a PHP TypeError. */
  enrolUnknownUser: 'invaliduser' | 'codingerror' | 'typeerror'
  /** enrol_manual_unenrol_users with an unknown user id: 4.5 invaliduser, 4.1/5.0 invalidparameter. */
  unenrolUnknownUser: 'invaliduser' | 'invalidparameter'
  /** The enrol_manual wsnoinstance string of 4.1 leaves {$a->courseid} unfilled. */
  wsnoinstanceFilled: boolean
  /** core_course_get_courses_by_field field=ids with an unknown id: a leaked PHP Error (PHP 8) or invalidrecord (4.1 on PHP 7.4). */
  coursesByIdsUnknown: 'php-error' | 'invalidrecord'
  /** Site info has policyagreed, and these advanced features. */
  siteInfoPolicyagreed: boolean
  advancedFeatures: readonly string[]
  usermaxuploadfilesize: number
}

const advanced45 = ['usecomments', 'usetags', 'enablenotes', 'messaging', 'enableblogs', 'enablecompletion', 'enablebadges',
  'messagingallusers', 'enablecustomreports', 'enableglobalsearch', 'mnet_dispatcher_mode', 'enablecompetencies'] as const

const v45: VersionProfile = {
  line: '4.5',
  release: '4.5.6 (Build: 20250811)',
  version: '2024100706',
  enrolManualVersion: '2024100700',
  namespacedExceptions: true,
  namesNeedViewFullnames: false,
  trackforums: true,
  customfieldDisplayvalue: true,
  cohortCustomfields: true,
  courseImage: true,
  emptySummaryFormat: 0,
  svgIconsForRestClients: true,
  anonymousMissingRecord: false,
  enrolUnknownUser: 'invaliduser',
  unenrolUnknownUser: 'invaliduser',
  wsnoinstanceFilled: true,
  coursesByIdsUnknown: 'php-error',
  siteInfoPolicyagreed: true,
  advancedFeatures: advanced45,
  usermaxuploadfilesize: 2097152,
}

const v41: VersionProfile = {
  ...v45,
  line: '4.1',
  release: '4.1.11 (Build: 20240610)',
  version: '2022112811',
  enrolManualVersion: '2022112800',
  namespacedExceptions: false,
  namesNeedViewFullnames: true,
  trackforums: false,
  customfieldDisplayvalue: false,
  cohortCustomfields: false,
  courseImage: false,
  emptySummaryFormat: 1,
  svgIconsForRestClients: false,
  enrolUnknownUser: 'codingerror',
  unenrolUnknownUser: 'invalidparameter',
  wsnoinstanceFilled: false,
  coursesByIdsUnknown: 'invalidrecord',
  siteInfoPolicyagreed: false,
  advancedFeatures: advanced45.filter((f) => f !== 'enableglobalsearch' && f !== 'enablecompetencies'),
  usermaxuploadfilesize: 67108864,
}

const v50: VersionProfile = {
  ...v45,
  line: '5.0',
  release: '5.0 (Build: 20250414)',
  version: '2025041400',
  enrolManualVersion: '2025041400',
  namesNeedViewFullnames: true,
  anonymousMissingRecord: true,
  enrolUnknownUser: 'typeerror',
  unenrolUnknownUser: 'invalidparameter',
}

export const versionProfiles: Record<MoodleVersion, VersionProfile> = { '4.1': v41, '4.5': v45, '5.0': v50 }

/** The class name an exception of `cls` (its 4.5 name) carries on this line. */
export function exceptionClassOn(profile: VersionProfile, cls: string): string {
  return profile.namespacedExceptions ? cls : cls.replace(/^core\\exception\\/, '')
}
