// The two XML tools every ILIAS file needs: a small escaping writer (envelopes, the user-import
// document, the simulator's answers) and one parser configuration. User data never reaches XML
// by string concatenation: text goes through escapeText, attribute values through escapeAttr.
import { XMLParser } from 'fast-xml-parser'

export interface XmlElement {
  name: string
  attrs?: Record<string, string | number>
  children?: XmlChild[]
  /** Written as `<x></x>` when empty, as ILIAS's writers do for some elements (`<rows></rows>`). */
  keepOpen?: boolean
}
export type XmlChild = XmlElement | string

/** Builds an element; `undefined` children are dropped so optional fields read naturally. */
export function el(name: string, attrs?: Record<string, string | number>, ...children: (XmlChild | undefined)[]): XmlElement {
  return { name, attrs, children: children.filter((c): c is XmlChild => c !== undefined) }
}

// XML 1.0 Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].
// A control character in a name would make ILIAS's DOM parser refuse the whole import.
const illegalXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

export function hasIllegalXmlChar(value: string): boolean {
  return illegalXmlChar.test(value)
}

function guard(value: string): string {
  if (hasIllegalXmlChar(value)) throw new RangeError('value holds a character XML 1.0 cannot carry')
  return value
}

/** Escapes character data. Only & < > — the same set PHP's ext/soap escapes, so answers match byte for byte. */
export function escapeText(value: string): string {
  return guard(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

export function escapeAttr(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;')
}

export function renderXml(node: XmlChild): string {
  if (typeof node === 'string') return escapeText(node)
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('')
  const children = node.children ?? []
  if (children.length === 0 && !node.keepOpen) return `<${node.name}${attrs}/>`
  return `<${node.name}${attrs}>${children.map(renderXml).join('')}</${node.name}>`
}

/** Like el, but never self-closing. */
export function elOpen(name: string, attrs?: Record<string, string | number>, ...children: (XmlChild | undefined)[]): XmlElement {
  return { ...el(name, attrs, ...children), keepOpen: true }
}

/** Parser used for envelopes and for the XML documents ILIAS returns inside strings. */
export function createXmlParser(arrays: readonly string[] = []): XMLParser {
  const arraySet = new Set(arrays)
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => arraySet.has(name),
  })
}

/** Text of a parsed node: fast-xml-parser gives a string, or an object with '#text' when attributes exist. */
export function textOf(node: unknown): string {
  if (node === undefined || node === null) return ''
  if (typeof node === 'string') return node
  if (typeof node === 'number' || typeof node === 'boolean') return String(node)
  if (typeof node === 'object' && '#text' in node) return textOf((node as Record<string, unknown>)['#text'])
  return ''
}

export function attrOf(node: unknown, name: string): string | undefined {
  if (node === null || typeof node !== 'object') return undefined
  const value = (node as Record<string, unknown>)[`@_${name}`]
  return value === undefined ? undefined : String(value)
}

export function asArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value : [value]
}
