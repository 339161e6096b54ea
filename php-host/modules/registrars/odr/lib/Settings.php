<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

/**
 * The module's settings as WHMCS stores them (yes/no as 'on' or empty), read once per call.
 */
final class Settings
{
    private const DEFAULT_TIMEOUT_SECONDS = 30;
    private const MAX_TIMEOUT_SECONDS = 300;

    /**
     * @param array<string, int|string> $onsiteContact WIT contact-choice
     * @param array<string, int|string> $techContact   WIT contact-choice
     */
    private function __construct(
        public readonly string $apiKey,
        public readonly string $apiSecret,
        public readonly string $apiUrl,
        public readonly bool $testMode,
        public readonly string $adminUser,
        private readonly string|array $onsiteContact,
        private readonly string|array $techContact,
        public readonly int $timeoutSeconds,
        public readonly bool $syncContacts,
        public readonly bool $domainReport,
        public readonly string $primaryDomain,
        public readonly bool $syncPreview,
        public readonly int $requestsPerSecond,
    ) {
    }

    /**
     * From a WHMCS parameter array or getRegistrarConfigOptions('odr').
     *
     * @param array<string, mixed> $values
     * @throws \InvalidArgumentException when a contact id or the timeout is not a number
     */
    public static function fromArray(array $values): self
    {
        return new self(
            self::text($values, 'APIKey'),
            self::text($values, 'APISecret'),
            self::text($values, 'ApiUrl'),
            self::flag($values, 'TestMode'),
            self::text($values, 'Adminuser'),
            self::contactChoice($values, 'OnsiteContact', 'onsite'),
            self::contactChoice($values, 'TechContact', 'tech'),
            self::timeout($values),
            self::flag($values, 'Synccontact'),
            self::flag($values, 'Syncdomain'),
            self::text($values, 'Primairydomain'),
            self::flag($values, 'SyncPreview'),
            self::requestsPerSecond($values),
        );
    }

    /**
     * Requests per second after a burst (the component's politeness limiter); empty or 0: the
     * component's default (2).
     *
     * @param array<string, mixed> $values
     */
    private static function requestsPerSecond(array $values): int
    {
        $text = self::text($values, 'RequestsPerSecond');
        if ($text === '') {
            return 0;
        }
        if (preg_match('/^\d{1,3}$/', $text) !== 1 || (int) $text > 100) {
            throw new \InvalidArgumentException(
                'Requests per second must be a whole number from 1 to 100 (empty for the default, 2).'
            );
        }

        return (int) $text;
    }

    /** The WIT `settings` record passed with every component call. */
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

    /** True when the onsite role follows the panel's (WHMCS's) admin contact. */
    public function onsiteFromPanel(): bool
    {
        return $this->onsiteContact === 'from-panel';
    }

    /** True when the tech role follows the panel's (WHMCS's) admin contact. */
    public function techFromPanel(): bool
    {
        return $this->techContact === 'from-panel';
    }

    /**
     * Strings to scrub from the module log (the component masks them too).
     *
     * @return list<string>
     */
    public function secrets(): array
    {
        if (strlen($this->apiSecret) < ErrorMessage::MIN_SECRET_LENGTH) {
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

    /** @param array<string, mixed> $values */
    private static function text(array $values, string $key): string
    {
        $value = $values[$key] ?? '';

        return is_scalar($value) ? trim((string) $value) : '';
    }

    /** @param array<string, mixed> $values */
    private static function flag(array $values, string $key): bool
    {
        $value = $values[$key] ?? '';

        return $value === true || in_array(strtolower(trim((string) $value)), ['on', 'yes', '1', 'true'], true);
    }

    /**
     * @param array<string, mixed> $values
     * @return string|array<string, int>
     */
    private static function contactChoice(array $values, string $key, string $role): string|array
    {
        $choice = self::text($values, $key);
        if ($choice === ConfigFields::CONTACT_WHMCS) {
            return 'from-panel';
        }
        if ($choice !== ConfigFields::CONTACT_FIXED) {
            return 'same-as-registrant';
        }
        $id = self::text($values, $key . 'Id');
        if (!ctype_digit($id) || (int) $id < 1) {
            throw new \InvalidArgumentException(sprintf(
                'The %s contact is set to a fixed ODR contact, but "%s" is not an ODR contact id (a number).',
                $role,
                $id,
            ));
        }

        return ['fixed' => (int) $id];
    }

    /** @param array<string, mixed> $values */
    private static function timeout(array $values): int
    {
        $seconds = self::text($values, 'RequestTimeout');
        if ($seconds === '') {
            return self::DEFAULT_TIMEOUT_SECONDS;
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
}
