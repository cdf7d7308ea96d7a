// Recorded Moodle cases of one area, one test each (the list comes from the case files themselves).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('check')
