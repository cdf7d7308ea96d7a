// Output encodings of the REST server (webservice/rest/locallib.php): json_encode with PHP's default
// flags, and the XML format used when moodlewsrestformat is not "json".
import type { MoodleException } from './moodle-exceptions.ts'

/** json_encode() with default flags: "/" escaped as "\/", every non-ASCII UTF-16 unit as \uXXXX. */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u0080-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

/** htmlspecialchars($s, ENT_COMPAT, 'UTF-8'). */
export function htmlSpecialChars(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

const xmlHeader = '<?xml version="1.0" encoding="UTF-8" ?>\n'

export function exceptionToXml(ex: MoodleException, debug: boolean): string {
  let xml = xmlHeader + `<EXCEPTION class="${ex.exceptionClass}">\n`
  xml += `<ERRORCODE>${htmlSpecialChars(ex.errorcode ?? '')}</ERRORCODE>\n`
  xml += `<MESSAGE>${htmlSpecialChars(ex.message)}</MESSAGE>\n`
  if (debug && ex.debuginfo !== undefined) xml += `<DEBUGINFO>${htmlSpecialChars(ex.debuginfo)}</DEBUGINFO>\n`
  return xml + '</EXCEPTION>\n'
}

// xmlize_result() walks the return description; without descriptions the value's own shape decides:
// arrays are MULTIPLE, objects SINGLE, scalars VALUE (not recorded; best effort).
function xmlize(value: unknown): string {
  if (value === null || value === undefined) return '<VALUE null="null"/>\n'
  if (Array.isArray(value)) return '<MULTIPLE>\n' + value.map(xmlize).join('') + '</MULTIPLE>\n'
  if (typeof value === 'object') {
    let xml = '<SINGLE>\n'
    for (const [key, v] of Object.entries(value)) xml += `<KEY name="${key}">${xmlize(v)}</KEY>\n`
    return xml + '</SINGLE>\n'
  }
  const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  return `<VALUE>${htmlSpecialChars(text)}</VALUE>\n`
}

export function resultToXml(value: unknown): string {
  return xmlHeader + '<RESPONSE>\n' + (value === null ? '' : xmlize(value)) + '</RESPONSE>\n'
}
