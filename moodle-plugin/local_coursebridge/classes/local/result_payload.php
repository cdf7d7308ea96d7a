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
 * The JSON bodies the plugin sends to coursebridge.
 *
 * Plain PHP on purpose (no Moodle function, no $CFG, no language strings): coursebridge's test suite
 * includes this file with php-cli and parses the result with its zod schema
 * (src/webhooks/moodle-result-payload.ts). The file only declares a class, so it needs no
 * MOODLE_INTERNAL guard and can be included standalone. PHP 7.4 compatible.
 *
 * Keys are always written in the order documented in README.md ("What is sent").
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\local;

/**
 * Builds and encodes the bodies: "course.completed" and "webhook.test".
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class result_payload {
    /** @var string Event type of a course completion. */
    public const TYPE_COURSE_COMPLETED = 'course.completed';
    /** @var string Event type of the administrator's "send test event". */
    public const TYPE_TEST = 'webhook.test';
    /** @var string Grade of a course total with points (Moodle GRADE_TYPE_VALUE). */
    public const GRADE_VALUE = 'value';
    /** @var string Grade of a course total on a scale (Moodle GRADE_TYPE_SCALE): values are scale positions 1..n. */
    public const GRADE_SCALE = 'scale';

    /**
     * A short, stable, dot-free key for this Moodle site.
     *
     * Moodle's site identifier is 32 random characters followed by the host name, so it holds dots,
     * which Standard Webhooks forbids in a webhook-id; the first 16 hex digits of its SHA-256 are used.
     *
     * @param string $siteidentifier Moodle's get_site_identifier().
     * @return string 16 lower-case hex digits.
     */
    public static function site_key(string $siteidentifier): string {
        return substr(hash('sha256', $siteidentifier), 0, 16);
    }

    /**
     * The id of one completion: "moodle-<site key>-<course_completions id>-<timecompleted>".
     *
     * The same for every retry of that completion (coursebridge de-duplicates by it); a retake after a
     * completion reset has a new course_completions row and time, so it gets a new id.
     *
     * @param string $siteidentifier Moodle's get_site_identifier().
     * @param int $completionid course_completions.id.
     * @param int $timecompleted course_completions.timecompleted.
     * @return string
     */
    public static function completion_event_id(string $siteidentifier, int $completionid, int $timecompleted): string {
        return 'moodle-' . self::site_key($siteidentifier) . '-' . $completionid . '-' . $timecompleted;
    }

    /**
     * The id of one test event: "moodle-<site key>-test-<time>-<nonce>".
     *
     * @param string $siteidentifier Moodle's get_site_identifier().
     * @param int $time unix seconds.
     * @param string $nonce lower-case hex, to tell two tests within one second apart.
     * @return string
     */
    public static function test_event_id(string $siteidentifier, int $time, string $nonce): string {
        if (!preg_match('~^[0-9a-f]{1,32}$~', $nonce)) {
            throw new \InvalidArgumentException('The nonce must be 1 to 32 lower-case hex digits.');
        }
        return 'moodle-' . self::site_key($siteidentifier) . '-test-' . $time . '-' . $nonce;
    }

    /**
     * The grade part of a course.completed body.
     *
     * @param string $type self::GRADE_VALUE or self::GRADE_SCALE.
     * @param float $final the course total (finalgrade).
     * @param float $min grademin of the course total.
     * @param float $max grademax of the course total.
     * @param float|null $pass gradepass, null when none is set (Moodle stores 0 for "none").
     * @return array{type: string, final: float, min: float, max: float, pass: float|null, percentage: float|null}
     */
    public static function grade(string $type, float $final, float $min, float $max, ?float $pass): array {
        if ($type !== self::GRADE_VALUE && $type !== self::GRADE_SCALE) {
            throw new \InvalidArgumentException('Unknown grade type: ' . $type);
        }
        // Percentage as Moodle shows it: position between min and max (grade_grade::standardise_score).
        $percentage = $max > $min ? round(($final - $min) / ($max - $min) * 100, 2) : null;
        return [
            'type' => $type,
            'final' => $final,
            'min' => $min,
            'max' => $max,
            'pass' => ($pass !== null && $pass > 0) ? $pass : null,
            'percentage' => $percentage,
        ];
    }

    /**
     * The body of one course completion.
     *
     * @param string $eventid from completion_event_id().
     * @param string $site Moodle's wwwroot.
     * @param int $pluginversion this plugin's version number (version.php).
     * @param int $userid the learner's Moodle user id.
     * @param string $useridnumber the learner's idnumber ('' is sent as null).
     * @param int $courseid Moodle course id.
     * @param string $shortname course shortname.
     * @param string $courseidnumber course idnumber ('' is sent as null).
     * @param int $timecompleted unix seconds.
     * @param array|null $grade from grade(), or null when the course has no final grade for the learner.
     * @return array
     */
    public static function course_completed(string $eventid, string $site, int $pluginversion, int $userid,
            string $useridnumber, int $courseid, string $shortname, string $courseidnumber, int $timecompleted,
            ?array $grade): array {
        return [
            'type' => self::TYPE_COURSE_COMPLETED,
            'id' => $eventid,
            'moodle' => ['site' => $site, 'plugin' => $pluginversion],
            'user' => ['id' => $userid, 'idnumber' => $useridnumber === '' ? null : $useridnumber],
            'course' => [
                'id' => $courseid,
                'shortname' => $shortname,
                'idnumber' => $courseidnumber === '' ? null : $courseidnumber,
            ],
            'timecompleted' => $timecompleted,
            'grade' => $grade,
        ];
    }

    /**
     * The body of a test event.
     *
     * @param string $eventid from test_event_id().
     * @param string $site Moodle's wwwroot.
     * @param int $pluginversion this plugin's version number.
     * @param int $timecreated unix seconds.
     * @return array
     */
    public static function test(string $eventid, string $site, int $pluginversion, int $timecreated): array {
        return [
            'type' => self::TYPE_TEST,
            'id' => $eventid,
            'moodle' => ['site' => $site, 'plugin' => $pluginversion],
            'timecreated' => $timecreated,
        ];
    }

    /**
     * The exact body bytes: compact JSON, UTF-8, slashes unescaped.
     *
     * @param array $payload from course_completed() or test().
     * @return string
     * @throws \JsonException when a value cannot be encoded (e.g. invalid UTF-8).
     */
    public static function encode(array $payload): string {
        return json_encode($payload, JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
    }
}
