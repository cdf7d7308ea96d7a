// Contract cases: connection-check capability map (generated from the case files in shared/contracts/moodle).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('connection-check capability map', ['check.'])
