// Registration states and check outcomes in words, with a class for their colour.
import { html, type Html } from './html.ts'
import type { RegistrationStatus } from '../domain/registration-state.ts'

export const statusLabels: Record<RegistrationStatus, { label: string; tone: 'ok' | 'busy' | 'warn' | 'bad' | 'quiet' }> = {
  pending: { label: 'Pending', tone: 'busy' },
  retrying: { label: 'Retrying', tone: 'busy' },
  waiting_for_data: { label: 'Waiting for data', tone: 'warn' },
  needs_admin: { label: 'Needs an administrator', tone: 'bad' },
  failed: { label: 'Failed', tone: 'bad' },
  active: { label: 'Active', tone: 'ok' },
  cancelled: { label: 'Cancelled', tone: 'quiet' },
}

export function statusBadge(status: string): Html {
  const s = statusLabels[status as RegistrationStatus] ?? { label: status, tone: 'quiet' as const }
  return html`<span class="badge badge-${s.tone}">${s.label}</span>`
}

export function checkBadge(status: 'pass' | 'fail' | 'unknown'): Html {
  const s = { pass: ['Pass', 'ok'], fail: ['Fail', 'bad'], unknown: ['Unknown', 'warn'] }[status]
  return html`<span class="badge badge-${s[1]!}">${s[0]!}</span>`
}
