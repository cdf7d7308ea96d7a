// One Liquid render for many mails. The mails of a batch differ only in the person and the login; liquidjs
// walks a template's whole tree for every mail (about 0.2 ms for a credentials mail, most of a mail's CPU).
// Where the per-mail values are only printed as they are ({{ person.firstName }}) or tested for truth
// ({% if person.salutation %}), the template renders once per shape — the same course, institute and
// language, the same per-mail values empty or not — with a stand-in for each value that is not empty,
// and every mail of that shape is that text with its own values put in (HTML-escaped in the HTML body,
// as the engine escapes them). Any other use (a filter, a comparison, a loop, an assign) renders each
// mail in full, as does a template that shows the date of today. No template library does this partial
// evaluation, hence by hand; test/mail/render-by-shape.test.ts holds it to the full render.
import { randomBytes } from 'node:crypto'
import { IfTag, Output, TypeGuards, UnlessTag, type Template, type Value } from 'liquidjs'
import type { ParsedPart } from './template-analysis.ts'
import type { RenderedMail } from './template-renderer.ts'

/** The context's roots whose values change from mail to mail; everything else is part of the shape. */
const perMailRoots = ['person', 'login'] as const

/** A rendered part cut at the stand-ins: text, then the index of a value, then text, and so on. */
type Segments = (string | number)[]

interface Shape {
  subject: Segments
  html: Segments
  text: Segments
}

/** Renders the three parts for a context the caller built (per-mail values replaced by stand-ins). */
export type RenderParts = (context: Record<string, unknown>) => RenderedMail

export interface ShapeRenderer {
  /** Whether these parts use the per-mail values only in the plain ways (what render needs, besides the values). */
  applies(parts: Record<'subject' | 'html' | 'text', ParsedPart>): boolean
  /**
   * The mail for `context` (the renderer's Liquid context, per-mail roots included), or null when this
   * template or these values need a full render. The subject is as rendered, not yet sanitised.
   */
  render(parts: Record<'subject' | 'html' | 'text', ParsedPart>, context: Record<string, unknown>, regionalKey: string, renderParts: RenderParts): RenderedMail | null
}

export function createShapeRenderer(options: { cacheSize?: number } = {}): ShapeRenderer {
  const cacheSize = options.cacheSize ?? 200
  const shapes = new Map<string, Shape>()
  const partIds = new WeakMap<ParsedPart, number>()
  let nextPartId = 1
  /** Per part: the per-mail variables it uses, all in the plain ways; null when one is used otherwise. */
  const plainUses = new WeakMap<ParsedPart, string[] | null>()

  function partId(part: ParsedPart) {
    let id = partIds.get(part)
    if (id === undefined) partIds.set(part, (id = nextPartId++))
    return id
  }

  function perMailPaths(part: ParsedPart, html: boolean): string[] | null {
    let found = plainUses.get(part)
    if (found === undefined) {
      found = classify(part, html)
      plainUses.set(part, found)
    }
    return found
  }

  return {
    applies: (parts) => Object.entries(parts).every(([name, part]) => perMailPaths(part, name === 'html') !== null),
    render(parts, context, regionalKey, renderParts) {
      const paths = new Set<string>()
      for (const [name, part] of Object.entries(parts)) {
        const used = perMailPaths(part, name === 'html')
        if (used === null) return null
        for (const path of used) paths.add(path)
      }
      const ordered = [...paths].sort()
      const values: string[] = []
      // What the shape depends on: the parts, everything but the per-mail roots, the language and zone,
      // and each per-mail value that is not a non-empty string (it renders as itself).
      const { person: _person, login: _login, ...rest } = context
      const shared = JSON.stringify(rest)
      // A value "now" or "today" is the current time to the date filter: not a thing to keep.
      if (/"(now|today)"/.test(shared)) return null
      let key = `${partId(parts.subject)}:${partId(parts.html)}:${partId(parts.text)}|${regionalKey}|${shared}|`
      for (const path of ordered) {
        const value = lookup(context, path)
        if (typeof value === 'string' && value !== '') {
          values.push(value)
          key += 's,'
        } else if (value === '' || value === null || value === false || value === 0) {
          values.push('')
          key += `${JSON.stringify(value)},`
        } else {
          return null // undefined (an error the full render reports) or a value printed in a way of its own
        }
      }
      let shape = shapes.get(key)
      if (shape) {
        shapes.delete(key) // re-insert: Map order doubles as LRU order
        shapes.set(key, shape)
      } else {
        const made = makeShape(context, ordered, renderParts)
        if (!made) return null
        shape = made
        shapes.set(key, shape)
        if (shapes.size > cacheSize) shapes.delete(shapes.keys().next().value!)
      }
      return { subject: fill(shape.subject, values, false), html: fill(shape.html, values, true), text: fill(shape.text, values, false) }
    },
  }
}

