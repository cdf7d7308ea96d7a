// Contract cases: web-service gate, tokens, site policy, transport, login/token.php (generated from the case files in shared/contracts/moodle).
import { describeContractArea } from './moodle-contract-harness.ts'

describeContractArea('web-service gate, tokens, site policy, transport, login/token.php', ['auth.', 'transport.', 'login.'])
