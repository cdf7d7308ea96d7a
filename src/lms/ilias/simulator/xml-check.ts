// The well-formedness check importUsers runs before anything else (DOM parse; a failure is a
// Client fault "(line,col): message", lines joined by "\n"). Messages follow libxml2's wording.
//
// For a mismatched end tag libxml2 names the bad end tag ("… Login line 1 and Logn"), as the live ILIAS
// 5.2 recording shows; the synthesized exchange importUsers_malformed_xml named the enclosing element
// instead and is superseded by it. No client may depend on this text (the adapter classifies by fault
// code and operation).

interface Open {
  name: string
  line: number
}

const nameAt = /[A-Za-z_:][-A-Za-z0-9_:.]*/y

export function checkWellFormed(xml: string, nameBadEndTag = false): string | null {
  const lineStarts = [0]
  for (let i = 0; i < xml.length; i++) if (xml[i] === '\n') lineStarts.push(i + 1)
  const lineOf = (index: number) => {
    let line = 0
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= index) line++
    return line + 1
  }
  const fail = (index: number, message: string) => {
    const line = lineOf(index)
    return `(${line},${index - (lineStarts[line - 1] ?? 0) + 1}): ${message}`
  }
  const readName = (index: number): string | null => {
    nameAt.lastIndex = index
    const m = nameAt.exec(xml)
    return m ? m[0] : null
  }

  const stack: Open[] = []
  let sawRoot = false
  let i = 0
  while (i < xml.length) {
    const lt = xml.indexOf('<', i)
    const text = xml.slice(i, lt === -1 ? xml.length : lt)
    if (stack.length === 0 && text.trim() !== '') {
      return fail(i + text.search(/\S/), sawRoot ? 'Extra content at the end of the document' : "Start tag expected, '<' not found")
    }
    const amp = text.search(/&(?![A-Za-z_][-A-Za-z0-9_.]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/)
    if (amp !== -1) return fail(i + amp + 1, 'xmlParseEntityRef: no name')
    if (lt === -1) break
    if (xml.startsWith('<?', lt)) {
      const end = xml.indexOf('?>', lt)
      if (end === -1) return fail(xml.length, 'ParsePI: PI xml never end ...')
      i = end + 2
    } else if (xml.startsWith('<!--', lt)) {
      const end = xml.indexOf('-->', lt)
      if (end === -1) return fail(xml.length, 'Comment not terminated')
      i = end + 3
    } else if (xml.startsWith('<![CDATA[', lt)) {
      const end = xml.indexOf(']]>', lt)
      if (end === -1) return fail(xml.length, 'CData section not finished')
      i = end + 3
    } else if (xml.startsWith('<!', lt)) {
      const end = xml.indexOf('>', xml.includes('[', lt) && xml.indexOf('[', lt) < xml.indexOf('>', lt) ? xml.indexOf(']', lt) : lt)
      if (end === -1) return fail(xml.length, 'DOCTYPE improperly terminated')
      i = end + 1
    } else if (xml.startsWith('</', lt)) {
      const name = readName(lt + 2)
      const close = name ? xml.slice(lt + 2 + name.length).match(/^\s*>/) : null
      if (!name || !close) return fail(lt + 1, "expected '>'")
      const open = stack.pop()
      if (!open) return fail(lt + 1, 'Extra content at the end of the document')
      if (open.name !== name) {
        const named = nameBadEndTag ? name : stack[stack.length - 1]?.name ?? name
        return fail(lt + 1, `Opening and ending tag mismatch: ${open.name} line ${open.line} and ${named}`)
      }
      i = lt + 2 + name.length + close[0].length
    } else {
      if (stack.length === 0 && sawRoot) return fail(lt, 'Extra content at the end of the document')
      const name = readName(lt + 1)
      if (!name) return fail(lt + 1, 'StartTag: invalid element name')
      let j = lt + 1 + name.length
      const seen = new Set<string>()
      for (;;) {
        const ws = xml.slice(j).match(/^\s*/)?.[0].length ?? 0
        j += ws
        if (xml.startsWith('/>', j)) { j += 2; sawRoot = true; break }
        if (xml[j] === '>') { stack.push({ name, line: lineOf(lt) }); sawRoot = true; j += 1; break }
        const attr = readName(j)
        if (!attr || ws === 0) return fail(j, `Couldn't find end of Start Tag ${name} line ${lineOf(lt)}`)
        if (seen.has(attr)) return fail(j, `Attribute ${attr} redefined`)
        seen.add(attr)
        const value = xml.slice(j + attr.length).match(/^\s*=\s*("[^"<]*"|'[^'<]*')/)
        if (!value) return fail(j, `Specification mandates value for attribute ${attr}`)
        j += attr.length + value[0].length
      }
      i = j
    }
  }
  const open = stack[stack.length - 1]
  if (open) return fail(xml.length, `Premature end of data in tag ${open.name} line ${open.line}`)
  if (!sawRoot) return fail(xml.length, 'Document is empty')
  return null
}

/**
 * The fault text ILIAS 5.2 sends for a document DOMDocument cannot load (live recording
 * importUsers_malformed_xml): each libxml warning as " <message> in Entity, line: N<br />". libxml
 * names the bad end tag, and after a mismatch it also reports the rest as extra content.
 */
export function libxmlMessages(xml: string): string | null {
  const found = checkWellFormed(xml, true)
  if (!found) return null
  const m = /^\((\d+),\d+\): (.*)$/s.exec(found)
  const line = m?.[1] ?? '1'
  const message = m?.[2] ?? found
  const entry = (text: string) => ` ${text} in Entity, line: ${line}<br />`
  return entry(message) + (message.startsWith('Opening and ending tag mismatch') ? entry('Extra content at the end of the document') : '')
}
