<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr;

use Odr\Panel\ConnectionSettings;

/**
 * The module's settings as WHMCS stores them (yes/no as 'on' or empty), read once per call.
 */
final class Settings
{
    /** The contact-choice dropdown's values (ConfigFields offers them; kept here, where every call reads them). */
    public const CONTACT_REGISTRANT = 'registrant';
    public const CONTACT_WHMCS = 'whmcs';
    public const CONTACT_FIXED = 'fixed';

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
            ConnectionSettings::timeoutSeconds(self::text($values, 'RequestTimeout')),
            self::flag($values, 'Synccontact'),
            self::flag($values, 'Syncdomain'),
            self::text($values, 'Primairydomain'),
            self::flag($values, 'SyncPreview'),
            ConnectionSettings::requestsPerSecond(self::text($values, 'RequestsPerSecond')),
        );
    }

    /**
     * The panel-neutral part: what every component call carries.
     */
    public function connection(): ConnectionSettings
    {
        return new ConnectionSettings(
            $this->apiKey,
            $this->apiSecret,
            $this->apiUrl,
            $this->testMode,
            $this->onsiteContact,
            $this->techContact,
            $this->timeoutSeconds,
            $this->requestsPerSecond,
        );
    }

    /**
     * The WIT `settings` record passed with every component call.
     *
     * @return array<string, mixed>
     */
    public function toWit(): array
    {
        return $this->connection()->toWit();
    }

    /** True when the onsite role follows the panel's (WHMCS's) admin contact. */
    public function onsiteFromPanel(): bool
    {
        return $this->connection()->onsiteFromPanel();
    }

    /** True when the tech role follows the panel's (WHMCS's) admin contact. */
    public function techFromPanel(): bool
    {
        return $this->connection()->techFromPanel();
    }

    /**
     * Strings to scrub from the module log (the component masks them too).
     *
     * @return list<string>
     */
    public function secrets(): array
    {
        return $this->connection()->secrets();
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
        if ($choice === self::CONTACT_WHMCS) {
            return 'from-panel';
        }
        if ($choice !== self::CONTACT_FIXED) {
            return 'same-as-registrant';
        }
        return ConnectionSettings::fixedContact(self::text($values, $key . 'Id'), $role);
    }
}
