// Compares an answer with one recorded from the live ILIAS 5.2. Where ILIAS sent no SOAP (text/html),
// the text must be the same. Otherwise both are read as SOAP (canonical() of soap-compare.ts) and
// compared as trees, with three allowances for what an installation makes up itself: the session id,
// the approve/last-update times of users, and the order of users in a user list (ILIAS does not sort it).
import assert from 'node:assert/strict'
import { canonical } from './soap-compare.ts'

export interface Answer {
  status: number
  contentType: string
  body: string
}

const timestamp = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (!value || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if ((key === 'ApproveDate' || key === 'LastUpdate') && typeof child === 'string') {
      assert.match(child, timestamp, `${key} is a timestamp`)
      out[key] = '(timestamp)'
    } else if (key === 'User' && Array.isArray(child)) {
      const id = (u: unknown) => String((u as Record<string, unknown>)['@_Id'] ?? '')
      out[key] = [...child].sort((a, b) => id(a).localeCompare(id(b))).map(normalise)
    } else {
      out[key] = normalise(child)
    }
  }
  return out
}

export function assertSameLiveAnswer(got: Answer, want: { status: number; content_type: string; body: string }, opts: { client: string; anyValue: string[] }): void {
  const type = (t: string) => t.toLowerCase().replace(/\s/g, '')
  assert.equal(got.status, want.status, `HTTP status; body: ${got.body.slice(0, 400)}`)
  assert.equal(type(got.contentType), type(want.content_type), 'content type')
  if (!type(want.content_type).startsWith('text/xml')) {
    assert.equal(got.body, want.body.replaceAll('client_id=cbilias', `client_id=${opts.client}`))
    return
  }
  const mine = canonical(got.body)
  const theirs = canonical(want.body.replaceAll('::cbilias<', `::${opts.client}<`))
  if ('response' in mine && 'response' in theirs) {
    for (const part of theirs.parts) {
      const other = mine.parts.find((p) => p.name === part.name)
      if (!other) continue
      if (typeof part.value === 'string' && part.value.startsWith('{{SID}}::') && typeof other.value === 'string') {
        assert.match(other.value, /^[A-Za-z0-9,-]+::/, 'sid has the form <session id>::<client>')
        other.value = other.value.replace(/^[^:]+::/, '{{SID}}::')
      }
      if (opts.anyValue.includes(part.name) && typeof other.value === 'string') {
        assert.match(other.value, /^[1-9]\d*$/, `${part.name} is a positive int`)
        other.value = part.value
      }
      part.value = normalise(part.value)
      other.value = normalise(other.value)
    }
  }
  assert.deepEqual(mine, theirs)
}
