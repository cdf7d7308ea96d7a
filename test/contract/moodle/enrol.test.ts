// Contract cases: enrolment functions (generated from the case files in shared/contracts/moodle).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('enrolment functions', ['enrol_manual_', 'core_enrol_'])
