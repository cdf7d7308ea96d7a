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
 * What the course_completed event saw, carried by the queued task.
 *
 * PHP 7.4 compatible and free of Moodle calls, so coursebridge's tests run it with php-cli.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\local;

/**
 * The completion as the event saw it, captured by the observer into the task's custom data.
 *
 * The task runs later (next cron run, or days later after failed attempts). By then the course_completions row may
 * be gone: a course reset or a completion reset before a retake deletes it, and the retake writes a new row with
 * its own event (recorded on Moodle 4.5.6: row 8 deleted, row 9 written 20 s later). Reading the row when the task
 * runs would lose the first completion; the captured values are sent instead. Tasks queued by an earlier version
 * of this plugin carry only the ids: for them the row is read as before.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class completion_snapshot {
    /**
     * The task's custom data for one completion.
     *
     * @param int $completionid course_completions.id (the event's objectid).
     * @param int $userid the learner (relateduserid).
     * @param int $courseid
     * @param int $timecompleted course_completions.timecompleted as the event saw it.
     * @param string $useridnumber the learner's ID number when the event fired.
     * @param string $shortname the course's short name.
     * @param string $courseidnumber the course's ID number.
     * @param int $timecreated the event's time.
     * @return array
     */
    public static function capture(int $completionid, int $userid, int $courseid, int $timecompleted, string $useridnumber,
            string $shortname, string $courseidnumber, int $timecreated): array {
        return [
            'userid' => $userid,
            'courseid' => $courseid,
            'completionid' => $completionid,
            'timecreated' => $timecreated,
            'captured' => [
                'timecompleted' => $timecompleted,
                'useridnumber' => $useridnumber,
                'shortname' => $shortname,
                'courseidnumber' => $courseidnumber,
            ],
        ];
    }

    /**
     * Whether the custom data holds what the event saw (queued by this version), or only the ids (an earlier one).
     *
     * @param \stdClass $data the task's custom data.
     * @return bool
     */
    public static function is_captured(\stdClass $data): bool {
        return isset($data->captured) && is_object($data->captured) && !empty($data->captured->timecompleted);
    }

    /**
     * What to send: the captured values, or for a task of an earlier version the row as it is now.
     *
     * @param \stdClass $data the task's custom data.
     * @param \stdClass|null $row the course_completions row now (only read for a task without captured values).
     * @param \stdClass|null $user the user now (id, idnumber, deleted), idem.
     * @param \stdClass|null $course the course now (id, shortname, idnumber), idem.
     * @return array|null completionid, userid, useridnumber, courseid, shortname, courseidnumber, timecompleted;
     *     null when there is nothing to send (a task of an earlier version whose row is gone).
     */
    public static function to_send(\stdClass $data, ?\stdClass $row, ?\stdClass $user, ?\stdClass $course): ?array {
        if (self::is_captured($data)) {
            return [
                'completionid' => (int) $data->completionid,
                'userid' => (int) $data->userid,
                'useridnumber' => (string) $data->captured->useridnumber,
                'courseid' => (int) $data->courseid,
                'shortname' => (string) $data->captured->shortname,
                'courseidnumber' => (string) $data->captured->courseidnumber,
                'timecompleted' => (int) $data->captured->timecompleted,
            ];
        }
        if (!$row || empty($row->timecompleted) || (int) $row->userid !== (int) $data->userid
                || (int) $row->course !== (int) $data->courseid) {
            return null;
        }
        if (!$user || !empty($user->deleted) || !$course) {
            return null;
        }
        return [
            'completionid' => (int) $row->id,
            'userid' => (int) $user->id,
            'useridnumber' => (string) $user->idnumber,
            'courseid' => (int) $course->id,
            'shortname' => (string) $course->shortname,
            'courseidnumber' => (string) $course->idnumber,
            'timecompleted' => (int) $row->timecompleted,
        ];
    }
}
