// Static analysis of one template part: parse it and find every variable path it reads, so a typo
// such as {{ login.nmae }} is refused when the template is saved. liquidjs (v10) reports the paths
// that are not assigned inside the template itself ("globals") with their line and column.
import type { Liquid, Template } from 'liquidjs'
import { templateVariables, type TemplatePart } from './template-model.ts'
import { templateCostProblems } from './template-cost.ts'

export const templateProblemCodes = [
  'TEMPLATE_INVALID',
  'TEMPLATE_SYNTAX_ERROR',
  'TEMPLATE_UNKNOWN_VARIABLE',
  'TEMPLATE_PASSWORD_NOT_ALLOWED',
  'TEMPLATE_PASSWORD_IN_SUBJECT',
  'TEMPLATE_PASSWORD_MISSING',
  'TEMPLATE_RENDER_FAILED',
  'TEMPLATE_TOO_EXPENSIVE',
] as const
export type TemplateProblemCode = (typeof templateProblemCodes)[number]

export interface TemplateProblem {
  code: TemplateProblemCode
  /** Which part of the template; null for a problem with the template as a whole (e.g. its key). */
  part: TemplatePart | null
  /** The variable path as written, e.g. 'login.nmae'. */
  variable?: string
  line?: number
  column?: number
  message: string
}

export interface ParsedPart {
  templates: Template[]
  /** Syntax errors and unknown variables; also every use of login.password, which only the caller can judge. */
  problems: TemplateProblem[]
  /** Known variable paths the part reads. */
  variables: Set<string>
  /** How often the part reads each known variable. */
  uses: Map<string, number>
}

export function analysePart(engine: Liquid, part: TemplatePart, source: string): ParsedPart {
  let templates: Template[]
  try {
    templates = engine.parse(source)
  } catch (err) {
    const problem = { code: 'TEMPLATE_SYNTAX_ERROR' as const, part, message: liquidMessage(err), ...liquidPosition(err) }
    return { templates: [], problems: [problem], variables: new Set(), uses: new Map() }
  }
  const problems: TemplateProblem[] = templateCostProblems(part, templates)
  const variables = new Set<string>()
  const uses = new Map<string, number>()
  const globals = engine.analyzeSync(templates, { partials: false }).globals
  for (const occurrences of Object.values(globals)) {
    for (const variable of occurrences) {
      const path = String(variable)
      const at = { line: variable.location.row, column: variable.location.col }
      const dynamic = variable.segments.some((segment) => typeof segment !== 'string')
      if (dynamic || !Object.hasOwn(templateVariables, path)) {
        const suggestion = dynamic ? undefined : closestVariable(path)
        problems.push({
          code: 'TEMPLATE_UNKNOWN_VARIABLE',
          part,
          variable: path,
          ...at,
          message:
            `Unknown variable {{ ${path} }} in the ${part} (line ${at.line}, column ${at.column})` +
            (suggestion ? `; did you mean {{ ${suggestion} }}?` : '.'),
        })
        continue
      }
      variables.add(path)
      uses.set(path, (uses.get(path) ?? 0) + 1)
      if (path === 'login.password') {
        // Flagged on every use; the renderer drops the flag for templates that carry the password.
        problems.push({
          code: 'TEMPLATE_PASSWORD_NOT_ALLOWED',
          part,
          variable: path,
          ...at,
          message: `{{ login.password }} is only allowed in templates for new accounts (used in the ${part}, line ${at.line}).`,
        })
      }
    }
  }
  return { templates, problems, variables, uses }
}

export function liquidMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function liquidPosition(err: unknown): { line?: number; column?: number } {
  const match = /line:(\d+), col:(\d+)/.exec(liquidMessage(err))
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {}
}

/** The known variable within two edits of `path`, for "did you mean". */
export function closestVariable(path: string): string | undefined {
  let best: { name: string; distance: number } | undefined
  for (const name of Object.keys(templateVariables)) {
    const distance = editDistance(path.toLowerCase(), name.toLowerCase())
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance }
  }
  return best?.name
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]!
}
