// Contract cases: core_user_* functions (generated from the case files in shared/contracts/moodle).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('core_user_* functions', ['core_user_'])
