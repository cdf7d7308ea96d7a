// The course record of core_course_get_courses_by_field as recorded (course/externallib.php
// get_courses_by_field with a ws user that holds moodle/course:view but not update capabilities:
// idnumber is not returned, filters and format options are the defaults of a fresh topics course).
import type { CallContext } from '../call-context.ts'
import type { SimCourse } from '../state.ts'

export function courseImageUrl(ctx: CallContext, course: SimCourse): string {
  return `${ctx.siteUrl}/pluginfile.php/${course.contextid}/course/generated/course.svg`
}

const defaultFilters = ['displayh5p', 'activitynames', 'mathjaxloader', 'emoticon', 'urltolink', 'mediaplugin']
  .map((filter) => ({ filter, localstate: 0, inheritedstate: 1 }))

export function courseRecord(ctx: CallContext, course: SimCourse): Record<string, unknown> {
  return {
    id: course.id,
    fullname: course.fullname,
    displayname: course.fullname,
    shortname: course.shortname,
    // Generated course images came with 4.3 (not in 4.1's answers).
    ...(ctx.state.profile.courseImage ? { courseimage: courseImageUrl(ctx, course) } : {}),
    categoryid: course.category,
    categoryname: 'Category 1',
    sortorder: course.sortorder,
    summary: '',
    summaryformat: ctx.state.profile.emptySummaryFormat,
    summaryfiles: [],
    overviewfiles: [],
    showactivitydates: false,
    showcompletionconditions: true,
    contacts: [],
    enrollmentmethods: course.manualEnrol ? ['manual'] : [],
    format: 'topics',
    showgrades: 1,
    newsitems: 1,
    startdate: 0,
    enddate: 0,
    maxbytes: 0,
    showreports: 0,
    visible: course.visible ? 1 : 0,
    groupmode: 0,
    groupmodeforce: 0,
    defaultgroupingid: 0,
    enablecompletion: course.enablecompletion ? 1 : 0,
    completionnotify: 0,
    lang: '',
    theme: '',
    marker: 0,
    filters: defaultFilters.map((f) => ({ ...f })),
    courseformatoptions: [
      { name: 'hiddensections', value: 1 },
      { name: 'coursedisplay', value: 0 },
      { name: 'indentation', value: '1' },
    ],
  }
}
