// The registration scenarios against the real Moodle the environment names (MOODLE_URL, MOODLE_TOKEN, and
// MOODLE_PLUS_TOKEN / MOODLE_COURSE_ID; test/helpers/real-moodle.ts). Without them every scenario is skipped
// with the reason. moodle-real-on-simulator.test.ts runs the same scenarios against the standalone simulator.
import { realMoodleFromEnv, realMoodleMissingReason } from '../helpers/real-moodle.ts'
import { describeRealMoodleScenarios } from './moodle-real-scenarios.ts'

const site = realMoodleFromEnv()
describeRealMoodleScenarios(site ? `registrations into the real Moodle at ${site.url}` : 'registrations into a real Moodle', () => site, realMoodleMissingReason)
