<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

/**
 * Ad-hoc task: sends one course completion to coursebridge.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\task;

use local_coursebridge\local\managed_courses;
use local_coursebridge\local\result_payload;
use local_coursebridge\local\webhook_client;

/**
 * Loads the completion, builds the body, signs and POSTs it; throws when coursebridge did not take it.
 *
 * Throwing hands the retry to Moodle's task system: the next attempt waits 1 minute, then 2, 4, ...
 * up to 24 hours between attempts (\core\task\manager::adhoc_task_failed). From Moodle 4.4 an ad-hoc task
 * has 12 attempts (about 2.5 days) and then stays in the table as failed; before 4.4 it retries without
 * limit. coursebridge's poller is the fallback for a result that never arrives.
 *
 * Custom data: userid, courseid, completionid (course_completions.id), timecreated (of the event).
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class send_result extends \core\task\adhoc_task {
    /**
     * Name shown to administrators on the ad-hoc task pages.
     *
     * @return string
     */
    public function get_name() {
        return get_string('tasksendresult', 'local_coursebridge');
    }

    /**
     * Sends the completion.
     *
     * @return void
     * @throws \moodle_exception when the result could not be delivered (the task is then retried).
     */
    public function execute() {
        global $CFG, $DB;
        $data = $this->get_custom_data();
        $completionid = (int) $data->completionid;

        if (!get_config('local_coursebridge', 'enabled')) {
            mtrace("local_coursebridge: sending is disabled; completion {$completionid} is not sent.");
            return;
        }

        // Read the completion now, not from the event: it is the source of truth when the task runs.
        $completion = $DB->get_record('course_completions', ['id' => $completionid]);
        if (!$completion || empty($completion->timecompleted)
                || (int) $completion->userid !== (int) $data->userid || (int) $completion->course !== (int) $data->courseid) {
            // Reset or deleted since (course reset, user unenrolled): nothing to report. A retake is a new row
            // with its own event and task.
            mtrace("local_coursebridge: completion {$completionid} no longer exists or is not complete; nothing sent.");
            return;
        }
        $user = $DB->get_record('user', ['id' => $completion->userid], 'id, idnumber, deleted');
        $course = $DB->get_record('course', ['id' => $completion->course], 'id, shortname, idnumber');
        if (!$user || !empty($user->deleted) || !$course) {
            mtrace("local_coursebridge: user or course of completion {$completionid} was deleted; nothing sent.");
            return;
        }

        // Only what coursebridge manages (the list is fetched again when it is older than coursebridge says).
        if (!managed_courses::should_send(managed_courses::current(), (string) $user->idnumber, (int) $course->id)) {
            mtrace("local_coursebridge: completion {$completionid} is not one coursebridge manages "
                . "(no ID number, or a course without a course definition); nothing sent.");
            return;
        }

        $eventid = result_payload::completion_event_id(get_site_identifier(), (int) $completion->id,
            (int) $completion->timecompleted);
        $body = result_payload::encode(result_payload::course_completed(
            $eventid,
            $CFG->wwwroot,
            (int) get_config('local_coursebridge', 'version'),
            (int) $user->id,
            (string) $user->idnumber,
            (int) $course->id,
            (string) $course->shortname,
            (string) $course->idnumber,
            (int) $completion->timecompleted,
            self::final_grade((int) $user->id, (int) $course->id)
        ));

        $outcome = webhook_client::from_config()->send($eventid, $body);
        if (!$outcome['ok']) {
            throw new \moodle_exception('deliveryfailed', 'local_coursebridge', '', $eventid . ': ' . $outcome['error']);
        }
        mtrace("local_coursebridge: sent {$eventid} (HTTP {$outcome['status']}).");
    }

    /**
     * The learner's course total, or null when the course grades nothing or the learner has no total.
     *
     * @param int $userid
     * @param int $courseid
     * @return array|null from result_payload::grade().
     * @throws \moodle_exception gradenotready while the gradebook still has to recalculate (retried later).
     */
    private static function final_grade(int $userid, int $courseid): ?array {
        global $CFG;
        require_once($CFG->libdir . '/gradelib.php');
        require_once($CFG->dirroot . '/grade/querylib.php');

        $item = \grade_item::fetch_course_item($courseid);
        if (!$item) {
            return null;
        }
        $type = (int) $item->gradetype;
        if ($type !== GRADE_TYPE_VALUE && $type !== GRADE_TYPE_SCALE) {
            return null;
        }
        // Regrades first when the course total is marked as needing it (grade/querylib.php).
        $grade = grade_get_course_grade($userid, $courseid);
        if ($grade === false) {
            return null;
        }
        if ($grade->grade === false) {
            // The regrade did not finish: send later rather than without the grade.
            throw new \moodle_exception('gradenotready', 'local_coursebridge');
        }
        if ($grade->grade === null) {
            return null;
        }
        return result_payload::grade(
            $type === GRADE_TYPE_SCALE ? result_payload::GRADE_SCALE : result_payload::GRADE_VALUE,
            (float) $grade->grade,
            (float) $item->grademin,
            (float) $item->grademax,
            (float) $item->gradepass
        );
    }
}
