// Public entry of the Moodle simulator; see moodle-simulator.ts for the API.
export { createMoodleSimulator, type MoodleSimulator, type MoodleSimulatorOptions, type SimCall, type EnrolmentView } from './moodle-simulator.ts'
export { seedCapabilities, plusCapabilities, coachviewFunctions, coachviewPlusFunctions, defaultServiceNames, type ServiceNames, type WorldName } from './worlds.ts'
export type { SimUser, SimCourse, SimCohort, SimEvent } from './state.ts'
export type { NewUserInput } from './user-records.ts'
export { moodleVersions, defaultMoodleVersion, type MoodleVersion } from '../moodle-versions.ts'
export { versionProfiles, type VersionProfile } from './version-profile.ts'
