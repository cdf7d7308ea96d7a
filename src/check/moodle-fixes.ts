// Where each step of the Moodle web-service set-up is fixed in Moodle: the menu path and the page on that site. Settings are
// reached through the admin search (/admin/search.php?query=<setting>), which finds a setting on every
// Moodle version even where the settings page moved between releases. The texts are messages (check-text.ts); Moodle's
// own menu and setting names are their parameters and stay as an English Moodle names them.
import { checkFix, type CheckFix } from './check-item.ts'
import { say } from './check-text.ts'

const wsMenu = 'Site administration > Server > Web services'
const roleMenu = 'Site administration > Users > Permissions > Define roles > (the role you gave the web-service user) > Edit'

export function moodleFixes(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '')
  const at = (path: string) => `${base}${path}`
  return {
    site: (): CheckFix => checkFix(say('check.fix.site'), say('check.menu.baseUrl'), at('/')),
    upgrade: (): CheckFix => checkFix(say('check.fix.upgrade'), 'Site administration > Notifications (shows the version)', at('/admin/index.php')),
    tls: (): CheckFix => checkFix(say('check.fix.tls'), say('check.menu.webServer', { lmsName: 'Moodle' }), at('/')),
    http: (): CheckFix => checkFix(say('check.fix.http'), say('check.menu.webServerThenBaseUrl'), at('/admin/search.php?query=wwwroot')),
    webServices: (): CheckFix => checkFix(say('check.fix.tick', { setting: 'Enable web services' }),
      'Site administration > General > Advanced features > Enable web services', at('/admin/settings.php?section=webservicesoverview')),
    restProtocol: (): CheckFix => checkFix(say('check.fix.restProtocol'), `${wsMenu} > Manage protocols`, at('/admin/settings.php?section=webserviceprotocols')),
    webServicesOrRest: (): CheckFix => checkFix(
      say('check.fix.webServicesOrRest', { setting: 'Enable web services', menu: 'Site administration > General > Advanced features', protocols: `${wsMenu} > Manage protocols` }),
      'Site administration > General > Advanced features > Enable web services; Web services > Manage protocols > REST',
      at('/admin/settings.php?section=webservicesoverview')),
    token: (): CheckFix => checkFix(say('check.fix.token', { setting: 'Valid until' }), `${wsMenu} > Manage tokens > Create token`, at('/admin/webservice/tokens.php')),
    serviceAccess: (): CheckFix => checkFix(say('check.fix.serviceAccess', { lms: 'Access control exception', setting: 'Authorised users' }),
      `${wsMenu} > External services > (the web service you created for coursebridge) (Edit, Authorised users); ${roleMenu}; ${wsMenu} > Manage tokens`,
      at('/admin/settings.php?section=externalservices')),
    functionInService: (fn: string): CheckFix => checkFix(say('check.fix.functionInService', { fn, menu: 'Functions > Add functions', button: 'Add functions' }),
      `${wsMenu} > External services > (the web service you created for coursebridge) > Functions`, at('/admin/settings.php?section=externalservices')),
    capability: (capability: string, name: string): CheckFix => checkFix(
      say('check.fix.capability', { cap: capability, name, setting: 'Allow', button: 'Save changes' }), roleMenu, at('/admin/roles/manage.php')),
    roleAssign: (roleId: string): CheckFix => checkFix(say('check.fix.roleAssign', { role: roleId, setting: 'Allow role assignments' }),
      `${roleMenu}; Site administration > Users > Permissions > Define roles > Allow role assignments`, at('/admin/roles/allow.php?mode=assign')),
    manualEnrol: (courseId: string): CheckFix => checkFix(
      say('check.fix.manualEnrol', { setting: 'Manual enrolments', menu: 'Site administration > Plugins > Enrolments > Manage enrol plugins' }),
      'Course > Participants > Enrolment methods', at(`/enrol/instances.php?id=${courseId}`)),
    course: (): CheckFix => checkFix(say('check.fix.course'), say('check.menu.courseDefinition'), at('/course/index.php')),
    showUserIdentity: (): CheckFix => checkFix(say('check.fix.showUserIdentity', { setting: 'ID number', menu: 'Show user identity' }),
      'Site administration > Users > Permissions > User policies > Show user identity', at('/admin/search.php?query=showuseridentity')),
    sitePolicy: (): CheckFix => checkFix(say('check.fix.sitePolicy', { auth: 'Web services authentication' }),
      'Site administration > Users > Privacy and policies > User agreements', at('/admin/tool/policy/acceptances.php')),
    profileField: (shortname: string): CheckFix => checkFix(say('check.fix.profileField', { setting: 'Text input', shortname }),
      'Site administration > Users > Accounts > User profile fields', at('/user/profile/index.php')),
    resultsPlugin: (): CheckFix => checkFix(say('check.fix.resultsPlugin'), 'Site administration > Plugins > Local plugins > coursebridge',
      at('/admin/settings.php?section=local_coursebridge')),
    linkedAccounts: (): CheckFix => checkFix(say('check.fix.linkedAccounts'), roleMenu, at('/admin/roles/manage.php')),
  }
}

export type MoodleFixes = ReturnType<typeof moodleFixes>
