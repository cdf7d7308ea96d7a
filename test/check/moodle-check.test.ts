// The Moodle connection check against the simulator set up wrong in each way seed 002 can be wrong,
// one test per way, and right: then nothing fails and nothing in Moodle changed.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createMoodleSimulator, type MoodleSimulator, type MoodleVersion } from '../../src/lms/moodle/simulator/index.ts'
import { checkMoodle, type MoodleCheckInput } from '../../src/check/moodle-check.ts'
import { checkPassed, type CheckItem } from '../../src/check/check-item.ts'
import { seedCapabilities, seedFunctions } from '../../src/check/moodle-probes.ts'

interface World {
  sim: MoodleSimulator
  url: string
  input: MoodleCheckInput
}

/** A correctly set-up site with one account coursebridge linked (CV-1001, freefield1 filled in). */
async function seedSite(version: MoodleVersion = '4.5'): Promise<World> {
  const sim = createMoodleSimulator({ world: 'recorded-site', version })
  const url = await sim.start(0)
  const id = sim.addUser({
    username: 'jan.jansen', password: 'Welkom#2025', firstname: 'Jan', lastname: 'Jansen', email: 'jan@example.com',
    idnumber: 'CV-1001', customfields: { freefield1: 'Team A' },
  })
  const input: MoodleCheckInput = {
    baseUrl: url, token: sim.token, environment: 'training', timeoutMs: 3_000,
    knownAccounts: [{ lmsUserId: String(id), externalKey: 'CV-1001', fields: { freefield1: 'Team A' } }],
    targets: [
      { code: 'E101', target: { type: 'moodle-course', by: 'id', value: '2' }, resolved: null, role: null },
      { code: 'COHORT-A', target: { type: 'moodle-cohort', by: 'idnumber', value: 'CV-COHORT-A' }, resolved: null, role: null },
    ],
    profileFields: ['freefield1'],
  }
  return { sim, url, input }
}

const item = (items: CheckItem[], id: string): CheckItem => {
  const found = items.find((i) => i.id === id)
  assert.ok(found, `no item ${id} in ${items.map((i) => i.id).join(', ')}`)
  return found
}

function assertOnlyFailures(items: CheckItem[], ids: string[]) {
  const failed = items.filter((i) => i.status === 'fail').map((i) => i.id)
  assert.deepEqual(failed.sort(), [...ids].sort(), JSON.stringify(items.filter((i) => i.status === 'fail'), null, 1))
}

/** Everything the check must not touch: users (with profile fields), enrolments, cohort members, events. */
function snapshot(sim: MoodleSimulator): string {
  const users = sim.users().map((u) => ({ ...u, customfields: [...u.customfields], preferences: [...u.preferences] }))
  const enrolments = [...sim.state.enrolments.values()]
  const cohorts = [...sim.state.cohorts.values()].map((c) => ({ id: c.id, members: [...c.members] }))
  return JSON.stringify({ users, enrolments, cohorts, events: sim.events, tokens: [...sim.state.tokens.keys()] })
}

