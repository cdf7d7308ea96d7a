// Renders document templates with Liquid and refuses broken ones when they are saved, not when the
// first participant's mail fails. Two engines: the HTML body escapes every output (person data such as
// a name `<script>…` must never become markup); the subject and the text body are plain text and are
// not escaped (an "&amp;" there would show literally). The subject additionally loses CR/LF so no
// value can start a new header line.
import { randomBytes } from 'node:crypto'
import { Context, Liquid, type FilterImplOptions } from 'liquidjs'
import { localeTags } from '../domain/language.ts'
import { z } from 'zod'
import {
  carriesPassword,
  documentTemplateSchema,
  sampleMailContext,
  templateParts,
  type DocumentTemplate,
  type MailContext,
  type TemplatePart,
  type TemplateVariablePath,
} from './template-model.ts'
import { createShapeRenderer } from './render-by-shape.ts'
import { analysePart, liquidMessage, liquidPosition, type ParsedPart, type TemplateProblem, type TemplateProblemCode } from './template-analysis.ts'

export { templateProblemCodes, type TemplateProblem, type TemplateProblemCode } from './template-analysis.ts'

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
  /**
   * The mail to send (with `password`) and the copy to keep (with `mask` in its place), the same as two
   * renderTemplate calls. When every use of the password is a plain {{ login.password }} output, one
   * render with a stand-in and two substitutions give exactly that; otherwise it renders twice. A
   * template without the password (or no password to show) renders once for both.
   */
  renderSentAndKept(template: DocumentTemplate, context: MailContext, password: string | undefined, mask: string): { sent: RenderedMail; kept: RenderedMail }
}

export interface TemplateRendererOptions {
  /** Parsed template parts kept per renderer (least recently used dropped first). */
  cacheSize?: number
  /** Renders once per shape of mail where the template allows (render-by-shape.ts); default on. */
  byShape?: boolean
}

interface Analysis {
  problems: TemplateProblem[]
  parts: Record<TemplatePart, ParsedPart>
  /** Set on first need by renderSentAndKept. */
  plainPassword?: boolean
}

