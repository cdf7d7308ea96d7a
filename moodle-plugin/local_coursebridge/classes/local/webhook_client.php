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
 * Delivers one signed body to coursebridge with Moodle's curl class.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\local;

/**
 * POSTs a body with the Standard Webhooks headers and reports the outcome as data.
 *
 * Uses Moodle's \curl (lib/filelib.php), so the site's proxy settings and its cURL security rules
 * (Site administration > General > Security > HTTP security: blocked hosts, allowed ports) apply.
 * By default those rules block private addresses (10/8, 172.16/12, 192.168/16, 127/8, localhost) and
 * every port but 80 and 443; a coursebridge inside the same network must be allowed there.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class webhook_client {
    /** @var int Seconds to wait for coursebridge's answer (Standard Webhooks recommends 15 to 30). */
    private const TIMEOUT = 30;
    /** @var int Seconds to wait for the connection. */
    private const CONNECT_TIMEOUT = 10;

    /** @var string The endpoint URL. */
    private $endpoint;
    /** @var webhook_signer */
    private $signer;

    /**
     * Creates a client.
     *
     * @param string $endpoint URL coursebridge shows for this Moodle connection.
     * @param string $secret shared secret ("whsec_..." or raw).
     * @throws \InvalidArgumentException when the secret cannot be used.
     */
    public function __construct(string $endpoint, string $secret) {
        $this->endpoint = $endpoint;
        $this->signer = new webhook_signer($secret);
    }

    /**
     * A client for the configured endpoint and secret.
     *
     * @return self
     * @throws \moodle_exception notconfigured when the endpoint or the secret is empty or unusable.
     */
    public static function from_config(): self {
        $endpoint = trim((string) get_config('local_coursebridge', 'endpoint'));
        $secret = (string) get_config('local_coursebridge', 'secret');
        if ($endpoint === '' || trim($secret) === '') {
            throw new \moodle_exception('notconfigured', 'local_coursebridge');
        }
        try {
            return new self($endpoint, $secret);
        } catch (\InvalidArgumentException $e) {
            throw new \moodle_exception('secretinvalid', 'local_coursebridge', '', null, $e->getMessage());
        }
    }

    /**
     * The list of courses coursebridge manages (GET <endpoint>/managed, signed over an empty body).
     *
     * @return array|null from managed_courses::decode(), null when coursebridge did not answer with a list.
     */
    public function fetch_managed_courses(): ?array {
        global $CFG;
        require_once($CFG->libdir . '/filelib.php');

        $lines = ['Accept: application/json'];
        foreach (managed_courses::request_headers($this->signer, time()) as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $curl = new \curl();
        $curl->setHeader($lines);
        $response = $curl->get(rtrim($this->endpoint, '/') . '/managed', [], [
            'CURLOPT_TIMEOUT' => self::TIMEOUT,
            'CURLOPT_CONNECTTIMEOUT' => self::CONNECT_TIMEOUT,
            'CURLOPT_FOLLOWLOCATION' => 0,
            'CURLOPT_SSL_VERIFYPEER' => 1,
            'CURLOPT_SSL_VERIFYHOST' => 2,
        ]);
        $info = $curl->get_info();
        $status = is_array($info) && isset($info['http_code']) ? (int) $info['http_code'] : 0;
        if ($status !== 200 || !is_string($response)) {
            return null;
        }
        return managed_courses::decode($response, time());
    }

    /**
     * Sends one attempt: a fresh webhook-timestamp and signature, the same webhook-id on every retry.
     *
     * @param string $eventid webhook-id (also the body's "id").
     * @param string $body the exact JSON body.
     * @return array{ok: bool, status: int, error: string, response: string} status 0 when no HTTP answer came.
     */
    public function send(string $eventid, string $body): array {
        global $CFG;
        require_once($CFG->libdir . '/filelib.php');

        $lines = ['Content-Type: application/json', 'Accept: application/json'];
        foreach ($this->signer->headers($eventid, time(), $body) as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $curl = new \curl();
        $curl->setHeader($lines);
        $response = $curl->post($this->endpoint, $body, [
            'CURLOPT_TIMEOUT' => self::TIMEOUT,
            'CURLOPT_CONNECTTIMEOUT' => self::CONNECT_TIMEOUT,
            // A redirect counts as a failure (Standard Webhooks): fix the URL instead of sending results elsewhere.
            'CURLOPT_FOLLOWLOCATION' => 0,
            // Moodle's curl class does not verify TLS peers by default; results are personal data.
            'CURLOPT_SSL_VERIFYPEER' => 1,
            'CURLOPT_SSL_VERIFYHOST' => 2,
        ]);

        $info = $curl->get_info();
        $status = is_array($info) && isset($info['http_code']) ? (int) $info['http_code'] : 0;
        // A URL blocked by the cURL security rules returns the reason as $response, with no HTTP status.
        $error = (string) $curl->error;
        $text = is_string($response) ? $response : '';
        if ($status === 0) {
            return ['ok' => false, 'status' => 0, 'error' => $error !== '' ? $error : $text, 'response' => ''];
        }
        $ok = $status >= 200 && $status < 300;
        return [
            'ok' => $ok,
            'status' => $status,
            'error' => $ok ? '' : 'HTTP ' . $status,
            'response' => \core_text::substr($text, 0, 500),
        ];
    }
}
