// Reads the exchanges recorded from a live Moodle 4.5.6 (test/contracts/moodle, a copy of the recordings kept in the project).
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export const contractsDir = fileURLToPath(new URL('../contracts/moodle/', import.meta.url))

export interface RecordedCase {
  case: string
  request: {
    method: string
    path: string
    body: string
    service: string
    params_decoded: [string, string][]
  }
  response: { status: number; content_type: string; body: string }
}

/** The recordings of a Moodle line: 4.5.6 here, the 4.1 and 5.0 replays under versions/. */
export type RecordedLine = '4.1' | '4.5' | '5.0'
const dirOf = (line: RecordedLine) => (line === '4.5' ? contractsDir : `${contractsDir}versions/${line}/`)

export function recordedCase(name: string, line: RecordedLine = '4.5'): RecordedCase {
  return JSON.parse(readFileSync(`${dirOf(line)}${name}.json`, 'utf8')) as RecordedCase
}

/** Every HTTP exchange (event dumps have no request/response and are left out). */
export function allRecordedCases(line: RecordedLine = '4.5'): RecordedCase[] {
  const dir = dirOf(line)
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(`${dir}${file}`, 'utf8')) as Partial<RecordedCase>)
    .filter((c): c is RecordedCase => c.request !== undefined && c.response !== undefined)
}

/** The wsfunction a recorded request called ('' when it had none). */
export function recordedFunction(c: RecordedCase): string {
  return c.request.params_decoded.find(([key]) => key === 'wsfunction')?.[1] ?? ''
}
