// What `coursebridge start` prints while no administrator exists (the start command calls this).
import type { Queryable } from '../../store/database.ts'
import { countAdminUsers } from './admin-users.ts'

export async function adminSetupHint(db: Queryable, uiUrl: string): Promise<string | null> {
  if ((await countAdminUsers(db)) > 0) return null
  return `No administrator for the Service Center (${uiUrl}) yet. Create one in another terminal:\n\n`
    + '  npx coursebridge admin create you@example.org\n\n'
    + '  (or with the API key:\n'
    + `  curl -X POST ${uiUrl.replace(/\/ui\/?$/, '')}/api/v1/admin-users -H "Authorization: Bearer $KEY" \\\n`
    + `       -H 'Content-Type: application/json' -d '{"email": "you@example.org", "password": "a long passphrase"}')\n\n`
}
