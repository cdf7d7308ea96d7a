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
 * Standard Webhooks signing (https://www.standardwebhooks.com), symmetric scheme "v1".
 *
 * Plain PHP on purpose: no Moodle function, no $CFG, no language strings, so coursebridge's test
 * suite can include this file with php-cli and check that its TypeScript verifier accepts exactly
 * what the plugin sends. The file only declares a class, so it needs no MOODLE_INTERNAL guard
 * (Moodle's coding style asks for none in class-only files) and can be included standalone.
 *
 * PHP 7.4 compatible (Moodle 4.1 runs on PHP 7.4).
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

namespace local_coursebridge\local;

/**
 * Signs a webhook body: headers webhook-id, webhook-timestamp, webhook-signature.
 *
 * Signed content: "<webhook-id>.<webhook-timestamp>.<body>" (exact body bytes as sent).
 * Signature: "v1," followed by the standard base64 (with padding) of HMAC-SHA256 over that content.
 *
 * Secret: "whsec_<base64>" (the Standard Webhooks format) is base64-decoded and the bytes are the key.
 * Any other value is used as it is (its UTF-8 bytes are the key). Surrounding whitespace is ignored
 * in both cases, so a secret pasted with a trailing newline still works. coursebridge's verifier
 * (src/webhooks/standard-webhooks.ts) reads secrets by the same rule.
 *
 * @package    local_coursebridge
 * @copyright  2025 coursebridge contributors
 * @license    http://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
final class webhook_signer {
    /** @var string Prefix of secrets in the Standard Webhooks serialisation. */
    public const SECRET_PREFIX = 'whsec_';

    /** @var string The HMAC key (raw bytes). */
    private $key;

    /**
     * Creates a signer for one secret.
     *
     * @param string $secret "whsec_<base64>" or a raw secret.
     * @throws \InvalidArgumentException when the secret is empty or its whsec_ part is not base64.
     */
    public function __construct(string $secret) {
        $this->key = self::key_from_secret($secret);
    }

    /**
     * Turns a configured secret into the HMAC key bytes.
     *
     * @param string $secret "whsec_<base64>" or a raw secret.
     * @return string the key bytes.
     * @throws \InvalidArgumentException when the secret is empty or its whsec_ part is not base64.
     */
    public static function key_from_secret(string $secret): string {
        $secret = trim($secret);
        if (strncmp($secret, self::SECRET_PREFIX, strlen(self::SECRET_PREFIX)) === 0) {
            $encoded = substr($secret, strlen(self::SECRET_PREFIX));
            // Standard base64 alphabet only; padding optional. Same rule as the TypeScript side.
            if ($encoded === '' || !preg_match('~^[A-Za-z0-9+/]+={0,2}$~', $encoded)) {
                throw new \InvalidArgumentException('The whsec_ secret is not valid base64.');
            }
            $key = base64_decode($encoded, true);
            if ($key === false || $key === '') {
                throw new \InvalidArgumentException('The whsec_ secret is not valid base64.');
            }
            return $key;
        }
        if ($secret === '') {
            throw new \InvalidArgumentException('The webhook secret is empty.');
        }
        return $secret;
    }

    /**
     * Whether an id may be used as webhook-id.
     *
     * The standard asks that ids contain no "." (the delimiter of the signed content); we also keep
     * them to a header-safe alphabet.
     *
     * @param string $id
     * @return bool
     */
    public static function is_valid_id(string $id): bool {
        return (bool) preg_match('~^[A-Za-z0-9_-]{1,200}$~', $id);
    }

    /**
     * The signature of one body: "v1,<base64>".
     *
     * @param string $id webhook-id (no dots).
     * @param int $timestamp webhook-timestamp, unix seconds of this attempt.
     * @param string $body the exact body bytes that will be sent.
     * @return string
     * @throws \InvalidArgumentException when the id is not usable.
     */
    public function sign(string $id, int $timestamp, string $body): string {
        if (!self::is_valid_id($id)) {
            throw new \InvalidArgumentException('A webhook id may only hold A-Z a-z 0-9 _ - (1 to 200 characters).');
        }
        $content = $id . '.' . $timestamp . '.' . $body;
        return 'v1,' . base64_encode(hash_hmac('sha256', $content, $this->key, true));
    }

    /**
     * The three Standard Webhooks headers for one attempt, as name => value.
     *
     * @param string $id webhook-id, the same for every retry of one event.
     * @param int $timestamp unix seconds of this attempt (new for each retry).
     * @param string $body the exact body bytes that will be sent.
     * @return array<string, string>
     */
    public function headers(string $id, int $timestamp, string $body): array {
        return [
            'webhook-id' => $id,
            'webhook-timestamp' => (string) $timestamp,
            'webhook-signature' => $this->sign($id, $timestamp, $body),
        ];
    }
}
