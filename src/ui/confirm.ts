// The one confirmation page of the Service Center: what will happen, a button that does it (a POST with
// the session's form token) and a way back that does nothing. Every risky action (cancel access, resend
// credentials, delete, revoke, disable, discard) shows it first; its GET changes nothing.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { html, type Html } from './html.ts'
import { csrfField } from './layout.ts'
import type { NavKey } from './layout.ts'
import { sendPage, sessionOf } from './ui-context.ts'

export interface Confirmation {
  /** Where the question comes from: the breadcrumb link. */
  back: { href: string; label: string }
  /** The question, e.g. "Cancel the access of Nora Bakker?". */
  question: string
  /** The page title; the question when absent. */
  title?: string
  /** What will happen, and what will not. */
  consequences: Html
  /** The POST that carries it out. */
  action: string
  /** The button that carries it out, e.g. "Cancel access". */
  confirmLabel: string
  /** The way back, e.g. "Keep the access". */
  keepLabel: string
  current?: NavKey
  /** A harmful action (red button); false for one that only repeats something. */
  danger?: boolean
  /** Extra fields the POST carries. */
  fields?: Record<string, string>
}

export function confirmationBody(csrfToken: string, c: Confirmation): Html {
  return html`
<p class="breadcrumb"><a href="${c.back.href}">${c.back.label}</a></p>
<h1>${c.question}</h1>
<div class="confirm-consequences" data-confirm>${c.consequences}</div>
<form method="post" action="${c.action}" class="actions">
  ${csrfField(csrfToken)}
  ${Object.entries(c.fields ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  <button type="submit" class="${c.danger === false ? 'primary' : 'danger'}">${c.confirmLabel}</button> <a href="${c.back.href}">${c.keepLabel}</a>
</form>`
}

export function sendConfirmation(request: FastifyRequest, reply: FastifyReply, c: Confirmation) {
  return sendPage(request, reply, { title: c.title ?? c.question, current: c.current, body: confirmationBody(sessionOf(request).csrfToken, c) })
}
