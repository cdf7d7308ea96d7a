// The connection check's result: one item per set-up step, in the order of the set-up.
// 'unknown' is an answer, not a failure: several steps cannot be proven through the LMS's web
// services at all (a capability without a visible effect, a setting no function reveals), and
// saying so beats guessing. Only a required item that fails makes the check fail.

import { english, say, type CheckText } from './check-text.ts'

export type CheckStatus = 'pass' | 'fail' | 'unknown'

/** Where to fix an item: what to do, the menu path in the LMS, and the page on that site. */
export interface CheckFix {
  text: string
  menuPath: string
  /** Absolute URL on the connection's site ('' when the LMS has no page for it). */
  adminUrl: string
  /** `text` as a message key with parameters (the Service Center says it in the page's language). */
  message?: CheckText
  /** `menuPath` as a message, where the path is coursebridge's own (an LMS's menu names stay as they are). */
  menuMessage?: CheckText
}

/** A fix whose text (and, where it is coursebridge's own, menu path) is a message. */
export function checkFix(message: CheckText, menuPath: string | CheckText, adminUrl: string): CheckFix {
  return typeof menuPath === 'string'
    ? { text: english(message), menuPath, adminUrl, message }
    : { text: english(message), menuPath: english(menuPath), adminUrl, message, menuMessage: menuPath }
}

export interface CheckItem {
  id: string
  title: string
  status: CheckStatus
  detail: string
  /** `detail` as a message key with parameters (absent in results from before it existed: then `detail` is shown). */
  message?: CheckText
  /** false for optional steps: their failure is reported but does not fail the check. */
  required: boolean
  fix?: CheckFix
}

export interface CheckReport {
  connectionId: string
  /** No required item failed. */
  ok: boolean
  checkedAt: string
  items: CheckItem[]
}

export function checkPassed(items: CheckItem[]): boolean {
  return items.every((item) => !item.required || item.status !== 'fail')
}

/** Builds items in order; `fix` is attached to failures (and to unknowns, where it says what to look at). */
export class CheckList {
  readonly items: CheckItem[] = []

  pass(id: string, title: string, message: CheckText, opts: { required?: boolean; fix?: CheckFix } = {}): void {
    this.items.push({ id, title, status: 'pass', detail: english(message), message, required: opts.required ?? true, ...(opts.fix ? { fix: opts.fix } : {}) })
  }

  fail(id: string, title: string, message: CheckText, fix: CheckFix, opts: { required?: boolean } = {}): void {
    this.items.push({ id, title, status: 'fail', detail: english(message), message, required: opts.required ?? true, fix })
  }

  unknown(id: string, title: string, message: CheckText, opts: { required?: boolean; fix?: CheckFix } = {}): void {
    this.items.push({ id, title, status: 'unknown', detail: english(message), message, required: opts.required ?? true, ...(opts.fix ? { fix: opts.fix } : {}) })
  }
}

/** TLS failures Node reports by code (the certificate, not the network, is the problem). */
export function isTlsErrorCode(code: string | null | undefined): boolean {
  return !!code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/i.test(code)
}

/** What the scheme of the base URL means for a connection in this environment. */
export function transportNote(baseUrl: string, environment: 'live' | 'training' | 'sandbox'):
  { status: CheckStatus; detail: CheckText } {
  const url = new URL(baseUrl)
  if (environment === 'sandbox') return { status: 'pass', detail: say('check.transport.sandbox') }
  if (url.protocol === 'https:') return { status: 'pass', detail: say('check.transport.https', { host: url.host }) }
  if (environment === 'live') return { status: 'fail', detail: say('check.transport.httpLive') }
  return { status: 'pass', detail: say('check.transport.httpTraining') }
}
