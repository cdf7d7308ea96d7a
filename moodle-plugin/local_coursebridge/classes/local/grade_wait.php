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
 * How long the task waits for a gradebook that is still being recalculated.
 *
 * PHP 7.4 compatible and free of Moodle calls, so coursebridge's tests run it with php-cli.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\local;

/**
 * Waits for the gradebook with backoff, instead of failing the task.
 *
 * Right after a completion the course total is often marked as needing a regrade, and the regrade does not finish
 * within the task's first run (grade_get_course_grade() answers false). Throwing would log a failed task with
 * "gradebook ... still being recalculated" on the first attempt nearly every time. Instead the task queues itself
 * again: 1, 2, 4 ... minutes later, at most an hour apart, up to MAX_WAITS times (about five hours in all). Only then
 * does it fail, and Moodle's own retries of failed tasks take over.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class grade_wait {
    /** @var int Waits before the task fails on a gradebook that is still not ready. */
    public const MAX_WAITS = 10;
    /** @var int Seconds of the first wait. */
    public const FIRST_DELAY = 60;
    /** @var int Seconds of the longest wait. */
    public const MAX_DELAY = 3600;

    /**
     * Seconds to wait before the next attempt, after $waits waits so far; null when the task should fail instead.
     *
     * @param int $waits how often the task has waited for the gradebook already.
     * @return int|null
     */
    public static function delay(int $waits): ?int {
        if ($waits < 0 || $waits >= self::MAX_WAITS) {
            return null;
        }
        return (int) min(self::MAX_DELAY, self::FIRST_DELAY * (2 ** $waits));
    }
}
