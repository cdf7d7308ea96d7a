// Where each step of the Moodle web-service set-up is fixed in Moodle: the menu path and the page on that site. Settings are
// reached through the admin search (/admin/search.php?query=<setting>), which finds a setting on every
// Moodle version even where the settings page moved between releases.
import type { CheckFix } from './check-item.ts'

const wsMenu = 'Site administration > Server > Web services'
const roleMenu = 'Site administration > Users > Permissions > Define roles > (the role you gave the web-service user) > Edit'

export function moodleFixes(baseUrl: string) {
  const base = baseUrl.replace(/\/+$/, '')
  const at = (path: string) => `${base}${path}`
  return {
    site: (): CheckFix => ({
      text: 'Check the base URL of the connection (the address of the Moodle start page, without /webservice/...) and that the site is up.',
      menuPath: 'coursebridge > Connections > edit > Base URL',
      adminUrl: at('/'),
    }),
    upgrade: (): CheckFix => ({
      text: 'Upgrade the site to Moodle 4.1 LTS, 4.5 LTS or 5.0 (the versions coursebridge is tested against).',
      menuPath: 'Site administration > Notifications (shows the version)',
      adminUrl: at('/admin/index.php'),
    }),
    tls: (): CheckFix => ({
      text: 'Install a valid certificate for the Moodle site (issued by a trusted authority, for this host name, not expired).',
      menuPath: 'Web server of the Moodle site (outside Moodle)',
      adminUrl: at('/'),
    }),
    http: (): CheckFix => ({
      text: 'Serve Moodle over https and change the base URL of the connection to https://.',
      menuPath: 'Web server of the Moodle site; then coursebridge > Connections > edit > Base URL',
      adminUrl: at('/admin/search.php?query=wwwroot'),
    }),
    webServices: (): CheckFix => ({
      text: 'Tick "Enable web services" and save.',
      menuPath: 'Site administration > General > Advanced features > Enable web services',
      adminUrl: at('/admin/settings.php?section=webservicesoverview'),
    }),
    restProtocol: (): CheckFix => ({
      text: 'Enable the REST protocol (the eye icon in the REST row).',
      menuPath: `${wsMenu} > Manage protocols`,
      adminUrl: at('/admin/settings.php?section=webserviceprotocols'),
    }),
    webServicesOrRest: (): CheckFix => ({
      text: 'Tick "Enable web services" (Site administration > General > Advanced features) and enable the REST protocol ' +
        `(${wsMenu} > Manage protocols, /admin/settings.php?section=webserviceprotocols). Either one off gives this answer.`,
      menuPath: 'Site administration > General > Advanced features > Enable web services; Web services > Manage protocols > REST',
      adminUrl: at('/admin/settings.php?section=webservicesoverview'),
    }),
    token: (): CheckFix => ({
      text: 'Create a token for the web-service user and the web service you created for coursebridge (no "Valid until", no IP restriction that excludes ' +
        'coursebridge) and enter it in the connection.',
      menuPath: `${wsMenu} > Manage tokens > Create token`,
      adminUrl: at('/admin/webservice/tokens.php'),
    }),
    serviceAccess: (): CheckFix => ({
      text: 'Moodle refuses every function with the same "Access control exception". Check in this order: ' + 'the web service you created for coursebridge ' +
        'is enabled and the web-service user is among its Authorised users; the web-service role allows webservice/rest:use; the token ' +
        'has not expired and has no IP restriction that excludes coursebridge. Debugging (Developer level) makes Moodle name the reason.',
      menuPath: `${wsMenu} > External services > (the web service you created for coursebridge) (Edit, Authorised users); ${roleMenu}; ${wsMenu} > Manage tokens`,
      adminUrl: at('/admin/settings.php?section=externalservices'),
    }),
    functionInService: (fn: string): CheckFix => ({
      text: `Add ${fn} to the service: Functions > Add functions, search for it, Add functions.`,
      menuPath: `${wsMenu} > External services > (the web service you created for coursebridge) > Functions`,
      adminUrl: at('/admin/settings.php?section=externalservices'),
    }),
    capability: (capability: string, name: string): CheckFix => ({
      text: `Allow ${capability} ("${name}") in the web-service role: filter for it, tick Allow, Save changes.`,
      menuPath: roleMenu,
      adminUrl: at('/admin/roles/manage.php'),
    }),
    roleAssign: (roleId: string): CheckFix => ({
      text: `Allow moodle/role:assign in the web-service role, and tick role ${roleId} (Student is 5) for it under Allow role assignments.`,
      menuPath: `${roleMenu}; Site administration > Users > Permissions > Define roles > Allow role assignments`,
      adminUrl: at('/admin/roles/allow.php?mode=assign'),
    }),
    manualEnrol: (courseId: string): CheckFix => ({
      text: 'Add or enable "Manual enrolments" in the course (and in Site administration > Plugins > Enrolments > Manage enrol plugins).',
      menuPath: 'Course > Participants > Enrolment methods',
      adminUrl: at(`/enrol/instances.php?id=${courseId}`),
    }),
    course: (): CheckFix => ({
      text: 'Correct the Moodle course or cohort in the course definition; the course id is in the course URL (course/view.php?id=...).',
      menuPath: 'coursebridge > Course definitions > edit',
      adminUrl: at('/course/index.php'),
    }),
    showUserIdentity: (): CheckFix => ({
      text: 'Tick "ID number" under Show user identity and save.',
      menuPath: 'Site administration > Users > Permissions > User policies > Show user identity',
      adminUrl: at('/admin/search.php?query=showuseridentity'),
    }),
    sitePolicy: (): CheckFix => ({
      text: 'Accept the site policy on behalf of the web-service user, or give that user the authentication "Web services authentication".',
      menuPath: 'Site administration > Users > Privacy and policies > User agreements',
      adminUrl: at('/admin/tool/policy/acceptances.php'),
    }),
    profileField: (shortname: string): CheckFix => ({
      text: `Create a profile field of type "Text input" with the short name ${shortname} (or correct the field mapping of the connection).`,
      menuPath: 'Site administration > Users > Accounts > User profile fields',
      adminUrl: at('/user/profile/index.php'),
    }),
    resultsPlugin: (): CheckFix => ({
      text: 'Install local_coursebridge and enter the webhook URL and secret of this connection in its settings.',
      menuPath: 'Site administration > Plugins > Local plugins > coursebridge',
      adminUrl: at('/admin/settings.php?section=local_coursebridge'),
    }),
    linkedAccounts: (): CheckFix => ({
      text: 'Run the check again once coursebridge has created or linked at least one account on this connection, or look at the ' +
        'web-service role\'s capabilities by hand.',
      menuPath: roleMenu,
      adminUrl: at('/admin/roles/manage.php'),
    }),
  }
}

export type MoodleFixes = ReturnType<typeof moodleFixes>
