<?php

declare(strict_types=1);

namespace Odr\Fossbilling;

use Odr\Panel\ConnectionSettings;

/**
 * The adapter's configuration form (what getConfig() returns: FOSSBilling renders `form` on the
 * registrar's page and saves the values as the array it constructs the adapter with) and the
 * component settings read from those values.
 */
final class Config
{
    private const ROLES = [
        'registrant' => 'The registrant\'s ODR contact',
        'panel' => 'The contact on the order',
        'fixed' => 'A fixed ODR contact (id below)',
    ];

    /** @return array{label: string, form: array<string, array{0: string, 1: array<string, mixed>}>} */
    public static function definition(): array
    {
        $text = static fn (string $label): array => ['text', ['label' => $label, 'required' => false]];

        return [
            'label' => 'Open Domain Registry (ODR): registers, transfers, renews (auto-renew at ODR) and '
                . 'manages domains. Needs the odr PHP extension.',
            'form' => [
                'api_key' => ['text', ['label' => 'API key (public$...)', 'required' => true]],
                'api_secret' => ['password', ['label' => 'API secret', 'required' => true]],
                'api_url' => $text('API URL (empty: production, or staging in test mode)'),
                'request_timeout' => $text('Request timeout in seconds (empty: 30)'),
                'requests_per_second' => $text('Requests per second after a burst of 24 (empty: 2)'),
                'onsite_contact' => ['radio', ['label' => 'Admin (onsite) contact', 'multiOptions' => self::ROLES]],
                'onsite_contact_id' => $text('Fixed admin contact id'),
                'tech_contact' => ['radio', ['label' => 'Tech contact', 'multiOptions' => self::ROLES]],
                'tech_contact_id' => $text('Fixed tech contact id'),
            ],
        ];
    }

    /**
     * @param array<string, mixed> $options the saved configuration
     * @throws \InvalidArgumentException when the API key or secret is missing or a value is invalid
     */
    public static function settings(array $options): ConnectionSettings
    {
        $text = static fn (string $key): string
            => is_scalar($options[$key] ?? null) ? trim((string) $options[$key]) : '';
        if ($text('api_key') === '' || $text('api_secret') === '') {
            throw new \InvalidArgumentException(
                'The ODR registrar needs its API key and API secret (Domain registration, Registrars, ODR).'
            );
        }

        return new ConnectionSettings(
            $text('api_key'),
            $text('api_secret'),
            $text('api_url'),
            false,
            self::contactChoice($text('onsite_contact'), $text('onsite_contact_id'), 'onsite'),
            self::contactChoice($text('tech_contact'), $text('tech_contact_id'), 'tech'),
            ConnectionSettings::timeoutSeconds($text('request_timeout')),
            ConnectionSettings::requestsPerSecond($text('requests_per_second')),
        );
    }

    /** @return string|array<string, int> the WIT contact-choice */
    private static function contactChoice(string $choice, string $id, string $role): string|array
    {
        return match ($choice) {
            'panel' => 'from-panel',
            'fixed' => ConnectionSettings::fixedContact($id, $role),
            default => 'same-as-registrant',
        };
    }
}
