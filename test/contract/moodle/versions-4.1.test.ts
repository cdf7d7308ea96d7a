// The Moodle 4.1 LTS replay (contracts/moodle/versions/4.1/): every recorded case against the simulator in profile 4.1.
import { contractAreas, type ContractArea } from './moodle-contract-areas.ts'
import { describeContractArea } from './moodle-contract-harness.ts'

for (const area of Object.keys(contractAreas) as ContractArea[]) describeContractArea(area, '4.1')
