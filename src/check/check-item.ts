// The connection check's result: one item per set-up step, in the order of the set-up.
// 'unknown' is an answer, not a failure: several steps cannot be proven through the LMS's web
// services at all (a capability without a visible effect, a setting no function reveals), and
// saying so beats guessing. Only a required item that fails makes the check fail.

export type CheckStatus = 'pass' | 'fail' | 'unknown'

/** Where to fix an item: what to do, the menu path in the LMS, and the page on that site. */
export interface CheckFix {
  text: string
  menuPath: string
  /** Absolute URL on the connection's site ('' when the LMS has no page for it). */
  adminUrl: string
}

export interface CheckItem {
  id: string
  title: string
  status: CheckStatus
  detail: string
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

  pass(id: string, title: string, detail: string, opts: { required?: boolean; fix?: CheckFix } = {}): void {
    this.items.push({ id, title, status: 'pass', detail, required: opts.required ?? true, ...(opts.fix ? { fix: opts.fix } : {}) })
  }

  fail(id: string, title: string, detail: string, fix: CheckFix, opts: { required?: boolean } = {}): void {
    this.items.push({ id, title, status: 'fail', detail, required: opts.required ?? true, fix })
  }

  unknown(id: string, title: string, detail: string, opts: { required?: boolean; fix?: CheckFix } = {}): void {
    this.items.push({ id, title, status: 'unknown', detail, required: opts.required ?? true, ...(opts.fix ? { fix: opts.fix } : {}) })
  }
}

/** TLS failures Node reports by code (the certificate, not the network, is the problem). */
export function isTlsErrorCode(code: string | null | undefined): boolean {
  return !!code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME/i.test(code)
}

/** What the scheme of the base URL means for a connection in this environment. */
export function transportNote(baseUrl: string, environment: 'live' | 'training' | 'sandbox'):
  { status: CheckStatus; detail: string } {
  const url = new URL(baseUrl)
  if (environment === 'sandbox') return { status: 'pass', detail: 'the sandbox simulator answers on this machine (no network involved)' }
  if (url.protocol === 'https:') return { status: 'pass', detail: `reachable over https; the certificate of ${url.host} is valid` }
  if (environment === 'live') {
    return {
      status: 'fail',
      detail: `reachable, but over plain http: passwords and the token travel unencrypted, which a live connection must not do`,
    }
  }
  return { status: 'pass', detail: 'reachable, but over plain http (not encrypted) — acceptable for a training connection only' }
}
