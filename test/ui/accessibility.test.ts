// Every Service Center page an administrator can reach by following links is accessible and fits a
// phone: axe-core finds no violation at 390 px and at 1280 px, no page scrolls sideways at 390 px, and
// the focus ring stands out from what is behind it (WCAG 2.2: at least 3:1).
// The pages are found by following the links from the overview (one page per kind of address), so a
// page added later is checked without this test being told about it.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { logIn, screenshot, startUiTest, type UiTestContext } from './ui-harness.ts'
import { ensureSandbox } from '../../src/services/bootstrap.ts'
import { eventually } from '../helpers/test-app.ts'

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')
const widths = [390, 1280]
const maxPages = 60

/** One address per kind of page: ids and numbers in the path and query become placeholders. */
function pageKind(u: URL): string {
  const path = u.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27,}/gi, ':id').replace(/\/\d+(?=\/|$)/g, '/:n')
  const keys = [...u.searchParams.keys()].sort().join('&')
  return keys ? `${path}?${keys}` : path
}

/** Links that only read: no log-out, no downloads, nothing outside the Service Center. */
function shouldVisit(u: URL, base: URL): boolean {
  if (u.origin !== base.origin || !u.pathname.startsWith('/ui')) return false
  if (/\/(logout|log-out)\b/.test(u.pathname)) return false
  if (/\.csv$|\/export\b|[?&]format=csv/.test(u.pathname + u.search)) return false
  return true
}

async function linksOf(page: Page): Promise<string[]> {
  return page.$$eval('a[href]', (as) => as.filter((a) => !a.hasAttribute('download')).map((a) => (a as HTMLAnchorElement).href))
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath })
  const result = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe
    return axe.run(document)
  })
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`)
}

/** Contrast of the focused element's outline against the background of its parent (WCAG formula). */
async function focusContrast(page: Page): Promise<{ what: string; ratio: number } | null> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null
    if (!el || el === document.body) return null
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number)
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => { const s = v / 255; return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4 }
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!)
    }
    let bgEl: HTMLElement | null = el.parentElement
    let bg = 'rgb(255, 255, 255)'
    while (bgEl) {
      const c = getComputedStyle(bgEl).backgroundColor
      const parts = rgb(c)
      if (parts.length >= 3 && (parts.length < 4 || parts[3]! > 0.5)) { bg = c; break }
      bgEl = bgEl.parentElement
    }
    const style = getComputedStyle(el)
    if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return { what: `${el.tagName} ${el.textContent?.trim().slice(0, 30)} has no outline`, ratio: 0 }
    const a = lum(rgb(style.outlineColor))
    const b = lum(rgb(bg))
    return { what: `${el.tagName} "${el.textContent?.trim().slice(0, 30)}" ${style.outlineColor} on ${bg}`, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) }
  })
}

describe('Service Center: accessible and fit for a phone on every page', () => {
  let c: UiTestContext
  const visited: string[] = []
  before(async () => {
    const started = await startUiTest()
    // axe-core is injected as a script, which the Service Center's Content-Security-Policy rightly
    // refuses; this browser context bypasses it. tsx names the functions passed to evaluate() with a
    // helper the page does not have: __name is given to the page as the identity.
    const context = await started.browser.newContext({ bypassCSP: true })
    await context.addInitScript('window.__name = (f) => f')
    const page = await context.newPage()
    page.setDefaultTimeout(10_000)
    c = { ...started, page }
    // Something on every page: the sandbox with its course, a registration with its mail and result,
    // and a registration that waits for data, which raises a notification.
    await ensureSandbox(c.t.app.ctx)
    const reg = await c.t.api('POST', '/api/v1/registrations', {
      person: { personId: 'a11y-1', firstName: 'Zoë', namePrefix: 'van der', lastName: 'Berg', email1: 'zoe@example.com' },
      courseCode: 'DEMO-101',
    })
    assert.equal(reg.status, 202, JSON.stringify(reg.body))
    await eventually(async () => (await c.t.api('GET', `/api/v1/registrations/${reg.body.id}`)).body.observed.status === 'active', 20_000, 'an active registration')
    await c.t.api('POST', `/api/v1/registrations/${reg.body.id}/sandbox-complete`, { grade: 75 })
    await logIn(c)
  })
  after(async () => {
    await c?.close()
  })

  it('finds the pages by following links, and each has no axe violation and no sideways scroll', async () => {
    const { page, url } = c
    const base = new URL(url)
    const queue = [new URL('/ui/', base).href]
    const seen = new Set<string>([pageKind(new URL(queue[0]!))])
    const problems: string[] = []
    while (queue.length > 0 && visited.length < maxPages) {
      const href = queue.shift()!
      for (const width of widths) {
        await page.setViewportSize({ width, height: 800 })
        const res = await page.goto(href)
        assert.ok(res && res.status() < 400, `${href} answers ${res?.status()}`)
        const violations = await axeViolations(page)
        for (const v of violations) problems.push(`${new URL(href).pathname} at ${width} px: ${v}`)
        if (width === 390) {
          const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }))
          if (scroll > client) problems.push(`${new URL(href).pathname} at 390 px scrolls sideways: ${scroll} px wide`)
          await screenshot(page, `phone${pageKind(new URL(href)).replace(/[^a-z0-9]+/gi, '-')}`)
        }
      }
      visited.push(new URL(href).pathname)
      for (const link of await linksOf(page)) {
        const u = new URL(link)
        u.hash = ''
        if (!shouldVisit(u, base)) continue
        const kind = pageKind(u)
        if (seen.has(kind)) continue
        seen.add(kind)
        queue.push(u.href)
      }
    }
    assert.ok(visited.length >= 10, `the crawl reached the main pages and their details (visited: ${visited.join(', ')})`)
    assert.deepEqual(problems, [])
  })

  it('marks the focused element with a ring of at least 3:1 against its background, in the header and on the page', async () => {
    const { page, url } = c
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`${url}/ui/registrations`)
    const low: string[] = []
    let checked = 0
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab')
      const f = await focusContrast(page)
      if (!f) continue
      checked++
      if (f.ratio < 3) low.push(`${f.what}: ${f.ratio.toFixed(2)}:1`)
    }
    assert.ok(checked >= 10, 'tabbed through header links, form fields and buttons')
    assert.deepEqual(low, [])
  })
})
