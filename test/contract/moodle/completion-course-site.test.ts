// Contract cases: completion, course and site-info functions (generated from the case files in shared/contracts/moodle).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('completion, course and site-info functions', ['core_completion_', 'core_course_', 'core_webservice_'])
