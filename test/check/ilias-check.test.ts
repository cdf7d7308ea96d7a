// The ILIAS connection check against the simulator: SOAP disabled, wrong password, a course ref id that
// is a category, and all green otherwise — without creating anything.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createIliasSimulator, type IliasSimulator } from '../../src/lms/ilias/simulator/index.ts'
import { checkIlias, type IliasCheckInput } from '../../src/check/ilias-check.ts'
import { checkPassed, type CheckItem } from '../../src/check/check-item.ts'

const item = (items: CheckItem[], id: string): CheckItem => {
  const found = items.find((i) => i.id === id)
  assert.ok(found, `no item ${id} in ${items.map((i) => i.id).join(', ')}`)
  return found
}
const failures = (items: CheckItem[]) => items.filter((i) => i.status === 'fail').map((i) => i.id)

describe('ILIAS connection check', () => {
  let sim: IliasSimulator
  let input: IliasCheckInput
  before(async () => {
    sim = createIliasSimulator({ client: 'default', adminUser: 'soapadmin', adminPassword: 'secret' })
    const url = await sim.start(0)
    const course = sim.addCourse({ title: 'E-learning 101' })
    const category = sim.addCategory({ title: 'Trainings' })
    input = {
      baseUrl: url, client: 'default', username: 'soapadmin', password: 'secret', environment: 'training', timeoutMs: 3_000,
      courses: [
        { code: 'E101', target: { type: 'ilias-course', refId: String(course) } },
        { code: 'CAT', target: { type: 'ilias-course', refId: String(category) } },
      ],
    }
  })
  after(async () => {
    await sim.stop()
  })

  it('is all green for a correct set-up, and creates no account', async () => {
    const usersBefore = JSON.stringify(sim.users())
    const items = await checkIlias({ ...input, courses: input.courses!.slice(0, 1) })
    assert.deepEqual(failures(items), [])
    assert.ok(checkPassed(items))
    for (const id of ['site', 'soap-endpoint', 'login', 'soap-administration', 'user-folder', 'course:E101']) assert.equal(item(items, id).status, 'pass', id)
    assert.equal(item(items, 'global-role').status, 'unknown')
    assert.match(item(items, 'global-role').detail, /does not create a test account/)
    assert.equal(JSON.stringify(sim.users()), usersBefore)
  })

  it('reports "Administration via SOAP" switched off', async () => {
    sim.setSoapEnabled(false)
    try {
      const items = await checkIlias(input)
      assert.deepEqual(failures(items), ['soap-administration'])
      assert.equal(item(items, 'login').status, 'pass')
      assert.match(item(items, 'soap-administration').fix!.menuPath, /SOAP/)
      assert.ok(!checkPassed(items))
    } finally {
      sim.setSoapEnabled(true)
    }
  })

  it('reports a wrong password', async () => {
    const items = await checkIlias({ ...input, password: 'wrong' })
    assert.deepEqual(failures(items), ['login'])
    assert.match(item(items, 'login').detail, /err_wrong_login/)
    assert.equal(item(items, 'course:E101').status, 'unknown')
  })

  it('reports a course definition whose ref id is a category', async () => {
    const items = await checkIlias(input)
    assert.deepEqual(failures(items), ['course:CAT'])
    assert.match(item(items, 'course:CAT').detail, /not a course.*type cat/)
    assert.equal(item(items, 'course:E101').status, 'pass')
  })

  it('reports a user folder that does not exist', async () => {
    const items = await checkIlias({ ...input, courses: input.courses!.slice(0, 1), userFolderRefId: 9999 })
    assert.deepEqual(failures(items), ['user-folder'])
  })

  it('reports an address that does not answer SOAP', async () => {
    const items = await checkIlias({ ...input, baseUrl: input.baseUrl.replace('/webservice/soap/server.php', '/nothing-here') })
    assert.deepEqual(failures(items), ['soap-endpoint'])
    assert.equal(item(items, 'course:CAT').status, 'unknown')
  })
})
