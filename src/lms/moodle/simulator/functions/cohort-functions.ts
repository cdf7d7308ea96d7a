// core_cohort_add_cohort_members, core_cohort_delete_cohort_members, core_cohort_get_cohorts,
// core_cohort_search_cohorts after cohort/externallib.php of Moodle 4.5.6.
import { hasCapability, requireCapability, validateContext, type CallContext, type WsFunction } from '../call-context.ts'
import { missingRecord, requiredCapability } from '../moodle-exceptions.ts'
import { multiple, single, value, withDefault } from '../param-validation.ts'
import type { SimCohort } from '../state.ts'

type Member = { cohorttype: { type: string; value: string }; usertype: { type: string; value: string } }

function findCohort(ctx: CallContext, type: string, v: string): SimCohort | undefined {
  for (const cohort of ctx.state.cohorts.values()) {
    if (type === 'id' ? String(cohort.id) === v : cohort.idnumber === v) return cohort
  }
  return undefined
}

const addMembers: WsFunction = {
  name: 'core_cohort_add_cohort_members',
  version: '2024100706',
  params: single({
    members: multiple(single({
      cohorttype: single({ type: value('alphanumext'), value: value('raw') }),
      usertype: single({ type: value('alphanumext'), value: value('raw') }),
    })),
  }),
  run(ctx, params) {
    // Warnings carry only warningcode + message (no item/itemid), texts as in the PHP source.
    const warnings: Array<{ warningcode: string; message: string }> = []
    for (const m of params['members'] as Member[]) {
      const ct = m.cohorttype
      if (ct.type !== 'id' && ct.type !== 'idnumber') {
        warnings.push({ warningcode: '1', message: `invalid parameter: cohortype=${ct.type}` })
        continue
      }
      const cohort = findCohort(ctx, ct.type, ct.value)
      if (!cohort) {
        warnings.push({ warningcode: '2', message: `cohort ${ct.type}=${ct.value} not exists` })
        continue
      }
      validateContext(ctx)
      requireCapability(ctx, 'moodle/cohort:assign')
      const ut = m.usertype
      if (ut.type !== 'id' && ut.type !== 'username') {
        warnings.push({ warningcode: '1', message: `invalid parameter: usertype=${ut.type}` })
        continue
      }
      const userId = ut.type === 'id' ? Number(ut.value) : ctx.state.usernames.get(ut.value)
      const user = userId !== undefined && String(ut.type === 'id' ? userId : ut.value) === ut.value ? ctx.state.users.get(userId) : undefined
      if (!user || user.deleted) {
        warnings.push({ warningcode: '2', message: `user ${ut.type}=${ut.value} not exists` })
        continue
      }
      if (cohort.members.has(user.id)) {
        // Moodle prints the USER id after the cohort reference (sic).
        warnings.push({ warningcode: '3', message: `record already exists: cohort(${ct.type}=${ct.value} id=${user.id})` })
        continue
      }
      cohort.members.add(user.id)
    }
    return { warnings }
  },
}

const deleteMembers: WsFunction = {
  name: 'core_cohort_delete_cohort_members',
  version: '2024100706',
  params: single({ members: multiple(single({ cohortid: value('int'), userid: value('int') })) }),
  run(ctx, params) {
    const removed: Array<[SimCohort, number]> = []
    try {
      for (const m of params['members'] as Array<{ cohortid: number; userid: number }>) {
        const cohort = ctx.state.cohorts.get(m.cohortid)
        if (!cohort) throw missingRecord(ctx, 'cohort', 'SELECT * FROM {cohort} WHERE id = ?', [m.cohortid])
        const user = ctx.state.users.get(m.userid)
        if (!user || user.deleted) {
          throw missingRecord(ctx, 'user', 'SELECT * FROM {user} WHERE id = ? AND deleted = ? AND mnethostid = ?', [m.userid, 0, '1'])
        }
        validateContext(ctx)
        requireCapability(ctx, 'moodle/cohort:assign')
        if (cohort.members.delete(user.id)) removed.push([cohort, user.id])
      }
    } catch (e) {
      for (const [cohort, userId] of removed) cohort.members.add(userId)
      throw e
    }
    return null
  },
}

function cohortRecord(ctx: CallContext, cohort: SimCohort): Record<string, unknown> {
  const record: Record<string, unknown> = {
    id: cohort.id, name: cohort.name, idnumber: cohort.idnumber, description: cohort.description,
    descriptionformat: 1, visible: cohort.visible, theme: '',
  }
  // Cohort custom fields came with 4.2.
  if (ctx.state.profile.cohortCustomfields) record['customfields'] = []
  return record
}

function requireCohortView(ctx: CallContext): void {
  if (!hasCapability(ctx, 'moodle/cohort:manage') && !hasCapability(ctx, 'moodle/cohort:view')) {
    throw requiredCapability(ctx, 'moodle/cohort:view')
  }
}

const getCohorts: WsFunction = {
  name: 'core_cohort_get_cohorts',
  version: '2024100706',
  params: single({ cohortids: multiple(value('int'), withDefault([])) }),
  run(ctx, params) {
    const ids = params['cohortids'] as number[]
    const cohorts = ids.length === 0
      ? [...ctx.state.cohorts.values()]
      : [...ctx.state.cohorts.values()].filter((c) => ids.includes(c.id))
    const out: Array<Record<string, unknown>> = []
    for (const cohort of cohorts.sort((a, b) => a.id - b.id)) {
      requireCohortView(ctx)
      out.push(cohortRecord(ctx, cohort))
    }
    return out
  },
}

const searchCohorts: WsFunction = {
  name: 'core_cohort_search_cohorts',
  version: '2024100706',
  params: single({
    query: value('raw'),
    context: single({ contextid: value('int', withDefault(0)), contextlevel: value('alpha', withDefault('')), instanceid: value('int', withDefault(0)) }),
    includes: value('alpha', withDefault('parents')),
    limitfrom: value('int', withDefault(0)),
    limitnum: value('int', withDefault(25)),
  }),
  run(ctx, params) {
    validateContext(ctx)
    requireCohortView(ctx)
    const q = (params['query'] as string).toLowerCase()
    const found = [...ctx.state.cohorts.values()]
      .filter((c) => c.name.toLowerCase().includes(q) || c.idnumber.toLowerCase().includes(q) || c.description.toLowerCase().includes(q))
      .sort((a, b) => a.name.localeCompare(b.name))
    const from = params['limitfrom'] as number
    const num = params['limitnum'] as number
    return { cohorts: found.slice(from, num > 0 ? from + num : undefined).map((c) => cohortRecord(ctx, c)) }
  },
}

export const cohortFunctions: WsFunction[] = [addMembers, deleteMembers, getCohorts, searchCohorts]
