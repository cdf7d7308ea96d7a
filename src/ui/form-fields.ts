// Labelled form controls with their error message tied to them (aria-describedby), so every input has
// a label and a screen reader reads the problem with the field.
import { html, type Html } from './html.ts'
import type { Translator } from './i18n/i18n.ts'

/** Problems by field name (the dotted path the zod schema reports, which is also the input's name). */
export type FieldErrors = Record<string, string>

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`

function described(name: string, hint: string | undefined, errors: FieldErrors | undefined): { attrs: Html; after: Html } {
  const error = errors?.[name]
  const ids = [hint ? `${idOf(name)}-hint` : null, error ? `${idOf(name)}-error` : null].filter(Boolean).join(' ')
  return {
    attrs: html`${ids ? html` aria-describedby="${ids}"` : ''}${error ? html` aria-invalid="true"` : ''}`,
    after: html`${hint ? html`<span class="hint" id="${idOf(name)}-hint">${hint}</span>` : ''}${error ? html`<span class="field-error" id="${idOf(name)}-error">${error}</span>` : ''}`,
  }
}

export function textField(o: {
  label: string; name: string; value?: string | null; type?: 'text' | 'email' | 'password' | 'url' | 'date' | 'search'
  required?: boolean; hint?: string; errors?: FieldErrors; autocomplete?: string; placeholder?: string
}): Html {
  const d = described(o.name, o.hint, o.errors)
  return html`<div class="field">
  <label for="${idOf(o.name)}">${o.label}</label>
  <input id="${idOf(o.name)}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? ''}"${o.required ? html` required` : ''}${o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''}${o.placeholder ? html` placeholder="${o.placeholder}"` : ''}${d.attrs}>
  ${d.after}
</div>`
}

export function textArea(o: { label: string; name: string; value?: string; rows?: number; hint?: string; errors?: FieldErrors; required?: boolean }): Html {
  const d = described(o.name, o.hint, o.errors)
  return html`<div class="field">
  <label for="${idOf(o.name)}">${o.label}</label>
  <textarea id="${idOf(o.name)}" name="${o.name}" rows="${o.rows ?? 6}"${o.required ? html` required` : ''} spellcheck="false"${d.attrs}>${o.value ?? ''}</textarea>
  ${d.after}
</div>`
}

export function selectField(o: {
  label: string; name: string; value?: string | null; options: readonly (readonly [string, string])[]; hint?: string; errors?: FieldErrors
}): Html {
  const d = described(o.name, o.hint, o.errors)
  return html`<div class="field">
  <label for="${idOf(o.name)}">${o.label}</label>
  <select id="${idOf(o.name)}" name="${o.name}"${d.attrs}>
    ${o.options.map(([value, label]) => html`<option value="${value}"${value === (o.value ?? '') ? html` selected` : ''}>${label}</option>`)}
  </select>
  ${d.after}
</div>`
}

export function checkbox(o: { label: string; name: string; checked: boolean; hint?: string; errors?: FieldErrors }): Html {
  const d = described(o.name, o.hint, o.errors)
  return html`<div class="field checkbox">
  <input id="${idOf(o.name)}" name="${o.name}" type="checkbox" value="on"${o.checked ? html` checked` : ''}${d.attrs}>
  <label for="${idOf(o.name)}">${o.label}</label>
  ${d.after}
</div>`
}

/** A zod issue as errorsByField reads it (zod 4's issue fields for its kind of problem). */
interface FormIssue {
  path: PropertyKey[]; message: string; code?: string; origin?: string; format?: string
  minimum?: number | bigint; maximum?: number | bigint; input?: unknown
}

/**
 * zod issues → problems by input name (the first problem per field). With a translator for Dutch or German,
 * each problem is said by its kind (too short, not an e-mail address, …) in that language; a rule of the
 * schema's own (a `custom` issue) keeps its English detail after a translated "not accepted".
 */
export function errorsByField(issues: FormIssue[], i18n?: Pick<Translator, 't' | 'locale'>): FieldErrors {
  const out: FieldErrors = {}
  for (const issue of issues) {
    const name = issue.path.map(String).join('.') || '_form'
    out[name] ??= i18n && i18n.locale !== 'en' ? translated(issue, i18n.t) : issue.message
  }
  return out
}

function translated(issue: FormIssue, t: Translator['t']): string {
  const n = Number(issue.minimum ?? issue.maximum ?? 0)
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'string') return n <= 1 ? t('form.error.required') : t('form.error.tooShort', { n })
      return issue.origin === 'array' && n <= 1 ? t('form.error.required') : t('form.error.tooSmall', { n })
    case 'too_big':
      return issue.origin === 'string' ? t('form.error.tooLong', { n }) : t('form.error.tooBig', { n })
    case 'invalid_format':
      return issue.format === 'email' ? t('form.error.email') : issue.format === 'url' ? t('form.error.url') : t('form.error.format')
    case 'invalid_value':
      return t('form.error.choice')
    case 'invalid_type':
      if (issue.input === undefined || issue.input === '') return t('form.error.required')
      return /number|int/.test(String((issue as { expected?: unknown }).expected)) ? t('form.error.number') : t('form.error.format')
    default:
      return t('form.error.notAccepted', { detail: issue.message })
  }
}