export function createTemplateRenderer(options: TemplateRendererOptions = {}): TemplateRenderer {
  const cacheSize = options.cacheSize ?? 500
  const engines = { html: createEngine(true), plain: createEngine(false) }
  const cache = new Map<string, ParsedPart>()
  const shapes = options.byShape === false ? null : createShapeRenderer()

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

  // A batch of mails shares one template object: looked up by identity first, without hashing its text.
  const analysed = new WeakMap<DocumentTemplate, Analysis>()

  /** Problems that do not need a render: unknown variables and where the password may appear. */
  function staticProblems(template: DocumentTemplate): Analysis {
    let found = analysed.get(template)
    if (!found) {
      found = analyse(template)
      analysed.set(template, found)
    }
    return found
  }

  function analyse(template: DocumentTemplate): Analysis {
    const parts = {} as Record<TemplatePart, ParsedPart>
    const problems: TemplateProblem[] = []
    const mayShowPassword = carriesPassword(template)
    for (const part of templateParts) {
      const parsed = parsePart(part, template[part])
      parts[part] = parsed
      for (const problem of parsed.problems) {
        // analysePart flags every use of the password; only templates that may not show it keep that flag.
        if (problem.code !== 'TEMPLATE_PASSWORD_NOT_ALLOWED' || !mayShowPassword) problems.push(problem)
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

  /** The three parts rendered; the subject as rendered, not yet sanitised. */
  function renderParts(parts: Record<TemplatePart, ParsedPart>, context: object, regional?: MailContext['regional']): RenderedMail {
    // The date filter reads its language and time zone from the engine's options: a render in a
    // participant's language gets a context with those two changed (liquidjs takes a ready Context).
    const scope = (engine: Liquid) => regional
      ? new Context(context, { ...engine.options, locale: localeTags[regional.language], timezoneOffset: regional.timeZone }, { sync: true }, { liquid: engine })
      : context
    return {
      subject: String(engines.plain.renderSync(parts.subject.templates, scope(engines.plain))),
      html: String(engines.html.renderSync(parts.html.templates, scope(engines.html))),
      text: String(engines.plain.renderSync(parts.text.templates, scope(engines.plain))),
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
        problems.push({ code: renderFailureCode(err), part, message: liquidMessage(err), ...liquidPosition(err) })
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
      const scope = liquidContext(template, context)
      const regional = context.regional
      const mail = shapes?.render(parts, scope, regional ? `${regional.language} ${regional.timeZone}` : '', (c) => renderParts(parts, c, regional))
        ?? renderParts(parts, scope, regional)
      return { ...mail, subject: sanitiseSubject(mail.subject) }
    } catch (err) {
      if (err instanceof TemplateError) throw err
      throw new TemplateError(renderFailureCode(err), `template ${template.key} failed to render: ${liquidMessage(err)}`)
    }
  }

  const escapedOutput = engines.html.parse('{{ v }}')
  /** Whether each part shows the password only through plain {{ login.password }} outputs (no filter, tag or assign). */
  function passwordOnlyInPlainOutputs(template: DocumentTemplate): boolean {
    const found = staticProblems(template)
    found.plainPassword ??= (['html', 'text'] as const).every((part) => {
      const uses = found.parts[part].uses.get('login.password') ?? 0
      return uses === (template[part].match(/\{\{-?\s*login\.password\s*-?\}\}/g) ?? []).length
    })
    return found.plainPassword
  }

  function renderSentAndKept(template: DocumentTemplate, context: MailContext, password: string | undefined, mask: string) {
    if (password === undefined || !carriesPassword(template)) {
      const once = renderTemplate(template, context)
      return { sent: once, kept: once }
    }
    const twice = () => ({
      sent: renderTemplate(template, { ...context, login: { ...context.login, password } }),
      kept: renderTemplate(template, { ...context, login: { ...context.login, password: mask } }),
    })
    // Where the template renders by shape, the two are one render (cached) filled in twice.
    if (shapes?.applies(staticProblems(template).parts)) return twice()
    if (!passwordOnlyInPlainOutputs(template)) return twice()
    // A stand-in no person data contains by chance, and that HTML escaping leaves as it is.
    const standIn = `cbpw${randomBytes(12).toString('hex')}`
    const once = renderTemplate(template, { ...context, login: { ...context.login, password: standIn } })
    const shown = (value: string, part: 'html' | 'text') => (part === 'html' ? String(engines.html.renderSync(escapedOutput, { v: value })) : value)
    const put = (value: string): RenderedMail => ({
      subject: once.subject,
      html: once.html.replaceAll(standIn, () => shown(value, 'html')),
      text: once.text.replaceAll(standIn, () => shown(value, 'text')),
    })
    const sent = put(password)
    // Belt and braces: a stand-in that survived in another form means the check above was wrong.
    const lower = `${sent.html}\u0000${sent.text}`.toLowerCase()
    if (lower.includes(standIn) || lower.includes(standIn.slice(4))) return twice()
    return { sent, kept: put(mask) }
  }

  return { validateTemplate, renderTemplate, renderSentAndKept }
}

/** liquidjs's own render-time and memory limits ("template render limit exceeded", "memory alloc limit exceeded"). */
function renderFailureCode(err: unknown): 'TEMPLATE_TOO_EXPENSIVE' | 'TEMPLATE_RENDER_FAILED' {
  return /\b(template render|memory alloc) limit exceeded\b/.test(liquidMessage(err)) ? 'TEMPLATE_TOO_EXPENSIVE' : 'TEMPLATE_RENDER_FAILED'
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
  // A calendar date ('2026-03-04', as course dates are) has no time of day: it is that day in every time
  // zone, so it is read in UTC whatever the tenant's zone (a time zone given as the filter's argument wins).
  const date = engine.filters.date as FilterImplOptions
  const dateHandler = typeof date === 'function' ? date : date.handler
  // liquidjs builds a new Intl.DateTimeFormat for every month or weekday name it writes (%B, %b, %A, %a), about
  // half of a credentials mail's render; the same date in the same format, language and zone is the same text,
  // so it is kept (course dates: a few per course). 'now' and 'today' are not; the memory limit is still charged.
  const formatted = new Map<string, unknown>()
  engine.registerFilter('date', function (this: ThisParameterType<typeof dateHandler>, value: unknown, ...args: unknown[]) {
    const calendarDay = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value.trim())
    const call = () => dateHandler.call(this, value, ...(calendarDay && args.length < 2 ? [args[0], 0] : args))
    const keyable = typeof value === 'string' && value !== 'now' && value !== 'today' && args.every((a) => a === undefined || typeof a === 'string' || typeof a === 'number')
    if (!keyable) return call()
    const opts = this.context.opts
    const key = JSON.stringify([value, args, opts.locale, opts.timezoneOffset, opts.dateFormat])
    const known = formatted.get(key)
    if (known !== undefined) {
      this.context.memoryLimit.use(value.length + String(known).length)
      return known
    }
    const text = call()
    if (formatted.size >= 1000) formatted.clear()
    formatted.set(key, text)
    return text
  })
  for (const tag of ['include', 'render', 'layout']) delete (engine.tags as Record<string, unknown>)[tag]
  return engine
}

function liquidContext(template: DocumentTemplate, context: MailContext): Record<string, unknown> {
  // Defence in depth: a template that may not show the password never receives it, so even a
  // template that slipped past validation renders an error rather than the secret.
  const { password, ...login } = context.login
  const { regional: _, ...variables } = context
  return {
    ...variables,
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
