// Service Center pages over HTTP without a browser: log in through the real form, then call pages with
// the session cookie and the page's CSRF token.
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { createAdminUser } from '../../src/ui/auth/admin-users.ts'
import type { Config } from '../../src/config.ts'

export interface UiSession {
  cookie: string
  csrf: string
}

type Inject = { method?: 'GET' | 'POST'; url: string; cookie?: string; form?: Record<string, string>; headers?: Record<string, string> }

export const injectUi = (t: TestApp, o: Inject) => t.app.http.inject({
  method: o.method ?? 'GET', url: o.url,
  headers: { ...(o.cookie ? { cookie: o.cookie } : {}), ...(o.form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}), ...o.headers },
  ...(o.form ? { payload: new URLSearchParams(o.form).toString() } : {}),
})

export const csrfOf = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1]

/** Logs in with the form; returns the session cookie and its CSRF token, or the refused answer. */
export async function logInOverHttp(t: TestApp, email: string, password: string, headers: Record<string, string> = {}) {
  const form = await injectUi(t, { url: '/ui/login', headers })
  const loginCookie = String(form.headers['set-cookie']).split(';')[0]!
  const res = await injectUi(t, { method: 'POST', url: '/ui/login', cookie: loginCookie, headers, form: { _csrf: csrfOf(form.body)!, email, password, next: '/ui/' } })
  const cookies = ([] as string[]).concat((res.headers['set-cookie'] as string | string[] | undefined) ?? [])
  const session = cookies.find((c) => c.startsWith('cb_session='))
  if (res.statusCode !== 303 || !session) return { res, session: null }
  const cookie = session.split(';')[0]!
  const page = await injectUi(t, { url: '/ui/', cookie })
  return { res, session: { cookie, csrf: csrfOf(page.body)! } as UiSession }
}

/** A test app with one administrator (admin@example.org), logged in through the form. */
export async function startLoggedInApp(overrides: Partial<Config> = {}): Promise<{ t: TestApp; s: UiSession }> {
  const t = await startTestApp(overrides)
  try {
    await createAdminUser(t.app.ctx.db, 'default', 'admin@example.org', 'a long enough password')
    const { res, session } = await logInOverHttp(t, 'admin@example.org', 'a long enough password')
    if (!session) throw new Error(`log-in refused: ${res.statusCode}`)
    return { t, s: session }
  } catch (err) {
    await t.stop()
    throw err
  }
}
