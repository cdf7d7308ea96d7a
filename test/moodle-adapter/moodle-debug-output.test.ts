// Moodle with "Debug email sending" on prints the SMTP conversation (generated password included) in front of
// the JSON (round-3/core_user_create_users.debugsmtp-output-before-json). The answer behind it is read, the
// text is kept nowhere, and the call reports a notice instead of pausing the connection.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { MoodleAdapter } from '../../src/lms/moodle/moodle-adapter.ts'
import { jsonAfterDebugOutput } from '../../src/lms/moodle/moodle-rest-client.ts'
import type { CallRecord } from '../../src/lms/lms-adapter.ts'
import { recordedCase } from './recorded-cases.ts'
import { startReplay } from './replay-server.ts'
import { expectLmsError } from './expect-lms-error.ts'

const smtpCase = 'round-3/core_user_create_users.debugsmtp-output-before-json'

describe('Moodle answers with debug output in front of the JSON', () => {
  it('reads the recorded answer behind the SMTP transcript and reports MOODLE_DEBUG_OUTPUT, keeping none of the text', async () => {
    const server = await startReplay([{ case: smtpCase, answerOnly: true }])
    const calls: CallRecord[] = []
    const adapter = new MoodleAdapter({ baseUrl: server.baseUrl, token: server.token, observer: (c) => calls.push(c) })
    try {
      const created = await adapter.createAccounts([{
        loginName: 'rec2-dbg-smtp', password: 'Welkom#2025', firstName: 'Rec2', lastName: 'Smtp', email: 'rec2-dbg-smtp@example.com',
        externalKey: 'REC2-DBG-SMTP', fields: {},
      }])
      assert.deepEqual(created, [{ lmsUserId: '2286', loginName: 'rec2-dbg-smtp' }])
      assert.deepEqual(calls.map((c) => [c.function, c.outcome, c.notice]), [['core_user_create_users', 'ok', 'MOODLE_DEBUG_OUTPUT']])
      assert.doesNotMatch(JSON.stringify(calls), /password|SERVER|<pre>/)
    } finally {
      await server.close()
    }
  })

  it('finds the JSON after </pre> even when the transcript holds brackets', () => {
    const body = recordedCase(smtpCase).response.body
    assert.match(body, /\[1\] http/)
    assert.deepEqual(jsonAfterDebugOutput(body), [{ id: 2286, username: 'rec2-dbg-smtp' }])
    assert.equal(jsonAfterDebugOutput('<html>maintenance</html>'), undefined)
  })

  it('withholds unreadable debug output from the error details', async () => {
    // A transcript cut off before its JSON (output buffering off, headers already sent): unreadable, and its
    // start, which may hold a password, not in the error. The answer comes from a stand-in fetch.
    const adapter = new MoodleAdapter({
      baseUrl: 'http://127.0.0.1:9', token: 'x',
      fetch: async () => new Response('<pre>\nCLIENT -> SERVER: password: secret', { headers: { 'content-type': 'text/html' } }),
    })
    const error = await expectLmsError(adapter.findByExternalKeys(['X']))
    assert.equal(error.code, 'LMS_BAD_ANSWER')
    assert.doesNotMatch(JSON.stringify(error.details) + error.message, /secret/)
  })
})
