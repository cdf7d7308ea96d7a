// The Moodle lines coursebridge supports, and how a site's line is read from what it reports.
// Recorded on each line: contracts/moodle/ (4.5.6) and contracts/moodle/versions/<line>/ (4.1.11, 5.0).
export const moodleVersions = ['4.1', '4.5', '5.0'] as const
export type MoodleVersion = (typeof moodleVersions)[number]
export const defaultMoodleVersion: MoodleVersion = '4.5'

/** Long names, as the README and the connection check say them. */
export const moodleVersionLabels: Record<MoodleVersion, string> = { '4.1': 'Moodle 4.1 LTS', '4.5': 'Moodle 4.5 LTS', '5.0': 'Moodle 5.0' }

/**
 * The line of a Moodle $version number (core_webservice_get_site_info "version", or the version of a core
 * function in its "functions" list): 4.1 = 2022112800–2022112899, 4.5 = 2024100700–2024100799,
 * 5.0 = 2025041400–2025041499. Lines in between (4.2–4.4) and after 5.0 are not recorded; they are
 * reported as the nearest recorded line below, or null before 4.1.
 */
export function moodleVersionOf(versionNumber: string | number): { line: MoodleVersion; exact: boolean } | null {
  const n = Math.floor(Number(versionNumber))
  if (!Number.isFinite(n) || n < 2022112800) return null
  if (n < 2022112900) return { line: '4.1', exact: true }
  if (n < 2024100700) return { line: '4.1', exact: false }
  if (n < 2024100800) return { line: '4.5', exact: true }
  if (n < 2025041400) return { line: '4.5', exact: false }
  if (n < 2025041500) return { line: '5.0', exact: true }
  return { line: '5.0', exact: false }
}
