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
 * English strings for local_coursebridge.
 *
 * @package    local_coursebridge
 * @category   string
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['deliveryfailed'] = 'coursebridge did not accept the result ({$a}). The task will be retried.';
$string['enabled'] = 'Send results';
$string['enabled_desc'] = 'When on, every course completion is queued and sent to coursebridge by an ad-hoc task (cron must run). Completions that happen while this is off are not sent later; coursebridge\'s poller can still pick them up.';
$string['endpoint'] = 'coursebridge endpoint URL';
$string['endpoint_desc'] = 'The webhook URL coursebridge shows for this Moodle connection. Use https. If coursebridge runs on a private address or on a port other than 80/443, allow it under Site administration > General > Security > HTTP security (cURL blocked hosts list, cURL allowed ports list).';
$string['gradenotready'] = 'The gradebook of this course is still being recalculated; the result will be sent on a later attempt.';
$string['notconfigured'] = 'The coursebridge endpoint URL or shared secret is not set (Site administration > Plugins > Local plugins > coursebridge).';
$string['pluginname'] = 'coursebridge';
$string['privacy:metadata:coursebridge'] = 'When a user completes a course, the result is sent to the coursebridge service configured by the site administrator, which passes it on to the training administration system.';
$string['privacy:metadata:coursebridge:course'] = 'The course id, short name and ID number of the completed course.';
$string['privacy:metadata:coursebridge:grade'] = 'The user\'s final course grade with its minimum, maximum, pass grade and percentage, where the course has one.';
$string['privacy:metadata:coursebridge:timecompleted'] = 'The time the user completed the course.';
$string['privacy:metadata:coursebridge:userid'] = 'The user\'s id in Moodle.';
$string['privacy:metadata:coursebridge:useridnumber'] = 'The user\'s ID number, which identifies the person in the training administration system.';
$string['secret'] = 'Shared secret';
$string['secret_desc'] = 'The signing secret coursebridge shows for this connection, normally starting with "whsec_". Every request is signed with it (Standard Webhooks, HMAC-SHA256) so coursebridge can check it came from this site, unchanged.';
$string['secretinvalid'] = 'The shared secret starts with "whsec_" but the rest is not valid base64. Copy it again from coursebridge.';
$string['sendtestevent'] = 'Send test event';
$string['tasksendresult'] = 'Send a course result to coursebridge';
$string['testevent'] = 'Send a test event to coursebridge';
$string['testevent_desc'] = 'Sends a signed "webhook.test" event to the configured endpoint now and shows coursebridge\'s answer. It contains no user data. Save the settings before testing.';
$string['testevent_failed'] = 'The test event was not accepted: {$a}';
$string['testevent_link'] = '<a href="{$a}">Send a test event</a> to check the URL, the secret and the network path.';
$string['testevent_ok'] = 'coursebridge accepted the test event (HTTP {$a}).';
$string['testevent_response'] = 'Answer from coursebridge';
$string['testevent_sent'] = 'Event id: {$a}';
