// Text the database cannot hold is refused at the edge with a 400 naming the field, instead of a 500 from
// PostgreSQL: U+0000 is not allowed in text or jsonb, and jsonb refuses an unpaired UTF-16 surrogate
// ("\ud800" is valid JSON syntax). A JSON body must be UTF-8 (RFC 8259 §8.1); invalid bytes are refused
// rather than stored as U+FFFD.
import { isUtf8 } from 'node:buffer'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { ServiceError } from '../services/context.ts'
import type { FieldProblem } from './api-error.ts'

const unstorable = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

const why = (s: string) => (s.includes('\u0000') ? 'contains a NUL character (U+0000)' : 'contains an unpaired UTF-16 surrogate')

/** Our request bodies nest three levels at most; far deeper JSON only costs stack and time downstream. */
export const maxRequestDepth = 32

interface Node {
  value: unknown
  key: string
  parent: Node | null
  depth: number
}

const pathOf = (n: Node) => {
  const keys: string[] = []
  for (let p: Node | null = n; p?.parent; p = p.parent) keys.unshift(p.key)
  return keys.join('.')
}

/**
 * The first string (or key) in value that cannot be stored, or nesting past maxRequestDepth, with its
 * path; iterative, so a hostile depth cannot overflow the stack.
 */
export function findUnstorableText(value: unknown): FieldProblem | null {
  const stack: Node[] = [{ value, key: '', parent: null, depth: 0 }]
  while (stack.length > 0) {
    const node = stack.pop()!
    const v = node.value
    if (typeof v === 'string') {
      if (unstorable.test(v)) return { path: pathOf(node) || '(body)', message: why(v) }
    } else if (v !== null && typeof v === 'object') {
      if (node.depth >= maxRequestDepth) return { path: pathOf(node) || '(body)', message: `nested more than ${maxRequestDepth} levels deep` }
      for (const [key, child] of Object.entries(v)) {
        if (unstorable.test(key)) return { path: [pathOf(node), '(key)'].filter(Boolean).join('.'), message: `a field name ${why(key)}` }
        stack.push({ value: child, key, parent: node, depth: node.depth + 1 })
      }
    }
  }
  return null
}

export function registerRequestTextChecks(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    if (!isUtf8(body as Buffer)) {
      done(new ServiceError(400, 'INVALID_REQUEST', 'the request body is not valid UTF-8'), undefined)
      return
    }
    parseJson(request, (body as Buffer).toString('utf8'), done)
  })
  app.addHook('preValidation', async (request: FastifyRequest) => {
    for (const [where, value] of [['URL', request.params], ['query', request.query], ['body', request.body]] as const) {
      const problem = findUnstorableText(value)
      if (problem) throw new ServiceError(400, 'INVALID_INPUT', `the request ${where} is not valid`, [problem])
    }
  })
}
