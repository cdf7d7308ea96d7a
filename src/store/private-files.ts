// DATA_DIR holds the embedded database and the secret key: nobody but the service's own user may read it.
// New files get that from the process umask (cli/main.ts); makePrivate also closes up a DATA_DIR written
// by an earlier version or another tool (PGlite created its files 0666 and folders 0755).
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The mask every coursebridge command runs with: new files 0600, new folders 0700. */
export const privateUmask = 0o077

/** Creates the folder (0700) when missing, then takes group and other permissions off it and everything in it. */
export function makePrivate(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const visit = (path: string) => {
    const st = lstatSync(path)
    if (st.isSymbolicLink()) return
    if ((st.mode & 0o077) !== 0) chmodSync(path, st.mode & 0o700)
    if (st.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
  }
  visit(dir)
}
