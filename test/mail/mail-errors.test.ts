import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { classifySmtpError, mailErrorCatalogue, mailErrorCodes, MailSendError } from '../../src/mail/mail-errors.ts'

// Shapes as nodemailer throws them (code, responseCode, command, response, originalCode).
function smtpReply(responseCode: number, command: string, code = 'EENVELOPE') {
  return Object.assign(new Error(`Can't send mail - ${responseCode}`), { code, responseCode, command, response: `${responseCode} reply` })
}

function classify(error: unknown): MailSendError {
  const result = classifySmtpError(error)
  assert.ok(result instanceof MailSendError)
  return result
}

describe('classifySmtpError', () => {
  for (const responseCode of [421, 450, 451, 452, 503]) {
    it(`treats ${responseCode} as temporary and retryable`, () => {
      const error = classify(smtpReply(responseCode, 'RCPT TO'))
      assert.equal(error.code, 'MAIL_SMTP_TEMPORARY')
      assert.equal(error.retryable, true)
    })
  }

  for (const responseCode of [550, 551, 552, 553, 554]) {
    it(`treats ${responseCode} at RCPT TO as a permanent refusal of this mail`, () => {
      const error = classify(smtpReply(responseCode, 'RCPT TO'))
      assert.equal(error.code, 'MAIL_SMTP_REJECTED')
      assert.equal(error.kind, 'permanent')
      assert.equal(error.retryable, false)
    })
  }

  it('treats a refused sender as a set-up problem for an administrator', () => {
    const error = classify(smtpReply(550, 'MAIL FROM'))
    assert.equal(error.code, 'MAIL_SMTP_REJECTED')
    assert.equal(error.kind, 'needs-admin')
  })

  it('treats 535 and EAUTH as a failed login', () => {
    assert.equal(classify(smtpReply(535, 'AUTH PLAIN', 'EAUTH')).code, 'MAIL_SMTP_AUTH_FAILED')
    assert.equal(classify(Object.assign(new Error('Missing credentials'), { code: 'EAUTH', command: 'API' })).code, 'MAIL_SMTP_AUTH_FAILED')
  })

  it('keeps a temporary auth failure (454) retryable', () => {
    assert.equal(classify(smtpReply(454, 'AUTH PLAIN', 'EAUTH')).code, 'MAIL_SMTP_TEMPORARY')
  })

  for (const [code, originalCode] of [['ESOCKET', 'ECONNREFUSED'], ['ETIMEDOUT', undefined], ['ECONNECTION', undefined], ['EDNS', 'ENOTFOUND'], ['ETLS', undefined]] as const) {
    it(`treats ${code}${originalCode ? `/${originalCode}` : ''} as an unreachable server, retryable`, () => {
      const error = classify(Object.assign(new Error('connect failed'), { code, ...(originalCode ? { originalCode } : {}) }))
      assert.equal(error.code, 'MAIL_SMTP_UNREACHABLE')
      assert.equal(error.retryable, true)
    })
  }

  it('treats a STARTTLS refusal as a connection problem, not a refused mail', () => {
    assert.equal(classify(smtpReply(500, 'STARTTLS', 'ETLS')).code, 'MAIL_SMTP_UNREACHABLE')
  })

  it('treats an envelope nodemailer refused itself (no valid recipient) as permanent', () => {
    const error = classify(Object.assign(new Error('No recipients defined'), { code: 'EENVELOPE' }))
    assert.equal(error.code, 'MAIL_SMTP_REJECTED')
    assert.equal(error.retryable, false)
  })

  it('keeps the server reply, command and code as details, and the original as cause', () => {
    const original = smtpReply(550, 'RCPT TO')
    const error = classify(original)
    assert.deepEqual(error.details, { responseCode: 550, command: 'RCPT TO', response: '550 reply', transportCode: 'EENVELOPE' })
    assert.equal(error.cause, original)
  })

  it('does not disguise our own bugs as mail failures', () => {
    assert.equal(classifySmtpError(new TypeError('x is undefined')), null)
    assert.equal(classifySmtpError('boom'), null)
  })

  it('has a title, cause and fix for every code', () => {
    for (const code of mailErrorCodes) {
      const entry = mailErrorCatalogue[code]
      assert.ok(entry.title && entry.cause && entry.fix, code)
    }
  })
})
