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

use local_coursebridge\local\completion_snapshot;
use local_coursebridge\local\grade_wait;
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
 * Custom data: userid, courseid, completionid (course_completions.id), timecreated (of the event), captured (what
 * the event saw: timecompleted, the user's ID number, the course's short name and ID number; see
 * completion_snapshot) and gradewaits (how often it waited for the gradebook; see grade_wait).
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

        // What the event saw (captured by the observer): sent even when the completion row was reset or replaced by
        // a retake since. A task queued by an earlier version of this plugin carries only ids: the row is read then.
        $row = $user = $course = null;
        if (!completion_snapshot::is_captured($data)) {
            $row = $DB->get_record('course_completions', ['id' => $completionid]) ?: null;
            $user = $DB->get_record('user', ['id' => (int) $data->userid], 'id, idnumber, deleted') ?: null;
            $course = $DB->get_record('course', ['id' => (int) $data->courseid], 'id, shortname, idnumber') ?: null;
        }
        $completion = completion_snapshot::to_send($data, $row, $user, $course);
        if ($completion === null) {
            mtrace("local_coursebridge: completion {$completionid} no longer exists or is not complete; nothing sent.");
            return;
        }

        // Only what coursebridge manages (the list is fetched again when it is older than coursebridge says).
        if (!managed_courses::should_send(managed_courses::current(), $completion['useridnumber'], $completion['courseid'])) {
            mtrace("local_coursebridge: completion {$completionid} is not one coursebridge manages "
                . "(no ID number, or a course without a course definition); nothing sent.");
            return;
        }

        $grade = self::final_grade($completion['userid'], $completion['courseid']);
        if ($grade === false) {
            // The gradebook is still being recalculated: wait for it rather than fail or send without the grade.
            $waits = isset($data->gradewaits) ? (int) $data->gradewaits : 0;
            $delay = grade_wait::delay($waits);
            if ($delay === null) {
                throw new \moodle_exception('gradenotready', 'local_coursebridge');
            }
            $next = new self();
            $next->set_custom_data(array_merge(json_decode(json_encode($data), true), ['gradewaits' => $waits + 1]));
            $next->set_component('local_coursebridge');
            $next->set_next_run_time(time() + $delay);
            \core\task\manager::queue_adhoc_task($next, true);
            mtrace("local_coursebridge: the gradebook of course {$completion['courseid']} is still being recalculated; "
                . "completion {$completionid} is sent in {$delay} s.");
            return;
        }

        $eventid = result_payload::completion_event_id(get_site_identifier(), $completion['completionid'],
            $completion['timecompleted']);
        $body = result_payload::encode(result_payload::course_completed(
            $eventid,
            $CFG->wwwroot,
            (int) get_config('local_coursebridge', 'version'),
            $completion['userid'],
            $completion['useridnumber'],
            $completion['courseid'],
            $completion['shortname'],
            $completion['courseidnumber'],
            $completion['timecompleted'],
            $grade
        ));

        $outcome = webhook_client::from_config()->send($eventid, $body);
        if (!$outcome['ok']) {
            throw new \moodle_exception('deliveryfailed', 'local_coursebridge', '', $eventid . ': ' . $outcome['error']);
        }
        mtrace("local_coursebridge: sent {$eventid} (HTTP {$outcome['status']}).");
    }

    /**
     * The learner's course total, null when the course grades nothing or the learner has no total, false while the
     * gradebook is still being recalculated.
     *
     * @param int $userid
     * @param int $courseid
     * @return array|null|false from result_payload::grade(), null, or false (not ready: wait, see grade_wait).
     */
    private static function final_grade(int $userid, int $courseid) {
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
            // The regrade did not finish.
            return false;
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
