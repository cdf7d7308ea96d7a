// The registration scenarios end to end against a real Moodle: the real app (API, queue, database) with a
// `moodle` connection to MOODLE_URL, everything it makes in Moodle looked at through the web service only
// (no simulator state), every person, account and e-mail address under the run's unique prefix.
// Used by moodle-real.test.ts (the site the environment names) and moodle-real-on-simulator.test.ts (the
// standalone simulator as that site, so this code path is itself tested).
//
// What the site needs: the web-service set-up of README "Moodle set-up" (the seven functions), a course with a
// manual enrolment instance (MOODLE_COURSE_ID, or the course with shortname CV-E101 found with MOODLE_PLUS_TOKEN),
// the profile fields freefield1/freefield2 (free fields) and, for looking at enrolments and for the cohort,
// MOODLE_PLUS_TOKEN (core_enrol_get_users_courses; the cohort with idnumber CV-COHORT-A found by
// core_cohort_search_cohorts). A scenario whose needs are missing is skipped with the reason.
import { spawnSync } from 'node:child_process'
import { after, before, describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { eventually, registrationReaches, startTestApp, testDb, type TestApp } from '../helpers/test-app.ts'
import { findCohortId, findCourseId, moodleCall, runPrefix, type RealMoodle } from '../helpers/real-moodle.ts'

interface MoodleUser {
  id: number
  username: string
  firstname?: string
  lastname?: string
  email?: string
  idnumber?: string
  suspended?: boolean
  customfields?: Array<{ shortname: string; value: string }>
}

/** Said when this build refuses the connection setting accountMatching (adopt an existing account by e-mail). */
export const adoptionReason = 'adopting an existing account by e-mail (connection setting accountMatching) is not in this build yet'

export function describeRealMoodleScenarios(title: string, siteOf: () => RealMoodle | null, missingReason: string): void {
  describe(`${title} (${testDb})`, () => {
    let t: TestApp | undefined
    let site: RealMoodle | null = null
    let courseId: number | undefined
    let cohortId: number | undefined
    let setupProblem: string | undefined
    const prefix = runPrefix()
    /** The same prefix for person ids (idnumbers in Moodle): upper case, as a training system's keys often are. */
    const key = (s: string) => `${prefix.toUpperCase()}${s}`
    const mail = (s: string) => `${prefix}${s}@example.com`
    const registrations: string[] = []

    before(async () => {
      site = siteOf()
      if (!site) return
      courseId = site.courseId ?? (await findCourseId(site, 'CV-E101'))
      if (courseId === undefined) {
        setupProblem = 'no course: set MOODLE_COURSE_ID, or MOODLE_PLUS_TOKEN on a site with a course of shortname CV-E101'
        return
      }
      cohortId = await findCohortId(site, 'CV-COHORT-A')
      // A real site answers slower than the simulator: a generous LMS timeout. Workers start after the first
      // scenario (cancel before the grant).
      t = await startTestApp({ runWorkers: false, lmsTimeoutMs: 30_000 })
      const c = await t.api('POST', '/api/v1/connections', {
        name: 'real-moodle', type: 'moodle', baseUrl: site.url, credentials: { token: site.plusToken ?? site.token },
        mapping: { customFields: { freeField1: 'freefield1', freeField2: 'freefield2' } },
      })
      assert.equal(c.status, 201, JSON.stringify(c.body))
      const defs: Array<[string, Record<string, string>]> = [['E101', { type: 'moodle-course', by: 'id', value: String(courseId) }]]
      if (cohortId !== undefined) defs.push(['COHORT-A', { type: 'moodle-cohort', by: 'id', value: String(cohortId) }])
      for (const [code, target] of defs) {
        const d = await t.api('POST', '/api/v1/course-definitions', { code, name: code, connectionId: c.body.id, target })
        assert.equal(d.status, 201, JSON.stringify(d.body))
      }
      const names = await t.api('POST', '/api/v1/connections', {
        name: 'real-moodle-names', type: 'moodle', baseUrl: site.url, credentials: { token: site.plusToken ?? site.token },
        mapping: { loginNameStrategy: 'firstname-prefix-lastname', externalKey: 'personId' },
      })
      assert.equal(names.status, 201, JSON.stringify(names.body))
      const n = await t.api('POST', '/api/v1/course-definitions', {
        code: 'NAMES', name: 'names', connectionId: names.body.id, target: { type: 'moodle-course', by: 'id', value: String(courseId) },
      })
      assert.equal(n.status, 201, JSON.stringify(n.body))
    })

    after(async () => {
      // Take the run's accounts out of the course again (cancel); the accounts stay (README: how to remove them).
      if (t) {
        for (const id of registrations) {
          const r = await t.api('GET', `/api/v1/registrations/${id}`)
          if (r.body?.observed?.status === 'active') await t.api('POST', `/api/v1/registrations/${id}/cancel`)
        }
        for (const id of registrations) await registrationReaches(t, id, 'cancelled', 30_000).catch(() => undefined)
      }
      await t?.stop()
    })

    /** The scenario's app and site, or a skip with the reason. */
    const ready = (ctx: TestContext, needs: { plus?: boolean; cohort?: boolean } = {}): { t: TestApp; site: RealMoodle; courseId: number } | null => {
      const reason = !site ? missingReason : setupProblem
        ?? (needs.plus && !site.plusToken ? 'needs MOODLE_PLUS_TOKEN to see enrolments (core_enrol_get_users_courses)' : undefined)
        ?? (needs.cohort && cohortId === undefined ? 'needs MOODLE_PLUS_TOKEN and a system cohort with idnumber CV-COHORT-A' : undefined)
      if (reason || !t || !site || courseId === undefined) {
        ctx.skip(reason ?? 'set-up failed')
        return null
      }
      return { t, site, courseId }
    }
    const person = (id: string, extra: Record<string, unknown> = {}) => ({
      personId: key(id), firstName: 'Jan', lastName: 'Jansen', email1: mail(id.toLowerCase()), ...extra,
    })
    const register = async (app: TestApp, p: Record<string, unknown>, courseCode = 'E101') => {
      const res = await app.api('POST', '/api/v1/registrations', { person: p, courseCode })
      assert.ok(res.status === 202 || res.status === 200, JSON.stringify(res.body))
      registrations.push(res.body.id)
      return res.body.id as string
    }
    const settled = (app: TestApp, id: string, status = 'active') => registrationReaches(app, id, status, 60_000)
    const usersBy = (s: RealMoodle, field: 'id' | 'idnumber' | 'username', value: string | number) =>
      moodleCall<MoodleUser[]>(s, s.token, 'core_user_get_users_by_field', [['field', field], ['values[0]', value]])
    const coursesOf = async (s: RealMoodle, userId: number) =>
      (await moodleCall<Array<{ id: number }>>(s, s.plusToken!, 'core_enrol_get_users_courses', [['userid', userId]])).map((c) => c.id)
    const field = (u: MoodleUser | undefined, shortname: string) => u?.customfields?.find((f) => f.shortname === shortname)?.value
    /** A cohort member is told apart by adding it again: Moodle answers warning 3 "already exists" for a member. */
    const isCohortMember = async (s: RealMoodle, cohort: number, userId: number): Promise<boolean> => {
      const answer = await moodleCall<{ warnings: Array<{ warningcode: string }> }>(s, s.token, 'core_cohort_add_cohort_members', [
        ['members[0][cohorttype][type]', 'id'], ['members[0][cohorttype][value]', cohort], ['members[0][usertype][type]', 'id'], ['members[0][usertype][value]', userId],
      ])
      if (answer.warnings.some((w) => w.warningcode === '3')) return true
      // It was not a member and now is: undo the probe.
      await moodleCall(s, s.token, 'core_cohort_delete_cohort_members', [['members[0][cohortid]', cohort], ['members[0][userid]', userId]])
      return false
    }

    it('cancel before the grant: nothing is created in Moodle', async (ctx) => {
      const r = ready(ctx)
      if (!r) return
      let id: string
      try {
        id = await register(r.t, person('C0'))
        await r.t.api('POST', `/api/v1/registrations/${id}/cancel`)
      } finally {
        await r.t.app.startWorkers()
      }
      const done = await settled(r.t, id, 'cancelled')
      assert.equal(done.observed.lmsUserId, null)
      assert.deepEqual(await usersBy(r.site, 'idnumber', key('C0')), [])
    })

    it('new person: one account with login name, idnumber and name prefix, enrolled', async (ctx) => {
      const r = ready(ctx, { plus: true })
      if (!r) return
      const done = await settled(r.t, await register(r.t, person('N1', { namePrefix: 'van der', lastName: 'Berg' })))
      const accounts = await usersBy(r.site, 'idnumber', key('N1'))
      assert.equal(accounts.length, 1, 'one account')
      assert.equal(String(accounts[0]!.id), done.observed.lmsUserId)
      assert.equal(accounts[0]!.username, mail('n1'))
      assert.equal(accounts[0]!.lastname, 'van der Berg')
      assert.ok((await coursesOf(r.site, accounts[0]!.id)).includes(r.courseId), 'enrolled in the course')
    })

    it('known person: the account Moodle has by idnumber is reused, its login name kept, no second one', async (ctx) => {
      const r = ready(ctx, { plus: true })
      if (!r) return
      const [existing] = await moodleCall<Array<{ id: number }>>(r.site, r.site.token, 'core_user_create_users', [
        ['users[0][username]', `${prefix}known`], ['users[0][password]', 'Welkom#2025'], ['users[0][firstname]', 'Anna'],
        ['users[0][lastname]', 'Oud'], ['users[0][email]', mail('k2')], ['users[0][idnumber]', key('K2')],
      ])
      const done = await settled(r.t, await register(r.t, person('K2', { firstName: 'Anna', lastName: 'Nieuw' })))
      assert.equal(done.observed.lmsUserId, String(existing!.id))
      const accounts = await usersBy(r.site, 'idnumber', key('K2'))
      assert.equal(accounts.length, 1, 'no second account')
      assert.equal(accounts[0]!.username, `${prefix}known`)
      assert.equal(accounts[0]!.lastname, 'Nieuw', 'the changed name is sent')
      assert.ok((await coursesOf(r.site, existing!.id)).includes(r.courseId))
    })

    it('collision: a login name another account holds gets the next free number', async (ctx) => {
      const r = ready(ctx)
      if (!r) return
      await moodleCall(r.site, r.site.token, 'core_user_create_users', [
        ['users[0][username]', mail('shared')], ['users[0][password]', 'Welkom#2025'], ['users[0][firstname]', 'Other'],
        ['users[0][lastname]', 'Person'], ['users[0][email]', mail('other')], ['users[0][idnumber]', key('ELSE')],
      ])
      const done = await settled(r.t, await register(r.t, person('S3', { email1: mail('shared') })))
      assert.equal(done.observed.loginName, `${prefix}shared2@example.com`)
      const [account] = await usersBy(r.site, 'id', Number(done.observed.lmsUserId))
      assert.equal(account?.username, `${prefix}shared2@example.com`)
    })

    it('diacritics: transliterated in the login name, kept in the name', async (ctx) => {
      const r = ready(ctx)
      if (!r) return
      const tag = prefix.slice(4, -1)
      const done = await settled(r.t, await register(r.t, person('D4', { firstName: 'José', namePrefix: 'van der', lastName: `Ñúñez-Ørsted-${tag}` }), 'NAMES'))
      assert.equal(done.observed.loginName, `josevandernunez-orsted-${tag}`)
      const [account] = await usersBy(r.site, 'id', Number(done.observed.lmsUserId))
      assert.equal(account?.username, `josevandernunez-orsted-${tag}`)
      assert.equal(account?.firstname, 'José')
      assert.equal(account?.lastname, `van der Ñúñez-Ørsted-${tag}`)
    })

    it('free fields: written at creation and changed later', async (ctx) => {
      const r = ready(ctx)
      if (!r) return
      const p = person('F5', { freeField1: 'Team Noord', freeField2: 'Relatie 42' })
      const done = await settled(r.t, await register(r.t, p))
      const userId = Number(done.observed.lmsUserId)
      const [created] = await usersBy(r.site, 'id', userId)
      assert.equal(field(created, 'freefield1'), 'Team Noord')
      assert.equal(field(created, 'freefield2'), 'Relatie 42')
      assert.equal((await r.t.api('PUT', `/api/v1/persons/${key('F5')}`, { ...p, freeField2: 'Relatie 43' })).status, 200)
      await eventually(async () => field((await usersBy(r.site, 'id', userId))[0], 'freefield2') === 'Relatie 43', 60_000, 'free field changed in Moodle')
    })

    it('cancel: unenrolled, the account kept and not suspended', async (ctx) => {
      const r = ready(ctx, { plus: true })
      if (!r) return
      const id = await register(r.t, person('X6'))
      const userId = Number((await settled(r.t, id)).observed.lmsUserId)
      assert.ok((await coursesOf(r.site, userId)).includes(r.courseId))
      await r.t.api('POST', `/api/v1/registrations/${id}/cancel`)
      const cancelled = await settled(r.t, id, 'cancelled')
      assert.ok(cancelled.observed.accessRevokedAt)
      assert.ok(!(await coursesOf(r.site, userId)).includes(r.courseId), 'unenrolled')
      const [account] = await usersBy(r.site, 'id', userId)
      assert.ok(account, 'the account is still there')
      assert.equal(account.suspended, false)
    })

    it('cohort: added, and removed on cancel', async (ctx) => {
      const r = ready(ctx, { cohort: true })
      if (!r) return
      const id = await register(r.t, person('H7'), 'COHORT-A')
      const userId = Number((await settled(r.t, id)).observed.lmsUserId)
      assert.equal(await isCohortMember(r.site, cohortId!, userId), true, 'member')
      await r.t.api('POST', `/api/v1/registrations/${id}/cancel`)
      await settled(r.t, id, 'cancelled')
      assert.equal(await isCohortMember(r.site, cohortId!, userId), false, 'no longer a member')
    })

    it('e-mail taken by an account without idnumber: adopted under the e-mail policy', async (ctx) => {
      const r = ready(ctx, { plus: true })
      if (!r) return
      // The policy is a connection setting; a build without it refuses the setting.
      const c = await r.t.api('POST', '/api/v1/connections', {
        name: 'real-moodle-adopt', type: 'moodle', baseUrl: r.site.url, credentials: { token: r.site.plusToken ?? r.site.token },
        settings: { accountMatching: 'adopt' },
      })
      if (c.status === 400) return ctx.skip(adoptionReason)
      assert.equal(c.status, 201, JSON.stringify(c.body))
      const d = await r.t.api('POST', '/api/v1/course-definitions', {
        code: 'ADOPT', name: 'adopt', connectionId: c.body.id, target: { type: 'moodle-course', by: 'id', value: String(r.courseId) },
      })
      assert.equal(d.status, 201, JSON.stringify(d.body))
      // An account from before coursebridge: the address in lower case, no idnumber.
      const [existing] = await moodleCall<Array<{ id: number }>>(r.site, r.site.token, 'core_user_create_users', [
        ['users[0][username]', `${prefix}adoptee`], ['users[0][password]', 'Welkom#2025'], ['users[0][firstname]', 'Kees'],
        ['users[0][lastname]', 'Kist'], ['users[0][email]', mail('adopt')],
      ])
      // The person writes it in capitals.
      const p = person('A8', { firstName: 'Kees', lastName: 'Kist', email1: mail('adopt').toUpperCase() })
      const done = await settled(r.t, await register(r.t, p, 'ADOPT'))
      assert.equal(done.observed.lmsUserId, String(existing!.id), 'the existing account')
      assert.equal(done.observed.loginName, `${prefix}adoptee`, 'its login name kept')
      const accounts = await usersBy(r.site, 'idnumber', key('A8'))
      assert.deepEqual(accounts.map((a) => a.id), [existing!.id], 'the key written into it, no second account')
      assert.ok((await coursesOf(r.site, existing!.id)).includes(r.courseId), 'enrolled')
    })

    it('completion: a course completed in Moodle comes back as a result by polling', async (ctx) => {
      const r = ready(ctx, { plus: true })
      if (!r) return
      if (!r.site.completeCommand) {
        return ctx.skip('no web-service function completes a course for another account (only the learner, a manager or the completion cron): set MOODLE_COMPLETE_COMMAND (README, "A real Moodle")')
      }
      const reg = await settled(r.t, await register(r.t, person('R9')))
      const userId = Number(reg.observed.lmsUserId)
      const run = spawnSync('sh', ['-c', `${r.site.completeCommand} ${userId} ${r.courseId}`], { encoding: 'utf8', timeout: 120_000 })
      assert.equal(run.status, 0, `MOODLE_COMPLETE_COMMAND failed: ${run.stderr}`)
      const connections = (await r.t.api('GET', '/api/v1/connections')).body.items as Array<{ id: string; name: string }>
      const connectionId = connections.find((c) => c.name === 'real-moodle')!.id
      assert.equal((await r.t.api('POST', `/api/v1/connections/${connectionId}/poll-results`)).status, 202)
      const results = await eventually(async () => {
        const got = (await r.t.api('GET', `/api/v1/registrations/${reg.id}`)).body.results as Array<{ attended: boolean; source: string }>
        return got.length > 0 ? got : null
      }, 60_000, 'polled result')
      assert.equal(results[0]!.attended, true)
      assert.equal(results[0]!.source, 'moodle-poll')
    })
  })
}
