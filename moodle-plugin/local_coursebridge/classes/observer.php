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
 * Observer of course completions: queues the delivery, never sends anything itself.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge;

/**
 * Queues one \local_coursebridge\task\send_result per course completion.
 *
 * No HTTP here: an observer runs inside the request (or cron run) that completed the course, and a slow
 * or unreachable coursebridge must neither slow that down nor lose the result. The ad-hoc task does the
 * call and is retried by Moodle's task system when it fails.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class observer {
    /**
     * A learner completed a course (fired once per completion; relateduserid is the learner, userid whoever acted).
     *
     * @param \core\event\course_completed $event
     * @return void
     */
    public static function course_completed(\core\event\course_completed $event): void {
        global $DB;
        if (!get_config('local_coursebridge', 'enabled')) {
            return;
        }
        // Only what coursebridge manages: users with an ID number, in a course of the cached list (when there
        // is a fresh one; the task checks again when it runs). No network call here.
        $idnumber = (string) $DB->get_field('user', 'idnumber', ['id' => (int) $event->relateduserid]);
        $list = local\managed_courses::cached();
        if (!local\managed_courses::is_fresh($list, time())) {
            $list = null;
        }
        if (!local\managed_courses::should_send($list, $idnumber, (int) $event->courseid)) {
            return;
        }
        // What the event saw, captured now: the task runs later, when a reset (before a retake) may have deleted the
        // completion row. The event carries the row as a snapshot (completion_completion::mark_complete adds it).
        $completion = $event->get_record_snapshot('course_completions', (int) $event->objectid);
        $course = $DB->get_record('course', ['id' => (int) $event->courseid], 'id, shortname, idnumber');
        $task = new task\send_result();
        // Event data holds some ids as strings (they come from DB records); store them as ints.
        $task->set_custom_data(local\completion_snapshot::capture(
            (int) $event->objectid,
            (int) $event->relateduserid,
            (int) $event->courseid,
            $completion && !empty($completion->timecompleted) ? (int) $completion->timecompleted : (int) $event->timecreated,
            $idnumber,
            $course ? (string) $course->shortname : '',
            $course ? (string) $course->idnumber : '',
            (int) $event->timecreated
        ));
        $task->set_component('local_coursebridge');
        // Same custom data = same completion: do not queue it twice.
        \core\task\manager::queue_adhoc_task($task, true);
    }
}