function makeShape(context: Record<string, unknown>, paths: string[], renderParts: RenderParts): Shape | null {
  // Lower-case letters and digits: HTML escaping leaves them as they are, and no person data holds them by chance.
  const salt = randomBytes(12).toString('hex')
  const standIns = paths.map((_, i) => `cbv${salt}x${i}x`)
  const scoped: Record<string, unknown> = { ...context }
  for (const root of perMailRoots) if (isRecord(context[root])) scoped[root] = { ...context[root] }
  paths.forEach((path, i) => {
    const [root, key] = path.split('.') as [string, string]
    const value = (scoped[root] as Record<string, unknown>)[key]
    if (typeof value === 'string' && value !== '') (scoped[root] as Record<string, unknown>)[key] = standIns[i]
  })
  const rendered = renderParts(scoped)
  const cut = (text: string): Segments | null => {
    const segments: Segments = []
    const pattern = new RegExp(`cbv${salt}x(\\d+)x`, 'g')
    let from = 0
    for (const match of text.matchAll(pattern)) {
      segments.push(text.slice(from, match.index), Number(match[1]))
      from = match.index + match[0].length
    }
    segments.push(text.slice(from))
    // Belt and braces: a stand-in in another form means the analysis was wrong; such a template renders in full.
    return text.toLowerCase().replace(pattern, '').includes(salt) ? null : segments
  }
  const subject = cut(rendered.subject)
  const html = cut(rendered.html)
  const text = cut(rendered.text)
  return subject && html && text ? { subject, html, text } : null
}

function fill(segments: Segments, values: string[], html: boolean): string {
  let out = ''
  for (const segment of segments) out += typeof segment === 'string' ? segment : html ? escapeHtml(values[segment]!) : values[segment]!
  return out
}

// liquidjs's escape filter, which the HTML engine applies to every output (outputEscape: 'escape').
const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' }
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => escapes[c]!)
}

/**
 * The per-mail variables a part uses, when every use is a plain output or a bare if/elsif/unless test;
 * null otherwise. Plain uses are counted in the parsed tree and compared with all uses the analysis found,
 * so a use in any other place (a filter, an operator, a loop, an assign, a case) makes the counts differ.
 */
function classify(part: ParsedPart, html: boolean): string[] | null {
  const perMail = [...part.uses.keys()].filter((path) => perMailRoots.some((root) => path.startsWith(`${root}.`)))
  // The date of today would be kept with the shape; a template that shows it renders every mail.
  if (mentionsToday(part)) return null
  if (perMail.length === 0) return []
  const plain = new Map<string, number>()
  countPlainUses(part.templates, html, plain)
  return perMail.every((path) => plain.get(path) === part.uses.get(path)) ? perMail : null
}

function countPlainUses(templates: Template[], html: boolean, counts: Map<string, number>) {
  const count = (value: Value, filters: number) => {
    const path = plainPath(value, filters)
    if (path) counts.set(path, (counts.get(path) ?? 0) + 1)
  }
  for (const template of templates) {
    // The HTML engine appends its escape filter to every output; a plain output has that one and no other.
    if (template instanceof Output) count(template.value, html ? 1 : 0)
    else if (template instanceof IfTag || template instanceof UnlessTag) {
      for (const branch of template.branches) {
        count(branch.value, 0)
        countPlainUses(branch.templates, html, counts)
      }
      if (template.elseTemplates) countPlainUses(template.elseTemplates, html, counts)
    }
  }
}

/** `root.key` when the value is that property alone with `filters` filters (the engine's own); else null. */
function plainPath(value: Value, filters: number): string | null {
  if (value.filters.length !== filters) return null
  // The engine's own escape filter has a token of no source text (liquidjs Output: `new FilterToken(…, '', 0, 0)`);
  // an `| escape` written in the template has one. The token is not in liquidjs's typings.
  if (filters === 1 && (value.filters[0] as unknown as { token: { input: string } }).token.input !== '') return null
  const postfix = value.initial.postfix
  if (postfix.length !== 1 || !TypeGuards.isPropertyAccessToken(postfix[0])) return null
  const text = postfix[0].getText()
  return /^[a-z]+\.[A-Za-z]+$/.test(text) ? text : null
}

/** Whether Liquid markup of the part says now or today (the date filter's words for the current time). */
function mentionsToday(part: ParsedPart): boolean {
  const source = part.templates[0]?.token.input ?? ''
  return (source.match(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g) ?? []).some((markup) => /\b(now|today)\b/.test(markup))
}

function lookup(context: Record<string, unknown>, path: string): unknown {
  const [root, key] = path.split('.') as [string, string]
  const holder = context[root]
  return isRecord(holder) && Object.hasOwn(holder, key) ? holder[key] : undefined
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null
}
