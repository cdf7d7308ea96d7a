// Renders document templates with Liquid and refuses broken ones when they are saved, not when the
// first participant's mail fails. Two engines: the HTML body escapes every output (person data such as
// a name `<script>…` must never become markup); the subject and the text body are plain text and are
// not escaped (an "&amp;" there would show literally). The subject additionally loses CR/LF so no
// value can start a new header line.
import { Liquid, type Template } from 'liquidjs'
import { z } from 'zod'
import {
  carriesPassword,
  documentTemplateSchema,
  sampleMailContext,
  templateParts,
  templateVariables,
  type DocumentTemplate,
  type MailContext,
  type TemplatePart,
  type TemplateVariablePath,
} from './template-model.ts'

export const templateProblemCodes = [
  'TEMPLATE_INVALID',
  'TEMPLATE_SYNTAX_ERROR',
  'TEMPLATE_UNKNOWN_VARIABLE',
  'TEMPLATE_PASSWORD_NOT_ALLOWED',
  'TEMPLATE_PASSWORD_IN_SUBJECT',
  'TEMPLATE_PASSWORD_MISSING',
  'TEMPLATE_RENDER_FAILED',
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

export type TemplateValidation =
  | { ok: true; template: DocumentTemplate; variables: TemplateVariablePath[] }
  | { ok: false; problems: TemplateProblem[] }

export interface RenderedMail {
  subject: string
  html: string
  text: string
}

/** Thrown by renderTemplate for a template that validation would refuse, or a context that does not fit it. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError'
  constructor(
    readonly code: TemplateProblemCode | 'TEMPLATE_CONTEXT_PASSWORD_MISSING',
    message: string,
    readonly problems: TemplateProblem[] = [],
  ) {
    super(message)
  }
}

export interface TemplateRenderer {
  /** Save-time check: schema, syntax, every variable known, password rules, a trial render on the sample context. */
  validateTemplate(template: unknown): TemplateValidation
  renderTemplate(template: DocumentTemplate, context: MailContext): RenderedMail
}

export interface TemplateRendererOptions {
  /** Parsed template parts kept per renderer (least recently used dropped first). */
  cacheSize?: number
}

interface ParsedPart {
  templates: Template[]
  problems: TemplateProblem[]
  variables: Set<string>
}

export function createTemplateRenderer(options: TemplateRendererOptions = {}): TemplateRenderer {
  const cacheSize = options.cacheSize ?? 500
  const engines = { html: createEngine(true), plain: createEngine(false) }
  const cache = new Map<string, ParsedPart>()

  function parsePart(part: TemplatePart, source: string): ParsedPart {
    const engine = part === 'html' ? 'html' : 'plain'
    const cacheKey = `${engine}\u0000${source}`
    const hit = cache.get(cacheKey)
    if (hit) {
      cache.delete(cacheKey) // re-insert: Map order doubles as LRU order
      cache.set(cacheKey, hit)
      return hit
    }
    const parsed = analysePart(engines[engine], part, source)
    cache.set(cacheKey, parsed)
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!)
    return parsed
  }

  /** Problems that do not need a render: unknown variables and where the password may appear. */
  function staticProblems(template: DocumentTemplate): { problems: TemplateProblem[]; parts: Record<TemplatePart, ParsedPart> } {
    const parts = {} as Record<TemplatePart, ParsedPart>
    const problems: TemplateProblem[] = []
    const mayShowPassword = carriesPassword(template)
    for (const part of templateParts) {
      const parsed = parsePart(part, template[part])
      parts[part] = parsed
      for (const problem of parsed.problems) {
        const isPassword = problem.variable === 'login.password' && problem.code === 'TEMPLATE_PASSWORD_NOT_ALLOWED'
        if (!isPassword) problems.push(problem)
        else if (!mayShowPassword) problems.push(problem)
      }
      if (part === 'subject' && parsed.variables.has('login.password')) {
        problems.push({
          code: 'TEMPLATE_PASSWORD_IN_SUBJECT',
          part,
          variable: 'login.password',
          message: 'The password must not appear in the subject: subjects show on lock screens and in mail logs.',
        })
      }
      if (mayShowPassword && part !== 'subject' && !parsed.variables.has('login.password') && !parsed.problems.some((p) => p.code === 'TEMPLATE_SYNTAX_ERROR')) {
        problems.push({
          code: 'TEMPLATE_PASSWORD_MISSING',
          part,
          variable: 'login.password',
          message: `This template is sent to new accounts, so its ${part} body must show {{ login.password }}.`,
        })
      }
    }
    return { problems, parts }
  }

  function renderParts(parts: Record<TemplatePart, ParsedPart>, context: object): RenderedMail {
    return {
      subject: sanitiseSubject(String(engines.plain.renderSync(parts.subject.templates, context))),
      html: String(engines.html.renderSync(parts.html.templates, context)),
      text: String(engines.plain.renderSync(parts.text.templates, context)),
    }
  }

  function validateTemplate(input: unknown): TemplateValidation {
    const schema = documentTemplateSchema.safeParse(input)
    if (!schema.success) return { ok: false, problems: schema.error.issues.map(schemaProblem) }
    const template = schema.data
    const { problems, parts } = staticProblems(template)
    if (problems.length > 0) return { ok: false, problems }
    // A trial render on the full sample context catches what only shows at render time
    // (a filter given a wrong argument, a loop over the render limit).
    const context = liquidContext(template, sampleMailContext())
    for (const part of templateParts) {
      const engine = part === 'html' ? engines.html : engines.plain
      try {
        engine.renderSync(parts[part].templates, context)
      } catch (err) {
        problems.push({ code: 'TEMPLATE_RENDER_FAILED', part, message: liquidMessage(err), ...liquidPosition(err) })
      }
    }
    if (problems.length > 0) return { ok: false, problems }
    const used = new Set(templateParts.flatMap((part) => [...parts[part].variables]))
    return { ok: true, template, variables: [...used].sort() as TemplateVariablePath[] }
  }

  function renderTemplate(template: DocumentTemplate, context: MailContext): RenderedMail {
    const { problems, parts } = staticProblems(template)
    if (problems.length > 0) {
      throw new TemplateError(problems[0]!.code, `template ${template.key} is invalid: ${problems[0]!.message}`, problems)
    }
    if (carriesPassword(template) && !context.login.password) {
      throw new TemplateError('TEMPLATE_CONTEXT_PASSWORD_MISSING', `template ${template.key} needs login.password in the context`)
    }
    try {
      return renderParts(parts, liquidContext(template, context))
    } catch (err) {
      if (err instanceof TemplateError) throw err
      throw new TemplateError('TEMPLATE_RENDER_FAILED', `template ${template.key} failed to render: ${liquidMessage(err)}`)
    }
  }

  return { validateTemplate, renderTemplate }
}

