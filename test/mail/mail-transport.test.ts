import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { generatePassword } from '../../src/domain/password.ts'
import { newAccountTemplate } from '../../src/mail/default-templates.ts'
import { MailSendError } from '../../src/mail/mail-errors.ts'
import { createMailTransport, createOutboxTransport, type SmtpConfig } from '../../src/mail/mail-transport.ts'
import { sampleMailContext } from '../../src/mail/template-model.ts'
import { createTemplateRenderer } from '../../src/mail/template-renderer.ts'
import { decodeHeader, findPart, parseMime } from './raw-mime.ts'
import { closedPort, startSilentServer, startTestSmtpServer, type TestSmtpServer } from './smtp-test-server.ts'

function smtpConfig(port: number, extra: Partial<SmtpConfig> = {}): SmtpConfig {
  return {
    host: '127.0.0.1',
    port,
    secure: false,
    requireTLS: false,
    from: 'Example Training Institute <noreply@example.org>',
    connectionTimeoutMs: 2_000,
    ...extra,
  }
}

async function sendError(promise: Promise<unknown>): Promise<MailSendError> {
  try {
    await promise
  } catch (err) {
    assert.ok(err instanceof MailSendError, `expected MailSendError, got ${String(err)}`)
    return err
  }
  assert.fail('expected the send to fail')
}

