// Just enough MIME reading to assert on what arrived over SMTP (no mail parser is installed):
// headers with RFC 2047 encoded words, multipart bodies, quoted-printable and base64.

export interface MimePart {
  headers: Map<string, string>
  /** Media type in lower case, e.g. 'text/plain'. */
  type: string
  /** Decoded body (transfer encoding undone, bytes read as UTF-8). */
  body: string
  parts: MimePart[]
}

export function parseMime(raw: string): MimePart {
  const split = raw.indexOf('\r\n\r\n')
  const head = split === -1 ? raw : raw.slice(0, split)
  const content = split === -1 ? '' : raw.slice(split + 4)
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':')
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  const contentType = headers.get('content-type') ?? 'text/plain'
  const type = contentType.split(';')[0]!.trim().toLowerCase()
  if (type.startsWith('multipart/')) {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1]
    if (!boundary) throw new Error(`multipart without boundary: ${contentType}`)
    const sections = content.split(`--${boundary}`)
    const parts = sections
      .slice(1)
      .filter((section) => !section.startsWith('--'))
      .map((section) => parseMime(section.replace(/^\r\n/, '').replace(/\r\n$/, '')))
    return { headers, type, body: '', parts }
  }
  return { headers, type, body: decodeBody(content, headers.get('content-transfer-encoding') ?? '7bit'), parts: [] }
}

function decodeBody(content: string, encoding: string): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
    case 'quoted-printable':
      return decodeQuotedPrintable(content)
    default:
      return content
  }
}

export function decodeQuotedPrintable(content: string): string {
  const bytes: number[] = []
  const text = content.replace(/=\r?\n/g, '')
  for (let i = 0; i < text.length; i++) {
    const hex = text.slice(i + 1, i + 3)
    if (text[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else {
      bytes.push(...Buffer.from(text[i]!, 'utf8'))
    }
  }
  return Buffer.from(bytes).toString('utf8')
}

/** A header value with RFC 2047 encoded words (=?UTF-8?Q?…?= / =?UTF-8?B?…?=) decoded. */
export function decodeHeader(value: string): string {
  return value
    .replace(/(=\?[^?]+\?[QqBb]\?[^?]*\?=)\s+(?==\?)/g, '$1') // space between encoded words is not text
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_match, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
    )
}

/** The first part of `type`, searching nested multiparts. */
export function findPart(part: MimePart, type: string): MimePart | undefined {
  if (part.type === type) return part
  for (const child of part.parts) {
    const found = findPart(child, type)
    if (found) return found
  }
  return undefined
}