describe('Moodle connection check', () => {
  let w: World
  const worlds: World[] = []
  const fresh = async () => {
    const world = await seedSite()
    worlds.push(world)
    return world
  }
  before(async () => {
    w = await fresh()
  })
  after(async () => {
    for (const world of worlds) await world.sim.stop()
  })

  it('is all green against a correctly set-up site', async () => {
    const items = await checkMoodle(w.input)
    assertOnlyFailures(items, [])
    assert.ok(checkPassed(items))
    for (const fn of seedFunctions) assert.equal(item(items, `function:${fn}`).status, 'pass')
    const unknown = items.filter((i) => i.status === 'unknown').map((i) => i.id).sort()
    // What no web-service call can show (each says why), and the optional functions seed 002's service lacks.
    assert.deepEqual(unknown, [
      'capability:moodle/course:useremail', 'capability:moodle/user:viewhiddendetails',
      'optional:core_completion_get_course_completion_status', 'optional:core_webservice_get_site_info', 'results-plugin',
    ].sort())
    assert.equal(item(items, 'optional:core_webservice_get_site_info').required, false)
    assert.match(item(items, 'optional:core_webservice_get_site_info').detail, /optional/)
  })

  it('passes the optional functions when the token is for the service with the optional functions', async () => {
    const items = await checkMoodle({ ...w.input, token: w.sim.plusToken })
    assert.equal(item(items, 'optional:core_webservice_get_site_info').status, 'pass')
    assert.equal(item(items, 'optional:core_completion_get_course_completion_status').status, 'pass')
    assertOnlyFailures(items, [])
  })

  it('changes nothing in Moodle: users, enrolments, cohort members and events are the same afterwards', async () => {
    const world = await fresh()
    world.sim.enrol(Number(world.input.knownAccounts![0]!.lmsUserId), 2)
    world.sim.addCohortMember(1, Number(world.input.knownAccounts![0]!.lmsUserId))
    const before = snapshot(world.sim)
    await checkMoodle(world.input)
    await checkMoodle({ ...world.input, token: world.sim.plusToken })
    world.sim.removeCapability('moodle/role:assign')
    world.sim.removeCapability('moodle/user:viewdetails')
    await checkMoodle(world.input)
    assert.equal(snapshot(world.sim), before)
  })

  it('reports web services off, and tells it from REST off', async () => {
    const world = await fresh()
    world.sim.setSetting('enablewebservices', false)
    const items = await checkMoodle(world.input)
    assertOnlyFailures(items, ['webservices'])
    assert.equal(item(items, 'webservices').fix?.adminUrl, `${world.url}/admin/settings.php?section=webservicesoverview`)
    assert.equal(item(items, 'rest-protocol').status, 'unknown')
    assert.equal(item(items, 'token').status, 'unknown')
    assert.ok(!checkPassed(items))
  })

  it('reports the REST protocol off', async () => {
    const world = await fresh()
    world.sim.setSetting('webserviceprotocols', '')
    const items = await checkMoodle(world.input)
    assertOnlyFailures(items, ['rest-protocol'])
    assert.equal(item(items, 'webservices').status, 'pass')
    assert.equal(item(items, 'rest-protocol').fix?.adminUrl, `${world.url}/admin/settings.php?section=webserviceprotocols`)
  })

  it('reports an invalid token', async () => {
    const items = await checkMoodle({ ...w.input, token: '0123456789abcdef0123456789abcdef' })
    assertOnlyFailures(items, ['token'])
    assert.equal(item(items, 'token').fix?.adminUrl, `${w.url}/admin/webservice/tokens.php`)
    assert.equal(item(items, 'function:core_user_create_users').status, 'unknown')
  })

  for (const fn of seedFunctions) {
    it(`reports ${fn} missing from the service`, async () => {
      const world = await fresh()
      world.sim.removeFunctionFromService('coursebridge', fn)
      const items = await checkMoodle(world.input)
      assert.equal(item(items, `function:${fn}`).status, 'fail')
      assert.match(item(items, `function:${fn}`).fix!.text, new RegExp(fn))
      for (const other of seedFunctions.filter((f) => f !== fn)) assert.equal(item(items, `function:${other}`).status, 'pass')
      // Capabilities only that function could reveal are not probed, never failed.
      assertOnlyFailures(items, [`function:${fn}`])
      assert.ok(!checkPassed(items))
    })
  }

  // What each capability's removal looks like to the check (contracts/moodle README, capability map).
  const expected: Record<string, { status: 'fail' | 'unknown'; detail: RegExp; alsoFailing?: string[] }> = {
    'enrol/manual:enrol': { status: 'fail', detail: /nopermissions \(Enrol users\)/ },
    'enrol/manual:unenrol': { status: 'fail', detail: /nopermissions \(Unenrol users from the course\)/ },
    'moodle/cohort:assign': { status: 'fail', detail: /nopermissions \(Add and remove cohort members\)/ },
    'moodle/user:create': { status: 'fail', detail: /nopermissions \(Create users\)/ },
    'moodle/user:viewdetails': { status: 'fail', detail: /none of the accounts coursebridge linked/ },
    'moodle/user:viewalldetails': { status: 'fail', detail: /without its username/ },
    'moodle/user:viewhiddendetails': { status: 'unknown', detail: /cannot be probed: removing it changes nothing/ },
    'moodle/site:viewuseridentity': { status: 'fail', detail: /without its e-mail address/ },
    'moodle/course:useremail': { status: 'unknown', detail: /cannot be probed/ },
    'moodle/user:update': { status: 'fail', detail: /nopermissions \(Update user profiles\)/ },
    'moodle/course:view': { status: 'fail', detail: /requireloginerror/ },
    'moodle/role:assign': { status: 'fail', detail: /wsusercannotassign/ },
    'webservice/rest:use': { status: 'unknown', detail: /not checked: Moodle refuses every function/, alsoFailing: ['service-access'] },
  }
  for (const [cap] of seedCapabilities) {
    it(`reports ${cap} removed from the web-service role`, async () => {
      const world = await fresh()
      world.sim.removeCapability(cap)
      const items = await checkMoodle(world.input)
      const want = expected[cap]!
      const got = item(items, `capability:${cap}`)
      assert.equal(got.status, want.status, got.detail)
      assert.match(got.detail, want.detail)
      if (want.status === 'fail') {
        assertOnlyFailures(items, [`capability:${cap}`, ...(want.alsoFailing ?? [])])
        assert.ok(got.fix!.adminUrl.startsWith(world.url))
      } else if (want.alsoFailing) assertOnlyFailures(items, want.alsoFailing)
      else assertOnlyFailures(items, [])
    })
  }

  it('says what it can about showuseridentity without idnumber: persons are still found by ID number', async () => {
    const world = await fresh()
    world.sim.setSetting('showuseridentity', 'email')
    const items = await checkMoodle(world.input)
    const got = item(items, 'showuseridentity')
    assert.equal(got.status, 'pass')
    assert.match(got.detail, /cannot be read through web services/)
    assertOnlyFailures(items, [])
  })

  it('fails showuseridentity when ID numbers are hidden (no idnumber in it and no viewalldetails)', async () => {
    const world = await fresh()
    world.sim.setSetting('showuseridentity', 'email')
    world.sim.removeCapability('moodle/user:viewalldetails')
    const items = await checkMoodle(world.input)
    assert.equal(item(items, 'showuseridentity').status, 'fail')
    assert.equal(item(items, 'showuseridentity').fix?.adminUrl, `${world.url}/admin/search.php?query=showuseridentity`)
  })

  it('reports the site policy not agreed by a web-service user with auth=manual', async () => {
    const world = await fresh()
    world.sim.setWsUserAuth('manual')
    world.sim.setSitePolicy({ compulsory: true, agreedByWsUser: false })
    const items = await checkMoodle(world.input)
    assertOnlyFailures(items, ['site-policy'])
    assert.equal(item(items, 'site-policy').fix?.adminUrl, `${world.url}/admin/tool/policy/acceptances.php`)
    assert.match(item(items, 'capability:moodle/user:create').detail, /site policy/)
    assert.ok(!checkPassed(items))
  })

  it('passes the site policy for an auth=webservice user that has not agreed (Moodle 4.5 does not ask it)', async () => {
    const world = await fresh()
    world.sim.setSitePolicy({ compulsory: true, agreedByWsUser: false })
    const items = await checkMoodle({ ...world.input, token: world.sim.plusToken })
    const got = item(items, 'site-policy')
    assert.equal(got.status, 'pass')
    assert.match(got.detail, /has not accepted/)
  })

  it('reports a mapped custom profile field that does not exist in Moodle', async () => {
    const world = await fresh()
    const account = world.input.knownAccounts![0]!
    const items = await checkMoodle({
      ...world.input,
      knownAccounts: [{ ...account, fields: { ...account.fields, freefield3: 'Utrecht' } }],
      profileFields: ['freefield1', 'freefield3'],
    })
    assertOnlyFailures(items, ['profile-field:freefield3'])
    assert.equal(item(items, 'profile-field:freefield1').status, 'pass')
    assert.equal(item(items, 'profile-field:freefield3').fix?.adminUrl, `${world.url}/user/profile/index.php`)
  })

  it('says the results plugin is installed once it sent a signed request, and unknown before', async () => {
    const before = item(await checkMoodle(w.input), 'results-plugin')
    assert.equal(before.status, 'unknown')
    assert.match(before.detail, /not heard from yet/)
    const heard = item(await checkMoodle({ ...w.input, pluginContact: { at: new Date('2026-12-01T09:30:00Z'), kind: 'result' } }), 'results-plugin')
    assert.equal(heard.status, 'pass')
    assert.equal(heard.detail, 'installed: it sent a result, signed with this connection\'s webhook secret, on 2026-12-01 09:30 UTC')
  })

  it('judges a profile field by any of up to ten linked accounts looked up, not only the first five', async () => {
    const world = await fresh()
    // Five newer accounts without the field, then one (the sixth) that holds it: check-subjects puts a holder in the list.
    const others = Array.from({ length: 5 }, (_, i) => world.sim.addUser({
      username: `other${i}`, password: 'Welkom#2025', firstname: 'Ot', lastname: `Her ${i}`, email: `other${i}@example.com`, idnumber: `CV-20${i}`,
    }))
    const holder = world.sim.addUser({
      username: 'holder', password: 'Welkom#2025', firstname: 'Ho', lastname: 'Lder', email: 'holder@example.com', idnumber: 'CV-300',
      customfields: { freefield2: 'Utrecht' },
    })
    const items = await checkMoodle({
      ...world.input, profileFields: ['freefield2'],
      knownAccounts: [...others.map((id, i) => ({ lmsUserId: String(id), externalKey: `CV-20${i}`, fields: {} })),
        { lmsUserId: String(holder), externalKey: 'CV-300', fields: { freefield2: 'Utrecht' } }],
    })
    assert.equal(item(items, 'profile-field:freefield2').status, 'pass')
  })

  it('says unknown for a profile field no linked account has a value in', async () => {
    const items = await checkMoodle({ ...w.input, profileFields: ['freefield2'] })
    assert.equal(item(items, 'profile-field:freefield2').status, 'unknown')
    assert.match(item(items, 'profile-field:freefield2').detail, /cannot be told from an empty one/)
  })

  it('fails moodle/user:viewdetails from the first run, before any account is linked (user 2 by id stands in)', async () => {
    const world = await fresh()
    world.sim.removeCapability('moodle/user:viewdetails')
    const items = await checkMoodle({ ...world.input, knownAccounts: [] })
    const got = item(items, 'capability:moodle/user:viewdetails')
    assert.equal(got.status, 'fail')
    assert.match(got.detail, /user 2/)
    assert.match(got.detail, /empty list instead of an error/)
  })

  it('says unknown for the enrol and cohort capabilities when no course definition names a course or cohort', async () => {
    const items = await checkMoodle({ ...w.input, targets: [] })
    for (const cap of ['enrol/manual:enrol', 'enrol/manual:unenrol', 'moodle/course:view', 'moodle/role:assign', 'moodle/cohort:assign']) {
      assert.equal(item(items, `capability:${cap}`).status, 'unknown', cap)
      assert.match(item(items, `capability:${cap}`).detail, /not probed: no course definition/)
    }
  })

  it('reports an unreachable site and marks everything else not checked', async () => {
    const world = await fresh()
    await world.sim.setDown(true)
    const items = await checkMoodle(world.input)
    assertOnlyFailures(items, ['site'])
    assert.ok(items.filter((i) => i.id !== 'site').every((i) => i.status === 'unknown' && /not checked/.test(i.detail)))
  })

  it('fails a live connection over plain http and passes a training one with a note', async () => {
    const live = await checkMoodle({ ...w.input, environment: 'live' })
    assert.equal(item(live, 'site').status, 'fail')
    assert.match(item(live, 'site').detail, /unencrypted/)
    const training = await checkMoodle(w.input)
    assert.equal(item(training, 'site').status, 'pass')
    assert.match(item(training, 'site').detail, /not encrypted/)
  })
})

