// Registration states, check outcomes and mail states in words, with a class for their colour.
import { html, type Html } from './html.ts'
import type { RegistrationStatus } from '../domain/registration-state.ts'
import type { PlainKey, Translator } from './i18n/i18n.ts'

export const statusLabels: Record<RegistrationStatus, { label: PlainKey; tone: 'ok' | 'busy' | 'warn' | 'bad' | 'quiet' }> = {
  pending: { label: 'status.pending', tone: 'busy' },
  retrying: { label: 'status.retrying', tone: 'busy' },
  waiting_for_data: { label: 'status.waiting_for_data', tone: 'warn' },
  needs_admin: { label: 'status.needs_admin', tone: 'bad' },
  failed: { label: 'status.failed', tone: 'bad' },
  active: { label: 'status.active', tone: 'ok' },
  cancelled: { label: 'status.cancelled', tone: 'quiet' },
}

/** A registration state's label, or the state itself when it is not one we know. */
export function statusLabel(t: Translator['t'], status: string): string {
  return Object.hasOwn(statusLabels, status) ? t(statusLabels[status as RegistrationStatus].label) : status
}

export function statusBadge(t: Translator['t'], status: string): Html {
  const tone = Object.hasOwn(statusLabels, status) ? statusLabels[status as RegistrationStatus].tone : 'quiet'
  return html`<span class="badge badge-${tone}">${statusLabel(t, status)}</span>`
}

const checkLabels = { pass: ['check.pass', 'ok'], fail: ['check.fail', 'bad'], unknown: ['check.unknown', 'warn'] } as const

export function checkBadge(t: Translator['t'], status: 'pass' | 'fail' | 'unknown'): Html {
  const [label, tone] = checkLabels[status]
  return html`<span class="badge badge-${tone}">${t(label)}</span>`
}

const mailStatusLabels: Record<string, PlainKey> = {
  'awaiting-account': 'mailStatus.awaiting-account',
  queued: 'mailStatus.queued',
  retrying: 'mailStatus.retrying',
  'waiting-smtp': 'mailStatus.waiting-smtp',
  sent: 'mailStatus.sent',
  outbox: 'mailStatus.outbox',
  failed: 'mailStatus.failed',
  discarded: 'mailStatus.discarded',
}

export function mailStatusLabel(t: Translator['t'], status: string): string {
  return Object.hasOwn(mailStatusLabels, status) ? t(mailStatusLabels[status]!) : status
}

/** A result's outcome as a coloured badge. */
export function passedBadge(t: Translator['t'], passed: boolean): Html {
  return passed ? html`<span class="badge badge-ok">${t('common.passed')}</span>` : html`<span class="badge badge-bad">${t('common.notPassed')}</span>`
}
