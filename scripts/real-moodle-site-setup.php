<?php
// Sets a fresh Moodle 4.5 test site up like the site the contract recordings were made on
// (test/contracts/moodle/README.md "Moodle set-up used"), for the real-Moodle mode of the tests (README,
// Development, "A real Moodle"): web services and REST on, the web-service user `wscoachview` with its role (the
// thirteen capabilities and the three optional ones, may assign student), the services ws_coachview and
// ws_coachview_plus with a token each, the profile fields freefield1/freefield2, the courses CV-E101, CV-E102,
// CV-NOMANUAL, CV-NOCRIT and the cohorts CV-COHORT-A/B. Safe to run again. Prints the variables on one line:
//
//   php -d max_input_vars=5000 scripts/real-moodle-site-setup.php /path/to/moodle
//   MOODLE_URL=http://… MOODLE_TOKEN=… MOODLE_PLUS_TOKEN=…
//
// Only for a test site: it changes site settings and grants the web-service role what the tests need.
define('CLI_SCRIPT', true);
if (empty($argv[1]) || !is_file($argv[1] . '/config.php')) {
    fwrite(STDERR, "usage: php -d max_input_vars=5000 real-moodle-site-setup.php <moodle directory with config.php>\n");
    exit(2);
}
require($argv[1] . '/config.php');
require_once($CFG->dirroot . '/user/lib.php');
require_once($CFG->dirroot . '/course/lib.php');
require_once($CFG->dirroot . '/cohort/lib.php');
require_once($CFG->libdir . '/completionlib.php');
require_once($CFG->dirroot . '/completion/criteria/completion_criteria_role.php');
require_once($CFG->dirroot . '/completion/criteria/completion_criteria_self.php');
require_once($CFG->dirroot . '/completion/completion_aggregation.php');
\core\session\manager::set_user(get_admin());

set_config('enablewebservices', 1);
set_config('webserviceprotocols', 'rest');
set_config('auth', 'email,webservice');
set_config('showuseridentity', 'email,idnumber');
set_config('enablecompletion', 1);
set_config('noreplyaddress', 'noreply@example.com');
set_config('debug', 0);
set_config('debugdisplay', 0);
$sys = context_system::instance();

// Web-service user.
$ws = $DB->get_record('user', ['username' => 'wscoachview']);
if (!$ws) {
    $id = user_create_user((object)['username' => 'wscoachview', 'auth' => 'webservice', 'firstname' => 'Web service',
        'lastname' => 'Coachview', 'email' => 'ws-coachview@example.com', 'confirmed' => 1, 'mnethostid' => $CFG->mnet_localhost_id], false, false);
    $ws = $DB->get_record('user', ['id' => $id]);
}
// Role with the 13 capabilities plus the three optional ones.
$roleid = $DB->get_field('role', 'id', ['shortname' => 'ws_coachviewroll']);
if (!$roleid) {
    $roleid = create_role('ws_coachviewroll', 'ws_coachviewroll', '', '');
    set_role_contextlevels($roleid, [CONTEXT_SYSTEM]);
}
$caps = ['enrol/manual:enrol', 'enrol/manual:unenrol', 'moodle/cohort:assign', 'moodle/user:create', 'moodle/user:viewdetails',
    'moodle/user:viewalldetails', 'moodle/user:viewhiddendetails', 'moodle/site:viewuseridentity', 'moodle/course:useremail',
    'moodle/user:update', 'moodle/course:view', 'moodle/role:assign', 'webservice/rest:use',
    'moodle/cohort:view', 'moodle/course:viewparticipants', 'report/completion:view'];
foreach ($caps as $cap) assign_capability($cap, CAP_ALLOW, $roleid, $sys->id, true);
$student = $DB->get_field('role', 'id', ['shortname' => 'student']);
if (!$DB->record_exists('role_allow_assign', ['roleid' => $roleid, 'allowassign' => $student])) core_role_set_assign_allowed($roleid, $student);
role_assign($roleid, $ws->id, $sys->id);
accesslib_clear_all_caches(true);

// Services and tokens.
$main = ['core_cohort_add_cohort_members', 'core_cohort_delete_cohort_members', 'core_user_create_users', 'core_user_get_users_by_field',
    'core_user_update_users', 'enrol_manual_enrol_users', 'enrol_manual_unenrol_users'];
$plus = array_merge($main, ['core_webservice_get_site_info', 'core_completion_get_course_completion_status', 'core_course_get_courses_by_field',
    'core_cohort_get_cohorts', 'core_cohort_search_cohorts', 'core_enrol_get_enrolled_users', 'core_completion_mark_course_self_completed',
    'core_enrol_get_users_courses']);