describe('Moodle connection check on each Moodle line', () => {
  const worlds: World[] = []
  const site = async (version: MoodleVersion) => {
    const world = await seedSite(version)
    worlds.push(world)
    return world
  }
  after(async () => {
    for (const world of worlds) await world.sim.stop()
  })
  const writeCaps = ['enrol/manual:enrol', 'enrol/manual:unenrol', 'moodle/role:assign', 'moodle/course:view', 'moodle/user:update', 'moodle/user:create']

  for (const version of ['4.1', '5.0'] as const) {
    it(`fails moodle/site:viewfullnames with its fix on ${version} and reads every write probe (none "?")`, async () => {
      const w = await site(version)
      const before = snapshot(w.sim)
      const items = await checkMoodle(w.input)
      assertOnlyFailures(items, ['capability:moodle/site:viewfullnames'])
      const names = item(items, 'capability:moodle/site:viewfullnames')
      assert.match(names.detail, /first and last name/)
      assert.match(names.fix?.text ?? '', /moodle\/site:viewfullnames/)
      for (const cap of writeCaps) assert.equal(item(items, `capability:${cap}`).status, 'pass', `${cap}: ${item(items, `capability:${cap}`).detail}`)
      assert.equal(item(items, 'moodle-version').status, 'pass')
      assert.match(item(items, 'moodle-version').detail, new RegExp(`^Moodle ${version.replace('.', '\\.')}`))
      assert.equal(snapshot(w.sim), before, 'the probes changed nothing')

      w.sim.addCapability('moodle/site:viewfullnames')
      const fixed = await checkMoodle(w.input)
      assertOnlyFailures(fixed, [])
      assert.equal(item(fixed, 'capability:moodle/site:viewfullnames').status, 'pass')
    })

    it(`reads the exact version from site info on ${version}`, async () => {
      const w = await site(version)
      w.sim.addCapability('moodle/site:viewfullnames')
      const items = await checkMoodle({ ...w.input, token: w.sim.plusToken })
      assert.match(item(items, 'moodle-version').detail, version === '4.1' ? /site info says release 4\.1\.11/ : /site info says release 5\.0 /)
      assertOnlyFailures(items, [])
    })
  }

  it('needs no moodle/site:viewfullnames on 4.5, which returns the names anyway', async () => {
    const w = await site('4.5')
    const items = await checkMoodle(w.input)
    assert.equal(item(items, 'capability:moodle/site:viewfullnames').status, 'pass')
    assert.match(item(items, 'moodle-version').detail, /^Moodle 4\.5/)
  })
})
