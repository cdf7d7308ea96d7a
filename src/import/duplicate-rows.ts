// Keys that appear more than once in one import file. Applied one after the other, the later row would
// silently overwrite the earlier one (the person's data) or be taken for it (the registration); so they
// are reported instead:
// - one personId with different person data on several rows: every one of those rows is refused (which
//   data is right, only the file's author knows); the same data on several rows (one person, several
//   courses) is fine;
// - one registrationId for different persons or courses: every one of those rows is refused;
// - the same registration again (same registrationId, or same person and course): the repeat is refused,
//   naming the line it repeats.
import type { RegistrationInput, RowAction, RowProblem } from './import-row.ts'

interface Seen { line: number; value: string }

const lines = (seen: Seen[]) => {
  const ls = seen.map((s) => s.line)
  return ls.length === 2 ? `lines ${ls[0]} and ${ls[1]}` : `lines ${ls.slice(0, -1).join(', ')} and ${ls.at(-1)}`
}

export class DuplicateRows {
  private readonly persons = new Map<string, Seen[]>()
  private readonly byRegistrationId = new Map<string, Seen[]>()
  private readonly byPersonAndCourse = new Map<string, number>()
  private readonly problems = new Map<number, RowProblem[]>()
  /** Repeats, reported only for a line with no other problem (a row with conflicting data is reported for that). */
  private readonly repeats: [number, RowProblem][] = []

  /** Rows must be added in file order. */
  add(line: number, action: RowAction) {
    if (action.kind !== 'register') return
    const input: RegistrationInput = action.input
    const personId = input.person?.personId ?? input.personId!
    if (input.person) push(this.persons, personId, { line, value: JSON.stringify(input.person) })
    if (input.externalId) {
      push(this.byRegistrationId, input.externalId, { line, value: JSON.stringify([personId, input.courseCode]) })
    } else {
      const key = JSON.stringify([personId, input.courseCode])
      const first = this.byPersonAndCourse.get(key)
      if (first === undefined) this.byPersonAndCourse.set(key, line)
      else this.repeats.push([line, { column: 'personId', message: `the row repeats line ${first}: person ${personId} for course ${input.courseCode} once is enough` }])
    }
  }

  /** The problems of each line, once every row was added. */
  finish(): Map<number, RowProblem[]> {
    for (const [personId, seen] of this.persons) {
      if (new Set(seen.map((s) => s.value)).size === 1) continue
      const column = differingColumn(seen)
      for (const s of seen) {
        this.report(s.line, column, `personId ${personId} is on ${lines(seen)} with different person data (${column} differs): ` +
          'one person has one set of data in a file; correct the rows and import them again')
      }
    }
    for (const [id, seen] of this.byRegistrationId) {
      if (seen.length < 2) continue
      if (new Set(seen.map((s) => s.value)).size > 1) {
        for (const s of seen) {
          this.report(s.line, 'registrationId', `registrationId ${id} is on ${lines(seen)} for different persons or courses: ` +
            'a registration id names one registration')
        }
      } else {
        for (const s of seen.slice(1)) {
          this.repeats.push([s.line, { column: 'registrationId', message: `the row repeats line ${seen[0]!.line} (registrationId ${id})` }])
        }
      }
    }
    for (const [line, problem] of this.repeats) if (!this.problems.has(line)) this.report(line, problem.column, problem.message)
    return this.problems
  }

  private report(line: number, column: string, message: string) {
    const list = this.problems.get(line) ?? []
    if (!list.some((p) => p.column === column)) list.push({ column, message })
    this.problems.set(line, list)
  }
}

function push(map: Map<string, Seen[]>, key: string, seen: Seen) {
  const list = map.get(key) ?? []
  list.push(seen)
  map.set(key, list)
}

/** The first person column whose value differs between the rows. */
function differingColumn(seen: Seen[]): string {
  const persons = seen.map((s) => JSON.parse(s.value) as Record<string, unknown>)
  const columns = new Set(persons.flatMap((p) => Object.keys(p)))
  for (const column of columns) {
    if (new Set(persons.map((p) => JSON.stringify(p[column] ?? null))).size > 1) return column
  }
  return 'personId'
}
