// The Moodle 5.0 replay (contracts/moodle/versions/5.0/): every recorded case against the simulator in profile 5.0.
import { contractAreas, type ContractArea } from './moodle-contract-areas.ts'
import { describeContractArea } from './moodle-contract-harness.ts'

for (const area of Object.keys(contractAreas) as ContractArea[]) describeContractArea(area, '5.0')
