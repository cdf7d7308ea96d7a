// The Moodle 4.1 LTS replay (contracts/moodle/versions/4.1/): every recorded case against the simulator in profile 4.1.
import { contractAreas, type ContractArea } from './moodle-contract-areas.ts'
import { describeContractArea } from './moodle-contract-harness.ts'

// The third recording round (round-3/) was made on the 4.5.6 site only: the replays have no such cases.
const replayed = (Object.keys(contractAreas) as ContractArea[]).filter((area) => area !== 'round3')
for (const area of replayed) describeContractArea(area, '4.1')
