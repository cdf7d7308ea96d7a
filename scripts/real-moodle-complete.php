<?php
// Marks a course complete for an account on a Moodle test site, as a manager or the completion cron would
// (completion_completion::mark_complete(), which fires \core\event\course_completed). No web-service function
// does this for another account; the real-Moodle registration scenarios run it through MOODLE_COMPLETE_COMMAND
// (README, Development, "A real Moodle"), appending the Moodle user id and course id:
//
//   MOODLE_COMPLETE_COMMAND='php scripts/real-moodle-complete.php /path/to/moodle'
//   php scripts/real-moodle-complete.php /path/to/moodle <userid> <courseid>
define('CLI_SCRIPT', true);
if (count($argv) !== 4 || !is_file($argv[1] . '/config.php') || !ctype_digit($argv[2]) || !ctype_digit($argv[3])) {
    fwrite(STDERR, "usage: php real-moodle-complete.php <moodle directory with config.php> <userid> <courseid>\n");
    exit(2);
}
require($argv[1] . '/config.php');
require_once($CFG->libdir . '/completionlib.php');
\core\session\manager::set_user(get_admin());
$completion = new completion_completion(['userid' => (int)$argv[2], 'course' => (int)$argv[3]]);
$completion->mark_complete();
echo "completed\n";
