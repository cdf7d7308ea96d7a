/** The file as a whole cannot be imported (unreadable, not UTF-8, broken CSV, bad header): exit code 2. */
export class ImportFileError extends Error {
  override readonly name = 'ImportFileError'
}
