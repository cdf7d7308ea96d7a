// Semantic comparison of two SOAP responses: the same fault (faultcode local part + faultstring), or
// the same response element with the same parts (name, xsi:type, value). String values that are XML
// documents (import listings, LP data, user XML) are compared as parsed trees, which leaves out the
// XML declaration, the DOCTYPE (its system id holds the server's host) and comments.
import assert from 'node:assert/strict'
import { asArray, attrOf, createXmlParser, textOf } from '../../../src/lms/ilias/ilias-xml.ts'

const envelopeParser = createXmlParser(['item'])
const documentParser = createXmlParser([])

export type Canonical =
  | { fault: { code: string; string: string } }
  | { response: string; parts: { name: string; type: string | undefined; value: unknown }[] }

function documentOrText(text: string): unknown {
  if (!text.startsWith('<?xml')) return text
  const tree = documentParser.parse(text) as Record<string, unknown>
  delete tree['?xml']
  return { xml: tree }
}

export function canonical(body: string): Canonical {
  const doc = envelopeParser.parse(body) as Record<string, unknown>
  const soapBody = (doc['Envelope'] as Record<string, unknown>)['Body'] as Record<string, unknown>
  const fault = soapBody['Fault'] as Record<string, unknown> | undefined
  if (fault) return { fault: { code: textOf(fault['faultcode']).replace(/^[^:]*:/, ''), string: textOf(fault['faultstring']) } }
  const response = Object.keys(soapBody).find((k) => !k.startsWith('@_'))
  assert.ok(response, 'SOAP body has no response element')
  const node = soapBody[response]
  const parts = node && typeof node === 'object'
    ? Object.entries(node as Record<string, unknown>).filter(([k]) => !k.startsWith('@_') && k !== '#text').map(([name, part]) => {
      const type = attrOf(part, 'type')
      const value = type?.endsWith('Array') ? asArray((part as Record<string, unknown>)['item']).map(textOf) : documentOrText(textOf(part))
      return { name, type, value }
    })
    : []
  return { response, parts }
}

export interface Normalisation {
  /** Session ids are random: a value `{{SID}}::client` matches any `<id>::client`. */
  sid: boolean
  /** Parts whose value is installation-specific (real ILIAS only): compared by type and "is a positive int". */
  anyPositiveInt?: string[]
}

export function assertSameResponse(actual: string, expected: string, normalise: Normalisation): void {
  const got = canonical(actual)
  const want = canonical(expected)
  if ('response' in got && 'response' in want) {
    for (const part of want.parts) {
      const mine = got.parts.find((p) => p.name === part.name)
      if (!mine) continue
      if (normalise.sid && typeof part.value === 'string' && part.value.startsWith('{{SID}}::') && typeof mine.value === 'string') {
        assert.match(mine.value, /^[A-Za-z0-9,-]+::/, 'sid has the form <session id>::<client>')
        mine.value = mine.value.replace(/^[^:]+::/, '{{SID}}::')
      }
      if (normalise.anyPositiveInt?.includes(part.name) && typeof mine.value === 'string') {
        assert.match(mine.value, /^[1-9]\d*$/, `${part.name} is a positive int`)
        mine.value = part.value
      }
    }
  }
  assert.deepEqual(got, want)
}
