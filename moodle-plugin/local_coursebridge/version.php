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
 * Version information for local_coursebridge.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'local_coursebridge';
$plugin->version = 2025112300;
$plugin->release = '0.1.0';
// Moodle 4.1 (2022112800) or later; declared as tested from 4.1 up to 5.0.
$plugin->requires = 2022112800;
$plugin->supported = [401, 500];
$plugin->maturity = MATURITY_BETA;
