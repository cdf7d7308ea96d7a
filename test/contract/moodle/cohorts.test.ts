// Contract cases: cohort functions (generated from the case files in shared/contracts/moodle).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('cohort functions', ['core_cohort_'])
