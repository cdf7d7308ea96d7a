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
 * Administration settings of local_coursebridge.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

if ($hassiteconfig) {
    $settings = new admin_settingpage('local_coursebridge', new lang_string('pluginname', 'local_coursebridge'));
    $ADMIN->add('localplugins', $settings);

    if ($ADMIN->fulltree) {
        $testurl = new moodle_url('/local/coursebridge/testevent.php');
        $settings->add(new admin_setting_description('local_coursebridge/testeventlink', '',
            get_string('testevent_link', 'local_coursebridge', $testurl->out())));

        $settings->add(new admin_setting_configcheckbox('local_coursebridge/enabled',
            new lang_string('enabled', 'local_coursebridge'),
            new lang_string('enabled_desc', 'local_coursebridge'), 0));

        $settings->add(new admin_setting_configtext('local_coursebridge/endpoint',
            new lang_string('endpoint', 'local_coursebridge'),
            new lang_string('endpoint_desc', 'local_coursebridge'), '', PARAM_URL, 60));

        $settings->add(new admin_setting_configpasswordunmask('local_coursebridge/secret',
            new lang_string('secret', 'local_coursebridge'),
            new lang_string('secret_desc', 'local_coursebridge'), ''));
    }

    // The test page: reachable from the link above, hidden from the admin tree.
    $ADMIN->add('localplugins', new admin_externalpage('local_coursebridge_testevent',
        new lang_string('testevent', 'local_coursebridge'),
        new moodle_url('/local/coursebridge/testevent.php'),
        'moodle/site:config', true));
}
