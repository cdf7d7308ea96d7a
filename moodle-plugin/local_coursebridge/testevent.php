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
 * Sends a signed test event to coursebridge and shows the outcome.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

use local_coursebridge\local\result_payload;
use local_coursebridge\local\webhook_client;

require_once(__DIR__ . '/../../config.php');
require_once($CFG->libdir . '/adminlib.php');

// Requires login and moodle/site:config (declared in settings.php).
admin_externalpage_setup('local_coursebridge_testevent');

$send = optional_param('send', 0, PARAM_BOOL);
$outcome = null;
$eventid = null;
if ($send) {
    require_sesskey();
    $now = time();
    $eventid = result_payload::test_event_id(get_site_identifier(), $now, bin2hex(random_bytes(4)));
    $body = result_payload::encode(result_payload::test($eventid, $CFG->wwwroot,
        (int) get_config('local_coursebridge', 'version'), $now));
    try {
        $outcome = webhook_client::from_config()->send($eventid, $body);
    } catch (moodle_exception $e) {
        $outcome = ['ok' => false, 'status' => 0, 'error' => $e->getMessage(), 'response' => ''];
    }
}

echo $OUTPUT->header();
echo $OUTPUT->heading(get_string('testevent', 'local_coursebridge'));
echo html_writer::tag('p', get_string('testevent_desc', 'local_coursebridge'));

if ($outcome !== null) {
    if ($outcome['ok']) {
        echo $OUTPUT->notification(get_string('testevent_ok', 'local_coursebridge', $outcome['status']), 'success');
    } else {
        echo $OUTPUT->notification(get_string('testevent_failed', 'local_coursebridge', s($outcome['error'])), 'error');
    }
    echo html_writer::tag('p', get_string('testevent_sent', 'local_coursebridge', s($eventid)));
    if ($outcome['response'] !== '') {
        echo html_writer::tag('p', get_string('testevent_response', 'local_coursebridge'));
        echo html_writer::tag('pre', s($outcome['response']));
    }
}

echo $OUTPUT->single_button(new moodle_url('/local/coursebridge/testevent.php', ['send' => 1]),
    get_string('sendtestevent', 'local_coursebridge'), 'post');
echo $OUTPUT->footer();
