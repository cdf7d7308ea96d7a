// Save-time bound on what a template can cost to render, where the template text alone decides it:
// a range with number bounds (`(1..2000000)`) and loops over such ranges, nested. Ranges whose bounds
// come from data cannot be judged here; the render pool's heap and time limits catch those when they run.
// liquidjs keeps the parsed tags' values as tokens; `arguments()` and `children()` are its own walking API
// (the one analyzeSync uses), so nothing here depends on private fields beyond the token kinds.
import { ForTag, TablerowTag, AssignTag, Value, TokenKind, toValueSync, type Template, type Token } from 'liquidjs'
import type { TemplatePart } from './template-model.ts'
import type { TemplateProblem } from './template-analysis.ts'

/** The most elements one range written in a template may have. */
export const maxRangeSize = 10_000
/** The most loop iterations (all loops, nested ones multiplied) a template may ask for. */
export const maxLoopIterations = 100_000

/** What liquidjs templates offer for walking them (Output has arguments; block tags have children). */
interface Walkable {
  arguments?: () => Iterable<unknown>
  children?: (partials: boolean, sync: boolean) => Generator<unknown, Template[]>
}

interface RangeLike extends Token {
  lhs: Token
  rhs: Token
}

const isRange = (token: unknown): token is RangeLike => token instanceof Object && (token as Token).kind === TokenKind.Range
const numberOf = (token: Token): number | undefined =>
  token.kind === TokenKind.Number ? Number((token as Token & { content: number }).content) : undefined

/** Elements of a range with number bounds; undefined when a bound comes from data. */
function rangeSize(range: RangeLike): number | undefined {
  const low = numberOf(range.lhs)
  const high = numberOf(range.rhs)
  if (low === undefined || high === undefined) return undefined
  return Math.max(0, Math.floor(high) - Math.ceil(low) + 1)
}

/** Every token a tag argument holds: a Value's expression and its filters' arguments, or the token itself. */
function* tokensOf(arg: unknown): Generator<Token> {
  if (arg instanceof Value) {
    yield* arg.initial.postfix
    for (const filter of arg.filters) {
      for (const a of filter.args) yield* tokensOf(Array.isArray(a) ? a[1] : a)
    }
  } else if (arg instanceof Object && typeof (arg as Token).kind === 'number') {
    const token = arg as Token
    yield token
    if (isRange(token)) {
      yield token.lhs
      yield token.rhs
    }
  }
}

export function templateCostProblems(part: TemplatePart, templates: Template[]): TemplateProblem[] {
  const problems: TemplateProblem[] = []
  const assignedRanges = new Map<string, number>()
  const tooExpensive = (message: string) => {
    if (problems.length === 0) problems.push({ code: 'TEMPLATE_TOO_EXPENSIVE', part, message })
  }

  /** How many elements a loop's collection has, when the text decides it. */
  function collectionSize(collection: Token): number | undefined {
    if (isRange(collection)) return rangeSize(collection)
    if (collection.kind === TokenKind.PropertyAccess) return assignedRanges.get(collection.getText().trim())
    return undefined
  }

  /** Loop iterations the templates ask for, nested loops multiplied. */
  function cost(list: Template[]): number {
    let total = 0
    for (const template of list) {
      // Outputs ({{ (1..9) | join }}) have arguments too; tags may also have children.
      const tag = template as unknown as Walkable
      for (const arg of tag.arguments?.() ?? []) {
        for (const token of tokensOf(arg)) {
          const size = isRange(token) ? rangeSize(token) : undefined
          if (size !== undefined && size > maxRangeSize) {
            tooExpensive(`The range ${token.getText()} in the ${part} has ${size} elements; a template may use at most ${maxRangeSize}.`)
          }
        }
      }
      if (tag instanceof AssignTag) {
        const value = (tag as unknown as { value: Value }).value
        const only = value.filters.length === 0 && value.initial.postfix.length === 1 ? value.initial.postfix[0] : undefined
        const size = only && isRange(only) ? rangeSize(only) : undefined
        const key = (tag as unknown as { key: string }).key
        if (size === undefined) assignedRanges.delete(key)
        else assignedRanges.set(key, size)
      }
      // children() is a liquidjs generator that returns (not yields) the list; toValueSync runs it.
      const children = (template as unknown as Walkable).children
      const inner: Template[] = children ? toValueSync(children.call(template, false, true)) ?? [] : []
      if (tag instanceof ForTag || tag instanceof TablerowTag) {
        const loop = tag as unknown as { collection: Token }
        const iterations = collectionSize(loop.collection) ?? 1
        total += iterations * Math.max(1, cost(inner))
      } else {
        total += cost(inner)
      }
    }
    return total
  }

  const iterations = cost(templates)
  if (iterations > maxLoopIterations) {
    tooExpensive(`The loops in the ${part} run ${iterations} times in all; a template may run at most ${maxLoopIterations} loop iterations.`)
  }
  return problems
}