const simpleMail = { subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' }

describe('SMTP transport against a real SMTP server', () => {
  let server: TestSmtpServer
  before(async () => {
    server = await startTestSmtpServer({
      rejectRecipient: (address, attempt) => {
        if (address === 'greylisted@example.org' && attempt === 1) return { code: 451, message: '4.7.1 Greylisted, try again later' }
        if (address === 'unknown@example.org') return { code: 550, message: '5.1.1 Mailbox unavailable' }
        if (address === 'bad-domain@example.invalid') return { code: 553, message: '5.1.3 Address not allowed' }
        return null
      },
    })
  })
  after(() => server.close())

  it('delivers a rendered new-account mail with text and HTML parts, login name, URL and password', async () => {
    const context = sampleMailContext()
    context.person.fullName = 'Anna van der Berg'
    context.login.password = generatePassword()
    const rendered = createTemplateRenderer().renderTemplate(newAccountTemplate, context)
    const transport = createMailTransport(smtpConfig(server.port, { replyTo: 'support@example.org' }))

    const result = await transport.send({ to: { name: context.person.fullName, address: context.person.email }, ...rendered })

    assert.deepEqual(result.accepted, ['anna.vanderberg@example.org'])
    assert.match(result.response, /^250 /)
    const mail = server.received.find((m) => m.raw.includes(result.messageId))
    assert.ok(mail, 'the server received the mail')
    assert.deepEqual(mail.to, ['anna.vanderberg@example.org'])
    assert.equal(mail.from, 'noreply@example.org')

    const message = parseMime(mail.raw)
    assert.equal(message.type, 'multipart/alternative')
    assert.equal(decodeHeader(message.headers.get('subject')!), 'Your Moodle login for Project Management Foundations')
    assert.match(decodeHeader(message.headers.get('to')!), /Anna van der Berg.*<anna\.vanderberg@example\.org>/)
    assert.equal(message.headers.get('reply-to'), 'support@example.org')
    assert.equal(message.headers.get('message-id'), result.messageId)

    const text = findPart(message, 'text/plain')
    const html = findPart(message, 'text/html')
    assert.ok(text && html, 'both a text/plain and a text/html part')
    for (const body of [text.body, html.body]) {
      assert.ok(body.includes('anna.vanderberg'), 'login name')
      assert.ok(body.includes(context.login.password), 'password')
      assert.ok(body.includes('https://learn.example.org/login/index.php'), 'login URL')
    }
    assert.match(html.body, /<a href="https:\/\/learn\.example\.org\/login\/index\.php"[^>]*>Log in to Moodle<\/a>/)
    assert.match(text.body, /change your password after your first login/)
    transport.close()
  })

  it('classifies 451 as retryable, and the retry goes through', async () => {
    const transport = createMailTransport(smtpConfig(server.port))
    const error = await sendError(transport.send({ to: 'greylisted@example.org', ...simpleMail }))
    assert.equal(error.code, 'MAIL_SMTP_TEMPORARY')
    assert.equal(error.retryable, true)
    assert.equal(error.details.responseCode, 451)
    assert.equal(error.details.command, 'RCPT TO')

    const result = await transport.send({ to: 'greylisted@example.org', ...simpleMail })
    assert.deepEqual(result.accepted, ['greylisted@example.org'])
  })

  it('classifies 550 mailbox unavailable as permanent', async () => {
    const error = await sendError(createMailTransport(smtpConfig(server.port)).send({ to: 'unknown@example.org', ...simpleMail }))
    assert.equal(error.code, 'MAIL_SMTP_REJECTED')
    assert.equal(error.retryable, false)
    assert.equal(error.kind, 'permanent')
    assert.equal(error.details.responseCode, 550)
    assert.match(error.message, /Mailbox unavailable/)
  })

  it('classifies 553 bad address as permanent', async () => {
    const error = await sendError(createMailTransport(smtpConfig(server.port)).send({ to: 'bad-domain@example.invalid', ...simpleMail }))
    assert.equal(error.code, 'MAIL_SMTP_REJECTED')
    assert.equal(error.retryable, false)
  })

  it('never puts the password or the body into the error', async () => {
    const password = generatePassword()
    const error = await sendError(
      createMailTransport(smtpConfig(server.port)).send({ to: 'unknown@example.org', subject: 'Login', html: `<p>${password}</p>`, text: password }),
    )
    assert.ok(!JSON.stringify({ message: error.message, details: error.details, stack: error.stack }).includes(password))
  })

  it('strips CR/LF from a subject handed straight to the transport, so no header can be injected', async () => {
    const transport = createMailTransport(smtpConfig(server.port))
    const result = await transport.send({ to: 'anna@example.org', ...simpleMail, subject: 'Welcome\r\nBcc: attacker@example.com' })
    const mail = server.received.find((m) => m.raw.includes(result.messageId))!
    const message = parseMime(mail.raw)
    assert.equal(message.headers.has('bcc'), false)
    assert.deepEqual(mail.to, ['anna@example.org'])
    assert.equal(decodeHeader(message.headers.get('subject')!), 'Welcome Bcc: attacker@example.com')
  })

  it('passes extra headers and a stable Message-ID, and refuses headers that could add recipients', async () => {
    const transport = createMailTransport(smtpConfig(server.port))
    const messageId = '<registration-42.new-account@coursebridge.example.org>'
    const result = await transport.send({ to: 'anna@example.org', ...simpleMail, messageId, headers: { 'X-Coursebridge-Registration': '42' } })
    assert.equal(result.messageId, messageId)
    const message = parseMime(server.received.find((m) => m.raw.includes(messageId))!.raw)
    assert.equal(message.headers.get('x-coursebridge-registration'), '42')

    await assert.rejects(transport.send({ to: 'anna@example.org', ...simpleMail, headers: { Bcc: 'attacker@example.com' } }), RangeError)
    await assert.rejects(transport.send({ to: 'anna@example.org', ...simpleMail, headers: { 'X-Note': 'a\r\nBcc: b@example.com' } }), RangeError)
  })
})

describe('SMTP transport when the server cannot be used', () => {
  it('reports a server that is down as MAIL_SMTP_UNREACHABLE, retryable', async () => {
    const error = await sendError(createMailTransport(smtpConfig(await closedPort())).send({ to: 'anna@example.org', ...simpleMail }))
    assert.equal(error.code, 'MAIL_SMTP_UNREACHABLE')
    assert.equal(error.retryable, true)
    assert.equal(error.details.socketCode, 'ECONNREFUSED')
  })

  it('reports a server that never greets as MAIL_SMTP_UNREACHABLE after the timeout', async () => {
    const silent = await startSilentServer()
    try {
      const transport = createMailTransport(smtpConfig(silent.port, { connectionTimeoutMs: 300 }))
      const error = await sendError(transport.send({ to: 'anna@example.org', ...simpleMail }))
      assert.equal(error.code, 'MAIL_SMTP_UNREACHABLE')
      assert.equal(error.retryable, true)
      assert.equal(error.details.transportCode, 'ETIMEDOUT')
    } finally {
      await silent.close()
    }
  })

  it('reports wrong SMTP credentials as MAIL_SMTP_AUTH_FAILED, for an administrator to fix', async () => {
    const server = await startTestSmtpServer({ credentials: { user: 'mailer', pass: 'right' } })
    try {
      const wrong = createMailTransport(smtpConfig(server.port, { auth: { user: 'mailer', pass: 'wrong-secret' } }))
      const error = await sendError(wrong.send({ to: 'anna@example.org', ...simpleMail }))
      assert.equal(error.code, 'MAIL_SMTP_AUTH_FAILED')
      assert.equal(error.kind, 'needs-admin')
      assert.equal(error.retryable, false)
      assert.ok(!JSON.stringify({ m: error.message, d: error.details }).includes('wrong-secret'))
      await assert.rejects(wrong.verify(), (err: unknown) => err instanceof MailSendError && err.code === 'MAIL_SMTP_AUTH_FAILED')

      const right = createMailTransport(smtpConfig(server.port, { auth: { user: 'mailer', pass: 'right' } }))
      await right.verify()
      await right.send({ to: 'anna@example.org', ...simpleMail })
      assert.equal(server.received.length, 1)
    } finally {
      await server.close()
    }
  })

  it('refuses STARTTLS-less servers by default, because the mail carries a password', async () => {
    const server = await startTestSmtpServer()
    try {
      const { requireTLS: _ignored, ...config } = smtpConfig(server.port)
      const error = await sendError(createMailTransport(config).send({ to: 'anna@example.org', ...simpleMail }))
      assert.equal(error.code, 'MAIL_SMTP_UNREACHABLE')
      assert.equal(server.received.length, 0)
    } finally {
      await server.close()
    }
  })

  it('refuses an invalid configuration at creation, naming the field', () => {
    assert.throws(() => createMailTransport({ ...smtpConfig(25), port: 0 }), /port/)
    assert.throws(() => createMailTransport({ ...smtpConfig(25), from: 'nobody' }), /from/)
  })
})

describe('outbox transport', () => {
  it('accepts the mail without sending and returns a synthetic Message-ID', async () => {
    const transport = createOutboxTransport({ from: 'Institute <noreply@example.org>' })
    assert.equal(transport.kind, 'outbox')
    const result = await transport.send({ to: { name: 'Anna', address: 'anna@example.org' }, ...simpleMail })
    assert.match(result.messageId, /^<[0-9a-f-]{36}@example\.org>$/)
    assert.deepEqual(result.accepted, ['anna@example.org'])
    await transport.verify()
  })
})
