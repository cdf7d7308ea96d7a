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

namespace local_coursebridge\local;

/**
 * Tests of the plain signing and payload classes (no database needed).
 *
 * coursebridge's own suite (test/webhooks/php-signature.test.ts) checks the same classes against its
 * TypeScript verifier; this test lets Moodle's PHPUnit run cover them as well.
 *
 * @package    local_coursebridge
 * @category   test
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \local_coursebridge\local\webhook_signer
 * @covers     \local_coursebridge\local\result_payload
 */
final class webhook_signer_test extends \basic_testcase {
    /**
     * The published Standard Webhooks test vector is reproduced byte for byte.
     */
    public function test_reference_vector(): void {
        $signer = new webhook_signer('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw');
        $this->assertSame('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
            $signer->sign('msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, '{"test": 2432232314}'));
    }

    /**
     * A raw secret is used as it is, surrounding whitespace ignored; a broken whsec_ secret is refused.
     */
    public function test_secrets(): void {
        $this->assertSame('geheim', webhook_signer::key_from_secret("  geheim\n"));
        $this->assertSame("\x00\x01\x02\x03", webhook_signer::key_from_secret('whsec_AAECAw=='));
        $this->expectException(\InvalidArgumentException::class);
        webhook_signer::key_from_secret('whsec_not*base64');
    }

    /**
     * Event ids hold no dot, although Moodle's site identifier ends with the host name.
     */
    public function test_event_id_has_no_dot(): void {
        $id = result_payload::completion_event_id('abcdefmoodle.example.org', 12, 1735000000);
        $this->assertMatchesRegularExpression('~^moodle-[0-9a-f]{16}-12-1735000000$~', $id);
        $this->assertTrue(webhook_signer::is_valid_id($id));
        $this->assertFalse(webhook_signer::is_valid_id('moodle.example.org'));
    }

    /**
     * The body keeps the documented key order and sends empty idnumbers as null.
     */
    public function test_course_completed_body(): void {
        $grade = result_payload::grade(result_payload::GRADE_VALUE, 8.5, 0.0, 10.0, 0.0);
        $body = result_payload::encode(result_payload::course_completed('moodle-0123456789abcdef-1-1735000000',
            'https://moodle.example.org', 2025112300, 4, 'CV-1001', 2, 'CV-E101', '', 1735000000, $grade));
        $this->assertSame('{"type":"course.completed","id":"moodle-0123456789abcdef-1-1735000000",'
            . '"moodle":{"site":"https://moodle.example.org","plugin":2025112300},'
            . '"user":{"id":4,"idnumber":"CV-1001"},"course":{"id":2,"shortname":"CV-E101","idnumber":null},'
            . '"timecompleted":1735000000,'
            . '"grade":{"type":"value","final":8.5,"min":0,"max":10,"pass":null,"percentage":85}}', $body);
    }
}
