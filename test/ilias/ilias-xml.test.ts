// The user-import document, ILIAS's XML answers, and the simulator's well-formedness check.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { buildUserImportXml, parseImportResult, parseUserXml } from '../../src/lms/ilias/ilias-user-xml.ts'
import { formatIliasTimestamp, parseIliasTimestamp, parseLpChanges } from '../../src/lms/ilias/ilias-progress.ts'
import { LoginNameRules, isIliasLogin } from '../../src/lms/ilias/ilias-login-rules.ts'
import { checkWellFormed } from '../../src/lms/ilias/simulator/xml-check.ts'
import { createXmlParser } from '../../src/lms/ilias/ilias-xml.ts'

describe('ILIAS user-import XML', () => {
  const insert = buildUserImportXml([{
    id: 'tms_person_1002', language: 'de', action: 'Insert', login: 'tms.p1002', globalRole: { id: 4, title: 'User' },
    password: 'a<b&"c', firstname: 'Erika', lastname: 'Muster & Frau', email: 'erika@example.org',
    extras: { phoneMobile: '06', zipcode: '1234 AB', birthday: '1990-04-01' },
  }])

  it('writes the elements in the DTD order, with the global role and a PLAIN password', () => {
    const order = [...insert.matchAll(/<([A-Za-z]+)[ >/]/g)].map((m) => m[1])
    assert.deepEqual(order, ['Users', 'User', 'Login', 'Role', 'Password', 'Firstname', 'Lastname', 'Email', 'Birthday', 'PostalCode', 'PhoneMobile', 'Active', 'TimeLimitUnlimited', 'AuthMode'])
    assert.match(insert, /<User Id="tms_person_1002" Language="de" Action="Insert">/)
    assert.match(insert, /<Role Id="4" Type="Global" Action="Assign">User<\/Role>/)
  })

  it('escapes every value, so the document stays well-formed', () => {
    assert.equal(checkWellFormed(insert), null)
    const doc = createXmlParser().parse(insert) as { Users: { User: { Password: { '#text': string }; Lastname: string } } }
    assert.equal(doc.Users.User.Password['#text'], 'a<b&"c')
    assert.equal(doc.Users.User.Lastname, 'Muster & Frau')
  })

  it('refuses a control character instead of writing broken XML', () => {
    assert.throws(() => buildUserImportXml([{ id: 'x_1', language: 'de', action: 'Update', login: 'abc', firstname: 'a\u0000' }]), RangeError)
  })
})

describe('ILIAS XML answers', () => {
  it('reads the import mapping and the protocol rows', () => {
    const rows = parseImportResult('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE result PUBLIC "-//ILIAS//DTD XMLResultSet//EN" "http://h/xml/ilias_xml_resultset_3_7.dtd"><result><colspecs><colspec idx="0" name="userid"/><colspec idx="1" name="login"/><colspec idx="2" name="action"/><colspec idx="3" name="message"/></colspecs><rows><row><column>313</column><column>tms.p1002</column><column>Insert</column><column>successful</column></row><row><column>0</column><column>---</column><column></column><column>Element "Login" must be specified for "Insert" action.</column></row></rows></result>')
    assert.deepEqual(rows, [
      { userid: 313, login: 'tms.p1002', action: 'Insert', message: 'successful' },
      { userid: 0, login: '---', action: '', message: 'Element "Login" must be specified for "Insert" action.' },
    ])
    assert.deepEqual(parseImportResult('<result><colspecs><colspec idx="0" name="userid"/></colspecs><rows></rows></result>'), [])
  })

  it('reads getUserXML records', () => {
    const [user] = parseUserXml('<?xml version="1.0" encoding="utf-8"?><!DOCTYPE Users PUBLIC "-//ILIAS//DTD UserImport//EN" "x"><!--User of ilias system--><Users><User Id="il_4711_usr_312" Language="nl" Action="Update"><Login>tms.p1001</Login><Firstname>Max</Firstname><Lastname>Mustermann</Lastname><Active>false</Active></User></Users>')
    assert.equal(user?.id, 'il_4711_usr_312')
    assert.equal(user?.language, 'nl')
    assert.equal(user?.active, 'false')
    assert.deepEqual(parseUserXml('<Users></Users>'), [])
  })

  it('reads learning-progress changes in the server time zone', () => {
    const [change] = parseLpChanges('<?xml version="1.0" encoding="utf-8"?><LPData><LPChange UserId="313" ObjId="284" RefIds="85" Timestamp="2024-05-02 10:15:00" LPStatus="2"/></LPData>', 'Europe/Amsterdam')
    assert.deepEqual(change, { lmsUserId: '313', courseRefId: '85', status: 'passed', changedAt: new Date('2024-05-02T08:15:00Z') })
    assert.deepEqual(parseLpChanges('<LPData></LPData>', 'UTC'), [])
  })

  it('formats and parses ILIAS wall time across a daylight-saving change', () => {
    assert.equal(formatIliasTimestamp(new Date('2024-01-15T12:00:00Z'), 'Europe/Amsterdam'), '2024-01-15 13:00:00')
    assert.equal(formatIliasTimestamp(new Date('2024-07-15T12:00:00Z'), 'Europe/Amsterdam'), '2024-07-15 14:00:00')
    assert.deepEqual(parseIliasTimestamp('2024-07-15 14:00:00', 'Europe/Amsterdam'), new Date('2024-07-15T12:00:00Z'))
    assert.deepEqual(parseIliasTimestamp('2024-05-02 10:15:00', 'UTC'), new Date('2024-05-02T10:15:00Z'))
  })
})

describe('ILIAS login-name rules', () => {
  it('accepts ilUtil::isLogin names and keeps their case', () => {
    assert.equal(LoginNameRules.lowercase, false)
    assert.equal(LoginNameRules.minLength, 3)
    for (const ok of ['tms.p1002', 'E.Mustermann', 'a+b*c@d!e$f%g~h-i_j']) assert.ok(isIliasLogin(ok), ok)
    for (const bad of ['ab', 'e mustermann', 'müller', 'a/b', '']) assert.ok(!isIliasLogin(bad), bad)
    assert.ok(LoginNameRules.allowed.test('~') && !LoginNameRules.allowed.test(' '))
  })
})

describe('simulator well-formedness check', () => {
  it('reports position and libxml-style message', () => {
    assert.equal(checkWellFormed('<a><b>x</c></a>'), '(1,9): Opening and ending tag mismatch: b line 1 and a')
    assert.equal(checkWellFormed('<a></a> junk'), '(1,9): Extra content at the end of the document')
    assert.equal(checkWellFormed('<a>\n<b>'), '(2,4): Premature end of data in tag b line 2')
    assert.equal(checkWellFormed('<a>x & y</a>'), '(1,7): xmlParseEntityRef: no name')
    assert.equal(checkWellFormed('<?xml version="1.0"?><!DOCTYPE a><a x="1"><![CDATA[<&>]]><!-- c --><b/></a>'), null)
  })
})
