import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { moodleWebhookBodySchema, parseMoodleWebhookBody } from '../../src/webhooks/moodle-result-payload.ts'

const ID = 'moodle-f1db273097f3f000-1-1735000000'
const completed = {
  type: 'course.completed',
  id: ID,
  moodle: { site: 'https://moodle.example.org', plugin: 2025112300 },
  user: { id: 4, idnumber: 'CV-1001' },
  course: { id: 2, shortname: 'CV-E101', idnumber: 'CV-E101' },
  timecompleted: 1735000000,
  grade: { type: 'value', final: 8.5, min: 0, max: 10, pass: 5.5, percentage: 85 },
}

describe('moodle result payload', () => {
  it('accepts a graded completion and a completion without grade or idnumbers', () => {
    assert.equal(moodleWebhookBodySchema.safeParse(completed).success, true)
    const bare = { ...completed, user: { id: 6, idnumber: null }, course: { id: 3, shortname: 'X', idnumber: null }, grade: null }
    assert.equal(moodleWebhookBodySchema.safeParse(bare).success, true)
  })

  it('accepts the test event', () => {
    const test = { type: 'webhook.test', id: 'moodle-f1db273097f3f000-test-1735010000-0f3c9a', moodle: completed.moodle, timecreated: 1735010000 }
    assert.equal(moodleWebhookBodySchema.safeParse(test).success, true)
  })

  it('refuses unknown fields, unknown types, string ids and an empty idnumber', () => {
    assert.equal(moodleWebhookBodySchema.safeParse({ ...completed, extra: 1 }).success, false)
    assert.equal(moodleWebhookBodySchema.safeParse({ ...completed, type: 'course_completed' }).success, false)
    assert.equal(moodleWebhookBodySchema.safeParse({ ...completed, user: { id: '4', idnumber: 'CV-1001' } }).success, false)
    assert.equal(moodleWebhookBodySchema.safeParse({ ...completed, user: { id: 4, idnumber: '' } }).success, false)
  })

  it('parses a verified body only when it names the same event as the webhook-id header', () => {
    const raw = JSON.stringify(completed)
    const ok = parseMoodleWebhookBody(raw, ID)
    assert.equal(ok.ok, true)
    const mismatch = parseMoodleWebhookBody(raw, 'moodle-f1db273097f3f000-2-1735000000')
    assert.equal(mismatch.ok ? 'ok' : mismatch.code, 'WEBHOOK_ID_MISMATCH')
    const bad = parseMoodleWebhookBody('{not json', ID)
    assert.equal(bad.ok ? 'ok' : bad.code, 'WEBHOOK_BODY_INVALID')
  })
})
