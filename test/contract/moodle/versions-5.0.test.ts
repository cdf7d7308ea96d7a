// The Moodle 5.0 replay (contracts/moodle/versions/5.0/): every recorded case against the simulator in profile 5.0.
import { contractAreas, type ContractArea } from './moodle-contract-areas.ts'
import { describeContractArea } from './moodle-contract-harness.ts'

// The third recording round (round-3/) was made on the 4.5.6 site only: the replays have no such cases.
const replayed = (Object.keys(contractAreas) as ContractArea[]).filter((area) => area !== 'round3')
for (const area of replayed) describeContractArea(area, '5.0')
