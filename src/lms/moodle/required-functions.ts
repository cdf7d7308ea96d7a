// The seven web-service functions the external service of a Moodle connection must hold (Moodle's
// "external service" you created for coursebridge). The connection check asks for each; the Moodle
// simulator's 'recorded-site' world offers them.
export const seedFunctions = [
  'core_cohort_add_cohort_members',
  'core_cohort_delete_cohort_members',
  'core_user_create_users',
  'core_user_get_users_by_field',
  'core_user_update_users',
  'enrol_manual_enrol_users',
  'enrol_manual_unenrol_users',
] as const
export type SeedFunction = (typeof seedFunctions)[number]
