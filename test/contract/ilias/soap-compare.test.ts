// The comparison must be able to fail: a replay that passes because nothing is compared proves nothing.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assertSameResponse } from './soap-compare.ts'

const ok = (part: string, type: string, value: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns1="urn:ilUserAdministration" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><SOAP-ENV:Body><ns1:opResponse><${part} xsi:type="${type}">${value}</${part}></ns1:opResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>`
const fault = (code: string, text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>${code}</faultcode><faultstring>${text}</faultstring></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>`

describe('semantic SOAP comparison', () => {
  it('tells a different return value apart', () => {
    assert.throws(() => assertSameResponse(ok('usr_id', 'xsd:int', '313'), ok('usr_id', 'xsd:int', '312'), { sid: true }))
  })
  it('tells a different xsi:type apart', () => {
    assert.throws(() => assertSameResponse(ok('usr_id', 'xsd:string', '312'), ok('usr_id', 'xsd:int', '312'), { sid: true }))
  })
  it('tells a different fault string apart, and ignores the faultcode prefix', () => {
    assert.throws(() => assertSameResponse(fault('SOAP-ENV:Client', 'Session invalid'), fault('SOAP-ENV:Client', 'Session expired'), { sid: true }))
    assertSameResponse(fault('Client', 'Session invalid'), fault('SOAP-ENV:Client', 'Session invalid'), { sid: true })
  })
  it('compares embedded XML as a tree, without its DOCTYPE', () => {
    const listing = (host: string, id: string) => `&lt;?xml version="1.0" encoding="utf-8"?&gt;&lt;!DOCTYPE result PUBLIC "-//ILIAS//DTD XMLResultSet//EN" "http://${host}/x.dtd"&gt;&lt;result&gt;&lt;rows&gt;&lt;row&gt;&lt;column&gt;${id}&lt;/column&gt;&lt;/row&gt;&lt;/rows&gt;&lt;/result&gt;`
    assertSameResponse(ok('protocol', 'xsd:string', listing('a:1', '313')), ok('protocol', 'xsd:string', listing('b:2', '313')), { sid: true })
    assert.throws(() => assertSameResponse(ok('protocol', 'xsd:string', listing('a', '314')), ok('protocol', 'xsd:string', listing('a', '313')), { sid: true }))
  })
  it('accepts any session id in place of {{SID}}, but keeps the client', () => {
    assertSameResponse(ok('sid', 'xsd:string', 'abc123::myclient'), ok('sid', 'xsd:string', '{{SID}}::myclient'), { sid: true })
    assert.throws(() => assertSameResponse(ok('sid', 'xsd:string', 'abc123::other'), ok('sid', 'xsd:string', '{{SID}}::myclient'), { sid: true }))
  })
})
