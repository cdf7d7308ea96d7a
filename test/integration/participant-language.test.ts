// Mails in the participant's language: the built-in templates in English, Dutch and German, chosen by the
// person's `language` (else the tenant's default language), with Liquid dates in that language and the
// tenant's time zone; over a real SMTP server (smtp-server, in-process) and a sandbox LMS.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestSmtpServer, type TestSmtpServer } from '../mail/smtp-test-server.ts'
import { findPart, parseMime, decodeHeader } from '../mail/raw-mime.ts'
import { eventually, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'

function readMail(raw: string) {
  const mime = parseMime(raw)
  return {
    subject: decodeHeader(mime.headers.get('subject') ?? ''),
    text: findPart(mime, 'text/plain')?.body ?? '',
    html: findPart(mime, 'text/html')?.body ?? '',
  }
}

describe(`participant language (${testDb})`, () => {
  let t: TestApp
  let smtp: TestSmtpServer

  before(async () => {
    smtp = await startTestSmtpServer()
    t = await startTestApp({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, requireTLS: false, from: 'Academie <noreply@academie.example>' } })
    const c = await t.api('POST', '/api/v1/connections', { name: 'sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    assert.equal(c.status, 201, JSON.stringify(c.body))
    const d = await t.api('POST', '/api/v1/course-definitions', {
      code: 'VCA', name: 'VCA Basis', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: '2' },
      enrolStart: '2027-03-01', enrolEnd: '2027-05-31',
    })
    assert.equal(d.status, 201, JSON.stringify(d.body))
    const settings = (await t.api('GET', '/api/v1/settings')).body
    const put = await t.api('PUT', '/api/v1/settings', { ...settings, regional: { defaultLanguage: 'de', timeZone: 'Europe/Amsterdam' } })
    assert.equal(put.status, 200, JSON.stringify(put.body))
    assert.deepEqual(put.body.regional, { defaultLanguage: 'de', timeZone: 'Europe/Amsterdam' })
  })
  after(async () => {
    await t?.stop()
    await smtp?.close()
  })

  const mailTo = (address: string) => eventually(async () => smtp.received.find((m) => m.to.includes(address)), 20_000, `the mail to ${address}`)
  const register = async (person: object) => {
    const res = await t.api('POST', '/api/v1/registrations', { person, courseCode: 'VCA' })
    assert.equal(res.status, 202, JSON.stringify(res.body))
  }

  it('sends a Dutch participant the Dutch credentials mail with a Dutch date', async () => {
    await register({ personId: 'NL1', firstName: 'Sanne', lastName: 'Jansen', email1: 'sanne@example.nl', language: 'NL' })
    const m = readMail((await mailTo('sanne@example.nl')).raw)
    assert.equal(m.subject, 'Uw inloggegevens voor Moodle: VCA Basis')
    assert.match(m.text, /^Beste Sanne,/)
    assert.match(m.text, /\(van 1 maart 2027 tot en met 31 mei 2027\)/)
    assert.match(m.text, /Gebruikersnaam: \S+/)
    assert.match(m.text, /Wachtwoord: \S+/)
    assert.match(m.html, /<html lang="nl">/)
    assert.match(m.html, /Met vriendelijke groet/)
    assert.doesNotMatch(m.text, /\b(March|Hello|Password)\b/)
    const person = await t.api('GET', '/api/v1/persons/NL1')
    assert.equal(person.body.language ?? person.body.person?.language, 'nl', JSON.stringify(person.body))
  })

  it('gives a participant without a language the tenant\'s default language (German here)', async () => {
    await register({ personId: 'DE1', firstName: 'Jonas', lastName: 'Weber', email1: 'jonas@example.de' })
    const m = readMail((await mailTo('jonas@example.de')).raw)
    assert.equal(m.subject, 'Ihre Zugangsdaten für Moodle: VCA Basis')
    assert.match(m.text, /^Hallo Jonas,/)
    assert.match(m.text, /\(vom 1\. März 2027 bis 31\. Mai 2027\)/)
    assert.match(m.text, /Passwort: \S+/)
  })

  it('refuses a language it does not speak and an unknown time zone', async () => {
    const res = await t.api('POST', '/api/v1/registrations', { person: { personId: 'FR1', lastName: 'Martin', language: 'fr' }, courseCode: 'VCA' })
    assert.equal(res.status, 400)
    const settings = (await t.api('GET', '/api/v1/settings')).body
    const put = await t.api('PUT', '/api/v1/settings', { ...settings, regional: { defaultLanguage: 'nl', timeZone: 'Europe/Atlantis' } })
    assert.equal(put.status, 400)
  })
})
