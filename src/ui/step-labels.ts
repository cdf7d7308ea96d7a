// Step names and outcomes of the step log, and result sources, in the page's language. A name not listed here
// (added later) shows as it is stored.
import type { PlainKey, Translator } from './i18n/i18n.ts'

const stepNames: Record<string, PlainKey> = {
  'lms-call': 'steps.lmsCall', 'validate-person': 'steps.validatePerson', 'resolve-target': 'steps.resolveTarget',
  'find-account': 'steps.findAccount', 'match-by-email': 'steps.matchByEmail', 'create-account': 'steps.createAccount',
  'update-account': 'steps.updateAccount', 'recreate-account': 'steps.recreateAccount', 'adopt-account': 'steps.adoptAccount',
  'grant-access': 'steps.grantAccess', 'revoke-access': 'steps.revokeAccess', 'resend-credentials': 'steps.resendCredentials',
  'queue-mail': 'steps.queueMail', 'wait-for-connection': 'steps.waitForConnection', 'internal-error': 'steps.internalError',
  failure: 'steps.failure',
}

const outcomes: Record<string, PlainKey> = {
  ok: 'steps.outcome.ok', error: 'steps.outcome.error', skipped: 'steps.outcome.skipped', duplicate: 'steps.outcome.duplicate',
  test: 'steps.outcome.test', recorded: 'steps.outcome.recorded', ignored: 'steps.outcome.ignored',
  enriched: 'steps.outcome.enriched', created: 'steps.outcome.created',
}

const lmsNames: Record<string, string> = { moodle: 'Moodle', ilias: 'ILIAS', sandbox: 'Sandbox' }

export const stepName = (t: Translator['t'], step: string) => (Object.hasOwn(stepNames, step) ? t(stepNames[step]!) : step)
export const stepOutcome = (t: Translator['t'], outcome: string) => (Object.hasOwn(outcomes, outcome) ? t(outcomes[outcome]!) : outcome)

/** Where a result came from: 'moodle-plugin', '<lms>-poll', 'lms'. */
export function resultSource(t: Translator['t'], source: string): string {
  if (source === 'moodle-plugin') return t('steps.source.plugin')
  if (source === 'lms') return t('steps.source.lms')
  const poll = /^(\w+)-poll$/.exec(source)
  return poll ? t('steps.source.poll', { lms: lmsNames[poll[1]!] ?? poll[1]! }) : source
}
