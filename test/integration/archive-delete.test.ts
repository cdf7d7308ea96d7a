// Archive, restore and delete through the API: a course definition or connection in use is archived (new registrations
// refused with a code of their own, what exists kept), one never used is deleted; a customised template is reset to the
// built-in one. And a course definition whose target the LMS does not know is refused when it is saved.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { getConnection } from '../../src/store/connections.ts'
import { createMoodleSimulator } from '../../src/lms/moodle/simulator/index.ts'

describe(`archive, restore, delete (${testDb})`, () => {
  let t: TestApp
  let sim: ReturnType<typeof createMoodleSimulator>
  let moodleId: string
  /** A Moodle whose token's service has the lookup functions (core_course_get_courses_by_field, core_cohort_get_cohorts). */
  let plusId: string
  let iliasId: string
  let courseRef: number
  let categoryRef: number

  const person = (personId: string) => ({ personId, firstName: 'Archie', lastName: `Ves ${personId}`, email1: `${personId.toLowerCase()}@example.org` })
  const course = (code: string, connectionId: string, target: unknown) =>
    t.api('POST', '/api/v1/course-definitions', { code, name: `Course ${code}`, connectionId, target })

  before(async () => {
    sim = createMoodleSimulator({ world: 'recorded-site' })
    const simUrl = await sim.start(0)
    t = await startTestApp()
    const p = await t.api('POST', '/api/v1/connections', { name: 'Moodle plus', type: 'moodle', baseUrl: simUrl, credentials: { token: sim.plusToken } })
    assert.equal(p.status, 201, JSON.stringify(p.body))
    plusId = p.body.id
    const m = await t.api('POST', '/api/v1/connections', { name: 'Moodle sandbox', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
    assert.equal(m.status, 201, JSON.stringify(m.body))
    moodleId = m.body.id
    const i = await t.api('POST', '/api/v1/connections', { name: 'ILIAS sandbox', type: 'sandbox', settings: { sandboxLms: 'ilias' } })
    assert.equal(i.status, 201, JSON.stringify(i.body))
    iliasId = i.body.id
    const ilias = (await t.app.ctx.adapters.sandbox((await getConnection(t.app.ctx.db, t.app.ctx.box, 'default', iliasId))!)).ilias!
    courseRef = ilias.addCourse({ title: 'Archiving 101' })
    categoryRef = ilias.addCategory({ title: 'A category' })
  })
  after(async () => {
    await t?.stop()
    await sim?.stop()
  })

  describe('a course definition is saved only with a target its LMS knows', () => {
    it('resolves a Moodle short name and an ILIAS ref id when saving, and stores what the LMS named', async () => {
      const m = await course('T-SHORT', plusId, { type: 'moodle-course', by: 'shortname', value: 'CV-E102' })
      assert.equal(m.status, 201, JSON.stringify(m.body))
      assert.deepEqual(m.body.resolvedTarget, { type: 'course', id: '3', label: 'CV-E102' })
      // A cohort by idnumber needs moodle/cohort:view, which the minimal web-service role lacks: refused, with the fix.
      const refused = await course('T-COHORT', plusId, { type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-B' })
      assert.equal(refused.status, 422, JSON.stringify(refused.body))
      assert.equal(refused.body.error.details[0].code, 'MOODLE_CAPABILITY_MISSING')
      assert.match(refused.body.error.message, /moodle\/cohort:view.*or enter the numeric cohort id/)
      sim.addCapability('moodle/cohort:view')
      const cohort = await course('T-COHORT', plusId, { type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-B' })
      assert.equal(cohort.status, 201, JSON.stringify(cohort.body))
      assert.equal(cohort.body.resolvedTarget.id, '2')
      const i = await course('T-ILIAS', iliasId, { type: 'ilias-course', refId: String(courseRef) })
      assert.equal(i.status, 201, JSON.stringify(i.body))
      assert.equal(i.body.resolvedTarget.label, 'Archiving 101')
    })

    it('refuses a target the LMS does not know, names the LMS code, and stores nothing', async () => {
      const cases = [
        [plusId, { type: 'moodle-course', by: 'shortname', value: 'NO-SUCH-COURSE' }, 'MOODLE_COURSE_NOT_FOUND'],
        [plusId, { type: 'moodle-cohort', by: 'idnumber', value: 'NO-SUCH-COHORT' }, 'MOODLE_COHORT_NOT_FOUND'],
        // The sandbox's service has only the required functions: a short name cannot be looked up there (the reconcile
        // would stop at the same answer), so it is refused with what to do.
        [moodleId, { type: 'moodle-course', by: 'shortname', value: 'CV-E101' }, 'MOODLE_FUNCTION_NOT_IN_SERVICE'],
        [iliasId, { type: 'ilias-course', refId: '987654' }, 'ILIAS_OBJECT_NOT_FOUND'],
        [iliasId, { type: 'ilias-course', refId: String(categoryRef) }, 'ILIAS_WRONG_OBJECT_TYPE'],
        [iliasId, { type: 'moodle-course', by: 'id', value: '2' }, 'LMS_TARGET_UNSUPPORTED'],
      ] as const
      for (const [n, [connectionId, target, lmsCode]] of cases.entries()) {
        const r = await course(`T-BAD-${n}`, connectionId, target)
        assert.equal(r.status, 422, JSON.stringify(r.body))
        assert.equal(r.body.error.code, 'COURSE_TARGET_UNRESOLVED')
        assert.equal(r.body.error.details[0].path, 'target')
        assert.equal(r.body.error.details[0].code, lmsCode)
      }
      const codes = (await t.api('GET', '/api/v1/course-definitions?archived=include')).body.items.map((d: { code: string }) => d.code)
      assert.ok(!codes.some((c: string) => c.startsWith('T-BAD')), codes.join())
    })

    it('refuses a change to an unknown target and keeps the definition as it was', async () => {
      const d = await course('T-PATCH', plusId, { type: 'moodle-course', by: 'shortname', value: 'CV-E101' })
      assert.equal(d.status, 201, JSON.stringify(d.body))
      const r = await t.api('PATCH', `/api/v1/course-definitions/${d.body.id}`, { target: { type: 'moodle-course', by: 'shortname', value: 'GONE' } })
      assert.equal(r.status, 422, JSON.stringify(r.body))
      assert.equal(r.body.error.code, 'COURSE_TARGET_UNRESOLVED')
      const now = (await t.api('GET', `/api/v1/course-definitions/${d.body.id}`)).body
      assert.deepEqual(now.target, { type: 'moodle-course', by: 'shortname', value: 'CV-E101' })
      assert.equal(now.resolvedTarget.id, '2')
    })

    it('saves a definition not verified when the LMS cannot be reached (resolvedTarget null)', async () => {
      const c = await t.api('POST', '/api/v1/connections', {
        name: 'Moodle down', type: 'moodle', baseUrl: 'http://127.0.0.1:9', credentials: { token: 'x'.repeat(32) },
      })
      assert.equal(c.status, 201, JSON.stringify(c.body))
      const d = await course('T-DOWN', c.body.id, { type: 'moodle-course', by: 'shortname', value: 'CV-E101' })
      assert.equal(d.status, 201, JSON.stringify(d.body))
      assert.equal(d.body.resolvedTarget, null)
    })
  })

  describe('course definitions', () => {
    it('refuses to delete one with registrations; archived, it refuses new registrations and keeps the existing; restored, it takes them again', async () => {
      const d = await course('ARCH-1', moodleId, { type: 'moodle-course', by: 'id', value: '2' })
      assert.equal(d.status, 201, JSON.stringify(d.body))
      const reg = await t.api('POST', '/api/v1/registrations', { externalId: 'ARCH-R1', person: person('A1'), courseCode: 'ARCH-1' })
      assert.equal(reg.status, 202, JSON.stringify(reg.body))

      const del = await t.api('DELETE', `/api/v1/course-definitions/${d.body.id}`)
      assert.equal(del.status, 409, JSON.stringify(del.body))
      assert.equal(del.body.error.code, 'COURSE_DEFINITION_IN_USE')

      const archived = await t.api('POST', `/api/v1/course-definitions/${d.body.id}/archive`)
      assert.equal(archived.status, 200, JSON.stringify(archived.body))
      assert.ok(archived.body.archivedAt)
      const listed = (await t.api('GET', '/api/v1/course-definitions')).body.items.map((i: { code: string }) => i.code)
      assert.ok(!listed.includes('ARCH-1'))
      const only = (await t.api('GET', '/api/v1/course-definitions?archived=only')).body.items.map((i: { code: string }) => i.code)
      assert.deepEqual(only, ['ARCH-1'])

      const refused = await t.api('POST', '/api/v1/registrations', { person: person('A2'), courseCode: 'ARCH-1' })
      assert.equal(refused.status, 409, JSON.stringify(refused.body))
      assert.equal(refused.body.error.code, 'COURSE_DEFINITION_ARCHIVED')
      const batch = await t.api('POST', '/api/v1/registrations/batch', { registrations: [{ person: person('A3'), courseCode: 'ARCH-1' }] })
      assert.equal(batch.body.results[0].status, 409, JSON.stringify(batch.body))
      assert.equal(batch.body.results[0].error.code, 'COURSE_DEFINITION_ARCHIVED')
      // The same registration sent again while active is answered as before; it is still there and can be cancelled.
      const again = await t.api('POST', '/api/v1/registrations', { externalId: 'ARCH-R1', person: person('A1'), courseCode: 'ARCH-1' })
      assert.ok([200, 202].includes(again.status), JSON.stringify(again.body))
      assert.equal(again.body.id, reg.body.id)
      const cancel = await t.api('POST', `/api/v1/registrations/${reg.body.id}/cancel`)
      assert.equal(cancel.status, 202, JSON.stringify(cancel.body))
      assert.equal((await t.api('GET', `/api/v1/registrations/${reg.body.id}`)).body.desired, 'cancelled')

      const restored = await t.api('POST', `/api/v1/course-definitions/${d.body.id}/restore`)
      assert.equal(restored.status, 200)
      assert.equal(restored.body.archivedAt, null)
      const accepted = await t.api('POST', '/api/v1/registrations', { person: person('A2'), courseCode: 'ARCH-1' })
      assert.equal(accepted.status, 202, JSON.stringify(accepted.body))
    })

    it('deletes one never used', async () => {
      const d = await course('UNUSED-1', moodleId, { type: 'moodle-course', by: 'id', value: '3' })
      const del = await t.api('DELETE', `/api/v1/course-definitions/${d.body.id}`)
      assert.equal(del.status, 200, JSON.stringify(del.body))
      assert.deepEqual(del.body, { deleted: true, id: d.body.id })
      assert.equal((await t.api('GET', `/api/v1/course-definitions/${d.body.id}`)).status, 404)
      assert.equal((await t.api('DELETE', `/api/v1/course-definitions/${d.body.id}`)).status, 404)
      const unknown = await t.api('POST', '/api/v1/registrations', { person: person('A4'), courseCode: 'UNUSED-1' })
      assert.equal(unknown.body.error.code, 'COURSE_DEFINITION_NOT_FOUND')
    })
  })

  describe('connections', () => {
    it('refuses to delete one in use; archived, its courses take no registrations and no course goes on it; restored, they do', async () => {
      const c = await t.api('POST', '/api/v1/connections', { name: 'To archive', type: 'sandbox', settings: { sandboxLms: 'moodle' } })
      const d = await course('CONN-1', c.body.id, { type: 'moodle-course', by: 'id', value: '2' })
      assert.equal(d.status, 201, JSON.stringify(d.body))
      const del = await t.api('DELETE', `/api/v1/connections/${c.body.id}`)
      assert.equal(del.status, 409, JSON.stringify(del.body))
      assert.equal(del.body.error.code, 'CONNECTION_IN_USE')

      const archived = await t.api('POST', `/api/v1/connections/${c.body.id}/archive`)
      assert.equal(archived.status, 200, JSON.stringify(archived.body))
      assert.ok(archived.body.archivedAt)
      assert.ok(!(await t.api('GET', '/api/v1/connections')).body.items.some((i: { id: string }) => i.id === c.body.id))
      assert.ok((await t.api('GET', '/api/v1/connections?archived=include')).body.items.some((i: { id: string }) => i.id === c.body.id))
      const refused = await t.api('POST', '/api/v1/registrations', { person: person('C1'), courseCode: 'CONN-1' })
      assert.equal(refused.status, 409, JSON.stringify(refused.body))
      assert.equal(refused.body.error.code, 'CONNECTION_ARCHIVED')
      const onIt = await course('CONN-2', c.body.id, { type: 'moodle-course', by: 'id', value: '3' })
      assert.equal(onIt.status, 422, JSON.stringify(onIt.body))
      assert.equal(onIt.body.error.code, 'CONNECTION_ARCHIVED')

      assert.equal((await t.api('POST', `/api/v1/connections/${c.body.id}/restore`)).body.archivedAt, null)
      assert.equal((await t.api('POST', '/api/v1/registrations', { person: person('C1'), courseCode: 'CONN-1' })).status, 202)
    })

    it('deletes one never used, with its credentials', async () => {
      const c = await t.api('POST', '/api/v1/connections', {
        name: 'Never used', type: 'moodle', baseUrl: 'https://moodle.example.org', credentials: { token: 't'.repeat(32) },
      })
      const del = await t.api('DELETE', `/api/v1/connections/${c.body.id}`)
      assert.equal(del.status, 200, JSON.stringify(del.body))
      assert.equal((await t.api('GET', `/api/v1/connections/${c.body.id}`)).status, 404)
      const { rows } = await t.app.ctx.db.query('SELECT id FROM connections WHERE id = $1', [c.body.id])
      assert.equal(rows.length, 0)
    })
  })

  describe('document templates', () => {
    it('resets a customised template to the built-in one (and again changes nothing)', async () => {
      const builtIn = (await t.api('GET', '/api/v1/templates/course-access')).body
      const { key: _, ...body } = builtIn
      const saved = await t.api('PUT', '/api/v1/templates/course-access', { ...body, subject: 'Our own subject' })
      assert.equal(saved.status, 200, JSON.stringify(saved.body))
      assert.equal((await t.api('GET', '/api/v1/templates/course-access')).body.subject, 'Our own subject')
      const reset = await t.api('DELETE', '/api/v1/templates/course-access')
      assert.deepEqual(reset.body, { key: 'course-access', removed: true, now: 'built-in' })
      assert.equal((await t.api('GET', '/api/v1/templates/course-access')).body.subject, builtIn.subject)
      assert.deepEqual((await t.api('DELETE', '/api/v1/templates/course-access')).body, { key: 'course-access', removed: false, now: 'built-in' })
    })

    it('deletes a template of the tenant\'s own only when no action template sends it', async () => {
      const builtIn = (await t.api('GET', '/api/v1/templates/course-access')).body
      const { key: _, ...body } = builtIn
      assert.equal((await t.api('PUT', '/api/v1/templates/our-welcome', { ...body, name: 'Our welcome' })).status, 200)
      assert.equal((await t.api('PUT', '/api/v1/settings', { actionTemplates: { register: { courseAccessTemplate: 'our-welcome' } } })).status, 200)
      const refused = await t.api('DELETE', '/api/v1/templates/our-welcome')
      assert.equal(refused.status, 409, JSON.stringify(refused.body))
      assert.equal(refused.body.error.code, 'TEMPLATE_IN_USE')
      assert.equal(refused.body.error.details[0].path, 'actionTemplates.register.courseAccessTemplate')
      assert.equal((await t.api('PUT', '/api/v1/settings', { actionTemplates: {} })).status, 200)
      assert.deepEqual((await t.api('DELETE', '/api/v1/templates/our-welcome')).body, { key: 'our-welcome', removed: true, now: 'none' })
      assert.equal((await t.api('GET', '/api/v1/templates/our-welcome')).status, 404)
      assert.equal((await t.api('DELETE', '/api/v1/templates/our-welcome')).status, 404)
    })
  })
})