function createEngine(escapeHtml: boolean): Liquid {
  const engine = new Liquid({
    strictVariables: true,
    strictFilters: true,
    // `{% if person.salutation %}` on a missing value is a normal template idiom, not a typo
    // (typos are caught statically at save time), and '' should count as false for administrators.
    lenientIf: true,
    jsTruthy: true,
    ownPropertyOnly: true,
    ...(escapeHtml ? { outputEscape: 'escape' as const } : {}),
    // No file system: an empty in-memory template map (and the partial tags removed below).
    templates: {},
    // Course dates are calendar dates ('YYYY-MM-DD'); formatting them in UTC keeps the day the TMS meant.
    timezoneOffset: 0,
    // Templates are edited by administrators, but a runaway loop must not stall the mail worker.
    parseLimit: 500_000,
    renderLimit: 1_000,
    memoryLimit: 20_000_000,
  })
  // `raw` switches output escaping off for one output; in a mail template it would only serve to
  // inject person data as markup. Partials would read other files and escape validation.
  engine.unregisterFilter('raw')
  for (const tag of ['include', 'render', 'layout']) delete (engine.tags as Record<string, unknown>)[tag]
  return engine
}

function analysePart(engine: Liquid, part: TemplatePart, source: string): ParsedPart {
  let templates: Template[]
  try {
    templates = engine.parse(source)
  } catch (err) {
    const problem = { code: 'TEMPLATE_SYNTAX_ERROR' as const, part, message: liquidMessage(err), ...liquidPosition(err) }
    return { templates: [], problems: [problem], variables: new Set() }
  }
  const problems: TemplateProblem[] = []
  const variables = new Set<string>()
  const globals = engine.analyzeSync(templates, { partials: false }).globals
  for (const occurrences of Object.values(globals)) {
    for (const variable of occurrences) {
      const path = String(variable)
      const at = { line: variable.location.row, column: variable.location.col }
      const dynamic = variable.segments.some((segment) => typeof segment !== 'string')
      if (dynamic || !(path in templateVariables)) {
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
      if (path === 'login.password') {
        // Kept as a candidate problem; staticProblems drops it for templates that carry the password.
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
  return { templates, problems, variables }
}

function liquidContext(template: DocumentTemplate, context: MailContext): object {
  // Defence in depth: a template that may not show the password never receives it, so even a
  // template that slipped past validation renders an error rather than the secret.
  const { password, ...login } = context.login
  return {
    ...context,
    login: carriesPassword(template) ? { ...login, password } : login,
    person: { ...context.person, salutation: context.person.salutation ?? null },
  }
}

/** CR, LF and the other control characters would let a value start a header line; they become spaces. */
export function sanitiseSubject(subject: string): string {
  return subject
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim()
}

function schemaProblem(issue: z.core.$ZodIssue): TemplateProblem {
  const field = issue.path[0]
  const part = templateParts.find((p) => p === field) ?? null
  return { code: 'TEMPLATE_INVALID', part, message: `${issue.path.join('.') || 'template'}: ${issue.message}` }
}

function liquidMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

function liquidPosition(err: unknown): { line?: number; column?: number } {
  const match = /line:(\d+), col:(\d+)/.exec(liquidMessage(err))
  return match ? { line: Number(match[1]), column: Number(match[2]) } : {}
}

/** The known variable within two edits of `path`, for "did you mean". */
function closestVariable(path: string): string | undefined {
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
