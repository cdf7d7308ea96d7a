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
 * Which completions coursebridge manages: the list of course ids it fetches from coursebridge and caches.
 *
 * PHP 7.4 compatible. The pure parts (decode, should_send, request_headers) need no Moodle, so coursebridge's
 * tests run them with php-cli; cached() and refresh() use Moodle's config and curl.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\local;

/**
 * The list of managed courses: fetched with a signed GET from "<endpoint>/managed", kept in the plugin's
 * config for as long as coursebridge says (maxAgeSeconds, one hour), used to send only completions of
 * users with an ID number in courses coursebridge has a course definition for.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class managed_courses {
    /** @var string Config name of the cached list (JSON: courses, fetched, maxage). */
    public const CONFIG = 'managedcourses';

    /**
     * Reads coursebridge's answer.
     *
     * @param string $json the body of GET <endpoint>/managed.
     * @param int $now unix seconds when it was fetched.
     * @return array|null ['courses' => int[], 'fetched' => int, 'maxage' => int], null when the answer is not a list.
     */
    public static function decode(string $json, int $now): ?array {
        $data = json_decode($json, true);
        if (!is_array($data) || !isset($data['courses']) || !is_array($data['courses'])) {
            return null;
        }
        $courses = [];
        foreach ($data['courses'] as $id) {
            if (is_int($id) || (is_string($id) && ctype_digit($id))) {
                $courses[] = (int) $id;
            }
        }
        $maxage = isset($data['maxAgeSeconds']) && is_int($data['maxAgeSeconds']) ? max(60, $data['maxAgeSeconds']) : 3600;
        return ['courses' => $courses, 'fetched' => $now, 'maxage' => $maxage];
    }

    /**
     * Whether the list is recent enough to go by.
     *
     * @param array|null $list from decode() or cached().
     * @param int $now unix seconds.
     * @return bool
     */
    public static function is_fresh(?array $list, int $now): bool {
        return $list !== null && $now - (int) $list['fetched'] < (int) $list['maxage'];
    }

    /**
     * Whether a completion is one to send: the user has an ID number and, when a list is known, the course is
     * in it. Without a list (never fetched, coursebridge unreachable) the completion is sent: coursebridge
     * answers one it does not manage with "ignored" (HTTP 200), so nothing is retried, and nothing is lost.
     *
     * @param array|null $list from decode() or cached().
     * @param string $idnumber the learner's ID number.
     * @param int $courseid the course id.
     * @return bool
     */
    public static function should_send(?array $list, string $idnumber, int $courseid): bool {
        if (trim($idnumber) === '') {
            return false;
        }
        return $list === null || in_array($courseid, $list['courses'], true);
    }

    /**
     * The Standard Webhooks headers of the GET: signed over an empty body, a fresh id each time.
     *
     * @param webhook_signer $signer
     * @param int $now unix seconds.
     * @return array<string, string>
     */
    public static function request_headers(webhook_signer $signer, int $now): array {
        return $signer->headers('msg_managed_' . bin2hex(random_bytes(8)), $now, '');
    }

    /**
     * The cached list (however old), or null.
     *
     * @return array|null
     */
    public static function cached(): ?array {
        $json = get_config('local_coursebridge', self::CONFIG);
        if (!is_string($json) || $json === '') {
            return null;
        }
        $list = json_decode($json, true);
        return is_array($list) && isset($list['courses'], $list['fetched'], $list['maxage']) ? $list : null;
    }

    /**
     * The list to go by now: the cached one while fresh, else fetched again (and cached); when the fetch
     * fails, the old list if there is one, else null (send everything).
     *
     * @return array|null
     */
    public static function current(): ?array {
        $cached = self::cached();
        if (self::is_fresh($cached, time())) {
            return $cached;
        }
        $fetched = webhook_client::from_config()->fetch_managed_courses();
        if ($fetched === null) {
            return $cached;
        }
        set_config(self::CONFIG, json_encode($fetched), 'local_coursebridge');
        return $fetched;
    }
}
