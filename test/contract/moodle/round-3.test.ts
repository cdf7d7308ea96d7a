// Recorded Moodle cases of the third recording round (round-3/), one test each.
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('round3')
