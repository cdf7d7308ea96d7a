// The recorded cases grouped by function area; one test file per area (see *.test.ts beside this file).
export const contractAreas = {
  auth: { title: 'web-service gate, tokens, site policy, transport, login/token.php', prefixes: ['auth.', 'transport.', 'login.'] },
  check: { title: 'connection-check capability map', prefixes: ['check.'] },
  users: { title: 'core_user_* functions', prefixes: ['core_user_'] },
  enrol: { title: 'enrolment functions', prefixes: ['enrol_manual_', 'core_enrol_'] },
  cohorts: { title: 'cohort functions', prefixes: ['core_cohort_'] },
  plus: { title: 'completion, course and site-info functions', prefixes: ['core_completion_', 'core_course_', 'core_webservice_'] },
  round3: { title: 'third recording round (round-3/)', prefixes: ['round-3/'] },
} as const

export type ContractArea = keyof typeof contractAreas
