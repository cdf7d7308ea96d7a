// Deny by default, proved on the real app: every route Fastify has registered (taken from its onRoute
// hook, so a route added tomorrow is walked without editing this file) is called without credentials,
// with a wrong key, and with a key of too narrow a scope, in every spelling of its path a client can send.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, type TestApp } from '../helpers/test-app.ts'
import { publicRoutes, routeTable, type RegisteredRoute } from '../../src/http/access.ts'
import { createApiKey, revokeApiKey } from '../../src/security/api-keys.ts'

const sampleParam = '0c7c7e36-3a5e-4f0e-9d43-5b7d3e0f6a11'

/** The route's path with a sample value for each parameter. */
const concrete = (url: string) => url.replace(/:[A-Za-z_]+/g, sampleParam).replace(/\*$/, 'x')

/** Every way of writing the path that a router or a proxy might read as the same route. */
export function spellings(path: string): string[] {
  const segments = path.split('/').slice(1)
  const firstLetter = (s: string) => s.replace(/[A-Za-z]/, (c) => `%${c.charCodeAt(0).toString(16)}`)
  const allLetters = (s: string) => s.replace(/[A-Za-z]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
  const out = [
    path,
    `/${segments.map(firstLetter).join('/')}`,
    `/${segments.map(allLetters).join('/')}`,
    path.toUpperCase(),
    `${path}/`,
    `/${path}`,
    path.replace(/\/(?=[^/]*$)/, '//'),
    `/.${path}`,
    path.replace(/\/(?=[^/]*$)/, '/./'),
    path.replace(/\/(?=[^/]*$)/, '/%2e/'),
    segments.length > 1 ? `/${segments[0]}%2F${segments.slice(1).join('/')}` : `${path}%2F`,
    segments.length > 1 ? `/${segments[0]}%2f${segments.slice(1).join('/')}` : `${path}%2f`,
    `${path}?`,
    `${path};x`,
    `${path}%00`,
  ]
  return [...new Set(out)]
}

describe('access control: deny by default on every registered route', () => {
  let t: TestApp
  let routes: readonly RegisteredRoute[]
  let registrationsKey: string
  before(async () => {
    t = await startTestApp()
    await t.app.http.ready()
    routes = routeTable(t.app.http)
    registrationsKey = (await createApiKey(t.app.ctx.db, 'default', 'tms', 'registrations')).key
  })
  after(async () => {
    await t?.stop()
  })

  const call = async (method: string, url: string, headers: Record<string, string> = {}) => {
    const res = await t.app.http.inject({ method: method as 'GET', url, headers })
    // A HEAD answer has no body to read the refusal from: the same URL as GET shows it.
    if (method === 'HEAD' && res.statusCode === 400) {
      const get = await t.app.http.inject({ method: 'GET', url, headers })
      return Object.assign(res, { body: get.body })
    }
    return res
  }

  /**
   * No route matched and the URL was refused as unstorable text (a NUL byte, %00) instead of a 404: the
   * check runs after the access control (preValidation), so for a matched route 401/403 would come first.
   */
  const routerRefused = (res: { statusCode: number; body: string }) =>
    res.statusCode === 400 && /the (request )?URL is not valid/.test(res.body)

  /** Refused as it must be: 401 or 404, a UI page's redirect to the log-in form, or no route at all. */
  const refused = (res: { statusCode: number; body: string; headers: Record<string, unknown> }, access: RegisteredRoute['access']) => {
    if (res.statusCode === 401 || res.statusCode === 404 || routerRefused(res)) return true
    const location = res.headers.location
    return access().kind === 'session' && res.statusCode === 302 && typeof location === 'string' && location.startsWith('/ui/login?')
  }

  it('finds the whole route table, API and Service Center alike', () => {
    const urls = new Set(routes.map((r) => r.url))
    for (const u of ['/api/v1/settings', '/api/v1/persons', '/api/v1/keys', '/metrics', '/ui/connections', '/ui/login', '/healthz']) {
      assert.ok(urls.has(u), `${u} is not in the route table`)
    }
    assert.ok(routes.length > 60, `only ${routes.length} routes`)
  })

  it('makes public exactly the routes on the one public list, and no other', () => {
    const open = routes.filter((r) => r.access().kind === 'public').map((r) => `${r.method} ${r.url}`)
    assert.deepEqual(new Set(open.filter((r) => !r.startsWith('HEAD '))), new Set(publicRoutes))
  })

  it('refuses every non-public route without credentials, in every spelling of its path', async () => {
    const answered: string[] = []
    for (const route of routes) {
      if (route.access().kind === 'public') continue
      for (const url of spellings(concrete(route.url))) {
        const res = await call(route.method, url)
        if (!refused(res, route.access)) answered.push(`${route.method} ${url} → ${res.statusCode}`)
      }
    }
    assert.deepEqual(answered, [], 'answered without credentials')
  })

  it('refuses the reported bypass: /%61pi/v1/settings without a key', async () => {
    const res = await call('GET', '/%61pi/v1/settings')
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().error.code, 'UNAUTHENTICATED')
  })

  it('refuses an unknown key on every key route, in every spelling', async () => {
    const answered: string[] = []
    for (const route of routes) {
      if (route.access().kind !== 'key') continue
      for (const url of spellings(concrete(route.url))) {
        const res = await call(route.method, url, { authorization: 'Bearer cb_not-a-key' })
        if (res.statusCode !== 401 && res.statusCode !== 404 && !routerRefused(res)) answered.push(`${route.method} ${url} → ${res.statusCode}`)
      }
    }
    assert.deepEqual(answered, [])
  })

  it('gives a registrations key 403 API_KEY_SCOPE on every admin route, in every spelling', async () => {
    const admin = routes.filter((r) => { const a = r.access(); return a.kind === 'key' && a.scope === 'admin' })
    for (const u of ['/api/v1/connections', '/api/v1/settings', '/api/v1/templates', '/api/v1/keys', '/api/v1/admin-users']) {
      assert.ok(admin.some((r) => r.url === u), `${u} is not an admin route`)
    }
    const answered: string[] = []
    for (const route of admin) {
      for (const url of spellings(concrete(route.url))) {
        const res = await call(route.method, url, { authorization: `Bearer ${registrationsKey}` })
        const ok = res.statusCode === 404 || routerRefused(res)
          || (res.statusCode === 403 && (route.method === 'HEAD' || res.json().error.code === 'API_KEY_SCOPE'))
        if (!ok) answered.push(`${route.method} ${url} → ${res.statusCode}`)
      }
    }
    assert.deepEqual(answered, [])
  })

  it('lets a registrations key do what a training system needs', async () => {
    const auth = { authorization: `Bearer ${registrationsKey}` }
    for (const path of ['/api/v1/persons', '/api/v1/registrations', '/api/v1/results', '/api/v1/notifications', '/api/v1/course-definitions']) {
      assert.equal((await call('GET', path, auth)).statusCode, 200, path)
    }
    const person = { personId: 'p-1', firstName: 'Zoë', lastName: 'Berg', email1: 'zoe@example.org' }
    const res = await t.app.http.inject({ method: 'POST', url: '/api/v1/persons', headers: auth, payload: person })
    assert.equal(res.statusCode, 201, res.body)
    assert.equal((await call('GET', '/metrics', auth)).statusCode, 403)
  })

  it('refuses a revoked key on its very next request', async () => {
    const key = await createApiKey(t.app.ctx.db, 'default', 'short-lived', 'registrations')
    const auth = { authorization: `Bearer ${key.key}` }
    assert.equal((await call('GET', '/api/v1/persons', auth)).statusCode, 200)
    await revokeApiKey(t.app.ctx.db, 'default', key.id)
    const res = await call('GET', '/api/v1/persons', auth)
    assert.equal(res.statusCode, 401)
    assert.equal(res.json().error.code, 'UNAUTHENTICATED')
  })

  it('answers the public routes without credentials and without a server error', async () => {
    for (const route of routes) {
      if (route.access().kind !== 'public') continue
      const res = await call(route.method, concrete(route.url))
      assert.ok(res.statusCode < 500, `${route.method} ${route.url} → ${res.statusCode}`)
    }
  })
})