$tokens = [];
foreach (['ws_coachview' => $main, 'ws_coachview_plus' => $plus] as $shortname => $functions) {
    $service = $DB->get_record('external_services', ['shortname' => $shortname]);
    if (!$service) {
        $sid = $DB->insert_record('external_services', (object)['name' => $shortname, 'shortname' => $shortname, 'enabled' => 1,
            'restrictedusers' => 1, 'requiredcapability' => '', 'timecreated' => time(), 'downloadfiles' => 0, 'uploadfiles' => 0]);
        $service = $DB->get_record('external_services', ['id' => $sid]);
        foreach ($functions as $f) $DB->insert_record('external_services_functions', (object)['externalserviceid' => $sid, 'functionname' => $f]);
        $DB->insert_record('external_services_users', (object)['externalserviceid' => $sid, 'userid' => $ws->id, 'timecreated' => time()]);
    }
    $tokens[$shortname] = \core_external\util::generate_token(EXTERNAL_TOKEN_PERMANENT, $service, $ws->id, $sys);
}

// Profile fields.
$cat = $DB->get_record('user_info_category', ['name' => 'Other fields']);
$catid = $cat ? $cat->id : $DB->insert_record('user_info_category', (object)['name' => 'Other fields', 'sortorder' => 1]);
foreach (['freefield1' => 'Free field 1', 'freefield2' => 'Free field 2'] as $short => $name) {
    if ($DB->record_exists('user_info_field', ['shortname' => $short])) continue;
    $DB->insert_record('user_info_field', (object)['shortname' => $short, 'name' => $name, 'datatype' => 'text', 'description' => '',
        'descriptionformat' => 1, 'categoryid' => $catid, 'sortorder' => $short === 'freefield1' ? 1 : 2, 'required' => 0, 'locked' => 0,
        'visible' => 2, 'forceunique' => 0, 'signup' => 0, 'defaultdata' => '', 'defaultdataformat' => 0,
        'param1' => '30', 'param2' => '2048', 'param3' => '0', 'param4' => '', 'param5' => '']);
}

// Courses.
function cv_course($shortname, $fullname) {
    global $DB;
    if ($c = $DB->get_record('course', ['shortname' => $shortname])) return $c;
    return create_course((object)['shortname' => $shortname, 'fullname' => $fullname, 'idnumber' => $shortname, 'category' => 1,
        'enablecompletion' => 1, 'summary' => '', 'summaryformat' => 0, 'format' => 'topics']);
}
function cv_aggregation($courseid, $type) {
    $a = new completion_aggregation(['course' => $courseid, 'criteriatype' => $type]);
    $a->setMethod(COMPLETION_AGGREGATION_ALL);
    $a->save();
}
$e101 = cv_course('CV-E101', 'Coachview E-learning 101');
$e102 = cv_course('CV-E102', 'Coachview E-learning 102');
$nomanual = cv_course('CV-NOMANUAL', 'Course without manual enrolment');
$nocrit = cv_course('CV-NOCRIT', 'Completion enabled, no criteria');
$manager = $DB->get_field('role', 'id', ['shortname' => 'manager']);
if (!$DB->record_exists('course_completion_criteria', ['course' => $e101->id])) {
    $d = (object)['id' => $e101->id, 'criteria_role' => [$manager => 1]];
    (new completion_criteria_role())->update_config($d);
    cv_aggregation($e101->id, null);
    cv_aggregation($e101->id, COMPLETION_CRITERIA_TYPE_ROLE);
}
if (!$DB->record_exists('course_completion_criteria', ['course' => $e102->id])) {
    $d = (object)['id' => $e102->id, 'criteria_self' => 1];
    (new completion_criteria_self())->update_config($d);
    cv_aggregation($e102->id, null);
}
$manualplugin = enrol_get_plugin('manual');
foreach (enrol_get_instances($nomanual->id, false) as $instance) {
    if ($instance->enrol === 'manual') $manualplugin->delete_instance($instance);
}

// Cohorts.
foreach (['CV-COHORT-A' => 'Coachview cohort A', 'CV-COHORT-B' => 'Coachview cohort B'] as $idnumber => $name) {
    if (!$DB->record_exists('cohort', ['idnumber' => $idnumber])) {
        cohort_add_cohort((object)['contextid' => $sys->id, 'name' => $name, 'idnumber' => $idnumber, 'description' => '', 'descriptionformat' => 1, 'visible' => 1, 'component' => '']);
    }
}
purge_all_caches();
echo "MOODLE_URL={$CFG->wwwroot} MOODLE_TOKEN={$tokens['ws_coachview']} MOODLE_PLUS_TOKEN={$tokens['ws_coachview_plus']}\n";
