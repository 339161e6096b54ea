<?php

declare(strict_types=1);

namespace Odr\Panel;

/**
 * The WIT `settings` record every component call carries, and the checks of the values an admin
 * types into any panel's settings form (timeout, pace, a fixed ODR contact id). Panel-neutral:
 * each panel reads its own field names and builds one of these. Empty fields stay 0: the
 * component applies its own defaults, and which contact roles follow the panel.
 */
final class ConnectionSettings
{
    public const MAX_TIMEOUT_SECONDS = 300;
    public const MAX_REQUESTS_PER_SECOND = 100;
    /** Shorter "secrets" are test values or typos; masking them would garble every message. */
    public const MIN_SECRET_LENGTH = 6;

    /**
     * @param string|array<string, int> $onsiteContact WIT contact-choice
     * @param string|array<string, int> $techContact   WIT contact-choice
     */
    public function __construct(
        public readonly string $apiKey,
        public readonly string $apiSecret,
        public readonly string $apiUrl,
        public readonly bool $testMode,
        public readonly string|array $onsiteContact,
        public readonly string|array $techContact,
        public readonly int $timeoutSeconds,
        public readonly int $requestsPerSecond,
    ) {
    }

    /** The same settings on ODR's staging installation (or not). */
    public function withTestMode(bool $testMode): self
    {
        return new self(
            $this->apiKey,
            $this->apiSecret,
            $this->apiUrl,
            $testMode,
            $this->onsiteContact,
            $this->techContact,
            $this->timeoutSeconds,
            $this->requestsPerSecond,
        );
    }

    /**
     * The WIT `settings` record.
     *
     * @return array<string, mixed>
     */
    public function toWit(): array
    {
        return [
            'api-key' => $this->apiKey,
            'api-secret' => $this->apiSecret,
            'api-url' => $this->apiUrl,
            'test-mode' => $this->testMode,
            'onsite-contact' => $this->onsiteContact,
            'tech-contact' => $this->techContact,
            'request-timeout-ms' => $this->timeoutSeconds * 1000,
            'max-requests-per-second' => $this->requestsPerSecond,
        ];
    }

    /** True when the onsite (admin) role follows the panel's admin contact. */
    public function onsiteFromPanel(): bool
    {
        return $this->onsiteContact === 'from-panel';
    }

    /** True when the tech role follows the panel's tech contact. */
    public function techFromPanel(): bool
    {
        return $this->techContact === 'from-panel';
    }

    /**
     * Strings to scrub from the panel's logs (the component masks them too): the secret as typed,
     * JSON-escaped, URL-encoded, and its SHA-1.
     *
     * @return list<string>
     */
    public function secrets(): array
    {
        if (strlen($this->apiSecret) < self::MIN_SECRET_LENGTH) {
            return [];
        }
        $escaped = substr((string) json_encode($this->apiSecret, JSON_UNESCAPED_UNICODE), 1, -1);

        return array_values(array_unique([
            $this->apiSecret,
            $escaped,
            rawurlencode($this->apiSecret),
            sha1($this->apiSecret),
        ]));
    }

    /**
     * The request timeout typed in a settings form; empty is 0, the component's default (30 s).
     *
     * @throws \InvalidArgumentException when it is not a number of seconds in range
     */
    public static function timeoutSeconds(string $seconds): int
    {
        $seconds = trim($seconds);
        if ($seconds === '') {
            return 0;
        }
        if (!ctype_digit($seconds) || (int) $seconds < 1 || (int) $seconds > self::MAX_TIMEOUT_SECONDS) {
            throw new \InvalidArgumentException(sprintf(
                'The request timeout must be a number of seconds from 1 to %d, not "%s".',
                self::MAX_TIMEOUT_SECONDS,
                $seconds,
            ));
        }

        return (int) $seconds;
    }

    /**
     * Requests per second after a burst (the component's politeness limiter); empty or 0: the
     * component's default (2).
     *
     * @throws \InvalidArgumentException when it is not a whole number up to the maximum
     */
    public static function requestsPerSecond(string $text): int
    {
        $text = trim($text);
        if ($text === '') {
            return 0;
        }
        if (preg_match('/^\d{1,3}$/', $text) !== 1 || (int) $text > self::MAX_REQUESTS_PER_SECOND) {
            throw new \InvalidArgumentException(
                'Requests per second must be a whole number from 1 to 100 (empty for the default, 2).'
            );
        }

        return (int) $text;
    }

    /**
     * The WIT contact-choice for a fixed ODR contact id typed in a settings form.
     *
     * @return array<string, int>
     * @throws \InvalidArgumentException when the id is not a positive number
     */
    public static function fixedContact(string $id, string $role): array
    {
        $id = trim($id);
        if (!ctype_digit($id) || (int) $id < 1) {
            throw new \InvalidArgumentException(sprintf(
                'The %s contact is set to a fixed ODR contact, but "%s" is not an ODR contact id (a number).',
                $role,
                $id,
            ));
        }

        return ['fixed' => (int) $id];
    }
}
